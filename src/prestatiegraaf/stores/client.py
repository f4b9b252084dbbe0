"""A small HTTP client for a SPARQL store: Graph Store Protocol, SPARQL Update and Query.

Every request has a timeout; HTTPS certificates are verified; a store that answers 429 or
503 is asked again after its ``Retry-After`` (a bounded number of times). Every failure is a
:class:`~prestatiegraaf.stores.addresses.StoreError` of one line that says what was being
done and what the store answered (its status and the first line of its body), never the
password.
"""

from __future__ import annotations

import email.utils
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox

from prestatiegraaf.stores.addresses import Addresses, StoreError
from prestatiegraaf.version import __version__

USER_AGENT = f"prestatiegraaf/{__version__}"
NTRIPLES = "application/n-triples"
RETRIES = 3  # times a request answered 429 or 503 is sent again
LONGEST_WAIT = 60.0  # seconds waited at most for one Retry-After
_BODY_SHOWN = 200  # characters of a store's answer shown in an error


@dataclass(frozen=True)
class Credentials:
    """A user (may be empty for a bearer token) and a password or token."""

    user: str
    password: str


def credentials_from_env(user: str | None, password_env: str | None) -> Credentials | None:
    """The credentials named on the command line; the password from the environment.

    Raises:
        StoreError: only a user was given, or the variable is not set. The password itself
            is never part of a message.

    """
    if user is None and password_env is None:
        return None
    if password_env is None:
        raise StoreError(
            "--user needs --password-env, the environment variable holding the password"
        )
    password = os.environ.get(password_env)
    if not password:
        raise StoreError(f"the environment variable {password_env} (--password-env) is not set")
    return Credentials(user or "", password)


class StoreClient:
    """Requests to one store; use as a context manager."""

    def __init__(
        self,
        addresses: Addresses,
        *,
        credentials: Credentials | None = None,
        timeout: float = 60.0,
        retries: int = RETRIES,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.addresses = addresses
        self.timeout = timeout
        self.retries = retries
        self.sleep = sleep
        self.secret = credentials.password if credentials else None
        headers = {"User-Agent": USER_AGENT}
        auth: httpx.Auth | None = None
        if credentials is not None:
            if addresses.auth == "bearer":
                headers["Authorization"] = f"Bearer {credentials.password}"
            elif addresses.auth == "digest":
                auth = httpx.DigestAuth(credentials.user, credentials.password)
            else:
                auth = httpx.BasicAuth(credentials.user, credentials.password)
        self.http = httpx.Client(
            auth=auth,
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 15.0)),
            verify=True,
            follow_redirects=False,
        )

    def __enter__(self) -> StoreClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.close()

    # Graph Store Protocol

    def get_graph(self, name: str) -> tuple[bytes, ox.RdfFormat] | None:
        """The triples of graph ``name`` and their format; None when the store has no such graph."""
        response = self._send(
            "GET",
            self.addresses.graph_store,
            f"reading graph <{name}>",
            params={"graph": name},
            headers={"Accept": f"{NTRIPLES}, text/turtle;q=0.9"},
            missing_ok=True,
        )
        if response is None:
            return None
        media = response.headers.get("content-type", NTRIPLES).split(";")[0].strip()
        fmt = ox.RdfFormat.from_media_type(media)
        if fmt is None:
            raise StoreError(f"reading graph <{name}>: the store answered in {media!r}, not RDF")
        return response.content, fmt

    def put_graph(self, name: str, body: bytes) -> None:
        """Replace graph ``name`` by the N-Triples ``body``."""
        self._send_graph("PUT", name, body)

    def post_graph(self, name: str, body: bytes) -> None:
        """Add the N-Triples ``body`` to graph ``name``."""
        self._send_graph("POST", name, body)

    def _send_graph(self, method: str, name: str, body: bytes) -> None:
        self._send(
            method,
            self.addresses.graph_store,
            f"sending graph <{name}>",
            params={"graph": name},
            content=body,
            headers={"Content-Type": NTRIPLES},
        )

    # SPARQL 1.1 Update and Query

    def update(self, text: str, what: str) -> None:
        """Run the SPARQL Update ``text`` (one request: one transaction in most stores)."""
        self._send(
            "POST",
            self.addresses.update,
            what,
            content=text.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update"},
        )

    def select(self, query: str, what: str) -> list[list[object]]:
        """The rows of the SELECT ``query``."""
        response = self._send(
            "POST",
            self.addresses.query,
            what,
            data={"query": query},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert response is not None
        try:
            solutions = ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as exc:
            message = f"{what}: the store's answer is not SPARQL JSON results ({exc})"
            raise StoreError(message) from None
        if not isinstance(solutions, ox.QuerySolutions):
            raise StoreError(f"{what}: the store answered a boolean, not rows")
        return [list(solution) for solution in solutions]

    # sending

    def _send(
        self,
        method: str,
        url: str,
        what: str,
        *,
        params: dict[str, str] | None = None,
        content: bytes | None = None,
        data: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        missing_ok: bool = False,
    ) -> httpx.Response | None:
        """Send one request, again after ``Retry-After`` on 429 and 503; the response."""
        for attempt in range(self.retries + 1):
            try:
                response = self.http.request(
                    method, url, params=params, content=content, data=data, headers=headers
                )
            except httpx.TimeoutException:
                raise self._error(
                    f"{what}: the store did not answer within {self.timeout:g} s (--timeout)"
                ) from None
            except httpx.ConnectError as exc:
                raise self._error(f"cannot connect to the store at {_where(url)}: {exc}") from None
            except (httpx.TransportError, httpx.DecodingError) as exc:
                raise self._error(
                    f"{what}: the connection to the store at {_where(url)} broke off ({exc})"
                ) from None
            status = response.status_code
            if status in (429, 503) and attempt < self.retries:
                self.sleep(retry_after(response.headers.get("retry-after")))
                continue
            if status == 404 and missing_ok:
                return None
            if status >= 300:
                raise self._error(f"{what}: {_refusal(response)}")
            return response
        raise AssertionError("unreachable")  # the last attempt returns or raises

    def _error(self, message: str) -> StoreError:
        """A one-line error, with the password blanked out wherever it might show."""
        line = " ".join(message.split())
        if self.secret:
            line = line.replace(self.secret, "***")
        return StoreError(line)


def retry_after(value: str | None, *, now: float | None = None) -> float:
    """Seconds to wait for a ``Retry-After`` header (seconds or an HTTP date), bounded."""
    if value is None:
        return 1.0
    value = value.strip()
    if value.isdigit():
        return min(float(value), LONGEST_WAIT)
    try:
        when = email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return 1.0
    return max(0.0, min(when - (time.time() if now is None else now), LONGEST_WAIT))


def _refusal(response: httpx.Response) -> str:
    """What the store answered: status, reason and the first line of its body."""
    status = f"the store answered {response.status_code} {response.reason_phrase}".rstrip()
    if response.status_code in (401, 403):
        status += " (check --user and the password in --password-env)"
    if response.status_code == 429 or response.status_code == 503:
        status += f" (still, after {RETRIES} tries)"
    try:
        body = response.text
    except (UnicodeDecodeError, LookupError):
        body = ""
    first = next((line.strip() for line in body.splitlines() if line.strip()), "")
    first = "".join(c for c in first if c.isprintable())[:_BODY_SHOWN]
    return f"{status}: {first}" if first else status


def _where(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
