"""Run the application on uvicorn.

The address is bound first, so that a port in use is one clear error; SIGTERM and Ctrl-C
stop the server gracefully.
"""

from __future__ import annotations

import errno
import logging
import signal
import socket
import sys
from collections.abc import Callable
from types import FrameType

import uvicorn

from prestatiegraaf.serve.app import create_app
from prestatiegraaf.serve.middleware import ACCESS_LOG
from prestatiegraaf.serve.service import ServeError, Service

GRACE_SECONDS = 5


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (port 0: any free port).

    Raises:
        ServeError: the address is taken, not known or not allowed.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as error:
        raise ServeError(
            f"cannot listen on {host}:{port}: unknown host ({error.strerror})"
        ) from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise ServeError(
                f"cannot listen on {host}:{port}: the port is in use (choose another with --port)"
            ) from None
        raise ServeError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    sock.set_inheritable(True)
    return sock


def address(sock: socket.socket) -> str:
    """The address a socket listens on, as a URL."""
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def run(service: Service, sock: socket.socket, announce: Callable[[str], None]) -> None:
    """Serve ``service`` on ``sock`` until SIGTERM or Ctrl-C, then stop gracefully.

    In-flight requests get :data:`GRACE_SECONDS` to finish; queries still running are
    stopped. ``announce`` is told the address once the server listens.
    """
    _access_log(service.settings.access_log)
    config = uvicorn.Config(
        create_app(service),
        log_level="warning",
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=GRACE_SECONDS,
        server_header=False,
    )
    server = _Server(config, service)
    stops: list[int] = []

    def stopped(signum: int, frame: FrameType | None) -> None:
        stops.append(signum)  # uvicorn raises the signal again once it has stopped

    previous = {sig: signal.signal(sig, stopped) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        announce(address(sock))
        server.run(sockets=[sock])
    finally:
        service.runner.close()
        sock.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class _Server(uvicorn.Server):
    """uvicorn's server, ending the running queries as soon as it is told to stop."""

    def __init__(self, config: uvicorn.Config, service: Service) -> None:
        super().__init__(config)
        self.service = service

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        """SIGTERM or Ctrl-C: stop the queries, then stop as uvicorn does."""
        self.service.runner.interrupt()
        super().handle_exit(sig, frame)


def _access_log(enabled: bool) -> None:
    ACCESS_LOG.setLevel(logging.INFO if enabled else logging.ERROR)
    ACCESS_LOG.propagate = False
    if not ACCESS_LOG.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        ACCESS_LOG.addHandler(handler)


__all__ = ["ServeError", "address", "bind", "run"]
