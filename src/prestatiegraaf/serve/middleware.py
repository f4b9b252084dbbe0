"""ASGI middleware: one access-log line per request, errors as one line, security headers."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ACCESS_LOG = logging.getLogger("prestatiegraaf.serve.access")
MAX_TARGET = 160
POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


class AccessLog:
    """Logs ``client "METHOD target" status bytes time`` for every request.

    An error the application did not expect becomes a 500 with a one-line body and one log
    line naming it, never a traceback.
    """

    def __init__(self, app: ASGIApp, enabled: bool = True) -> None:
        self.app = app
        self.enabled = enabled

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request, logging it."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.monotonic()
        state: dict[str, Any] = {"status": 0, "bytes": 0}

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
            elif message["type"] == "http.response.body":
                state["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except asyncio.CancelledError:  # the server stops and gave up waiting for this request
            ACCESS_LOG.warning("error: a request was cut off as the server stopped")
        except Exception as error:  # noqa: BLE001 - a bug: one line and a 500
            ACCESS_LOG.error("error: internal error (%s: %s)", type(error).__name__, error)
            if not state["status"]:
                await _internal_error(sending)
        finally:
            if self.enabled:
                ACCESS_LOG.info(
                    '%s "%s %s HTTP/%s" %s %s %.0fms',
                    _client(scope), scope["method"], _target(scope),
                    scope.get("http_version", "1.1"), state["status"] or "-", state["bytes"],
                    1000 * (time.monotonic() - started),
                )  # fmt: skip


async def _internal_error(send: Send) -> None:
    body = b"internal error: this is a bug in prestatiegraaf; the server log names it\n"
    await send({
        "type": "http.response.start", "status": 500,
        "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode())],
    })  # fmt: skip
    await send({"type": "http.response.body", "body": body})


def _client(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "-"


def _target(scope: Scope) -> str:
    target = str(scope.get("raw_path", b"").decode("latin-1") or scope.get("path", ""))
    if scope.get("query_string"):
        target += "?" + scope["query_string"].decode("latin-1")
    target = target.replace('"', "%22")
    return target if len(target) <= MAX_TARGET else target[: MAX_TARGET - 1] + "…"


class SecurityHeaders:
    """Pages load nothing from elsewhere and no browser guesses a response's type."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request, adding the headers to its response."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"content-security-policy", POLICY.encode()))
                headers.append((b"referrer-policy", b"same-origin"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, sending)
