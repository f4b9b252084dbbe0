"""Real SPARQL stores for the push and remote-query tests: Oxigraph server and a fault proxy.

The server (``oxigraph serve`` from the PyPI package ``oxigraph``) is started on 127.0.0.1;
faults are injected by a small proxy in front of it that kills the server, drops the
connection, answers an error or waits, at a chosen request.
"""

from __future__ import annotations

import base64
import http.client
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from prestatiegraaf.cli import app
from prestatiegraaf.stores.push import PUSH

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
RUNNER = CliRunner()
OXIGRAPH = Path(sys.executable).with_name("oxigraph")
PASSWORD = "hunter2-do-not-show"

needs_oxigraph = pytest.mark.skipif(
    shutil.which(str(OXIGRAPH)) is None,
    reason="the oxigraph server is not installed: pip install -e '.[test]'",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class OxigraphServer:
    """``oxigraph serve`` on 127.0.0.1, on a folder that outlives a restart."""

    def __init__(self, location: Path) -> None:
        self.location = location
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> OxigraphServer:
        self.process = subprocess.Popen(
            [str(OXIGRAPH), "serve", "--location", str(self.location),
             "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                assert self.process.poll() is None, "oxigraph serve ended at once"
                time.sleep(0.05)
        raise AssertionError("oxigraph serve did not start")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def dump(self, published: bool = False) -> set[str]:
        """Every quad the store holds, blank nodes labelled by RDFC-1.0, as N-Quads lines.

        ``published``: only the manifest and the graphs it lists as published.
        """
        quads = _get(self.url, "/store", "application/n-quads").encode()
        found = list(ox.parse(quads, format=ox.RdfFormat.N_QUADS))
        if published:
            listed = {q.object for q in found if q.predicate.value == f"{PUSH}graph"}
            listed |= {q.graph_name for q in found if q.predicate.value == f"{PUSH}graph"}
            found = [
                q for q in found
                if q.graph_name in listed and q.predicate.value != f"{PUSH}pending"
            ]  # fmt: skip
        dataset = ox.Dataset(found)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        written = ox.serialize(dataset, format=ox.RdfFormat.N_QUADS)
        assert written is not None
        return set(written.decode().splitlines())

    def graph(self, name: str) -> bytes | None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request(
            "GET", f"/store?graph={name}", headers={"Accept": "application/n-triples"}
        )
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return body if response.status == 200 else None


def _get(url: str, path: str, accept: str) -> str:
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=20)
    connection.request("GET", path, headers={"Accept": accept})
    body = connection.getresponse().read().decode("utf-8")
    connection.close()
    return body


@dataclass
class Seen:
    """One request the proxy received."""

    index: int
    method: str
    path: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


Action = tuple[object, ...] | None  # None: forward
Script = Callable[[Seen], Action]


class _QuietServer(ThreadingHTTPServer):
    """Says nothing of a client that went away before its answer (a timeout under test)."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@dataclass
class Proxy:
    """An HTTP proxy on 127.0.0.1 that forwards to a backend or does what ``script`` says.

    Actions: None (forward), ("reply", status, body, headers), ("drop",) (close without an
    answer), ("kill",) (kill the backend, then drop), ("forward-kill",) (forward, then kill
    the backend and drop the answer), ("sleep", seconds) (wait, then forward).
    """

    backend: OxigraphServer
    script: Script = lambda seen: None  # noqa: E731
    seen: list[Seen] = field(default_factory=list)
    required_auth: str | None = None  # answer 401, echoing the header, to anything else
    auths: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {name.lower(): value for name, value in self.headers.items()}
                seen = Seen(len(proxy.seen), self.command, self.path, body, headers)
                proxy.seen.append(seen)
                given = self.headers.get("Authorization", "")
                proxy.auths.append(given)
                action = proxy.script(seen)
                if proxy.required_auth is not None and given != proxy.required_auth:
                    shown = base64.b64decode(given.removeprefix("Basic ") or b"").decode()
                    action = ("reply", 401, f"not allowed: {shown}", {})
                if action is not None and action[0] == "reply":
                    _, status, text, headers = action
                    payload = str(text).encode()
                    self.send_response(int(str(status)))
                    for name, value in dict(headers).items():  # type: ignore[call-overload]
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                if action is not None and action[0] in ("drop", "kill"):
                    if action[0] == "kill":
                        proxy.backend.kill()
                    self.close_connection = True
                    return
                if action is not None and action[0] == "sleep":
                    time.sleep(float(str(action[1])))
                status, headers, answer = proxy.forward(self.command, self.path, body, self.headers)
                if action is not None and action[0] == "forward-kill":
                    proxy.backend.kill()
                    self.close_connection = True
                    return
                self.send_response(status)
                for name, value in headers:
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            do_GET = do_PUT = do_POST = do_DELETE = _handle  # noqa: N815

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def forward(
        self, method: str, path: str, body: bytes, headers: object
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.backend.port, timeout=30)
        sent = {
            name: value
            for name, value in headers.items()  # type: ignore[attr-defined]
            if name.lower() in ("content-type", "accept", "authorization")
        }
        connection.request(method, path, body=body or None, headers=sent)
        response = connection.getresponse()
        answer = response.read()
        connection.close()
        return response.status, response.getheaders(), answer

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def push(
    folder: Path, endpoint: str, *options: str, env: dict[str, str] | None = None
) -> tuple[int, str]:
    result = RUNNER.invoke(app, ["push", str(folder), "--endpoint", endpoint, *options], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output.strip()


def one_error_line(output: str) -> str:
    assert output.startswith("error: ") and "\n" not in output, output
    return output


def sends(seen: Seen) -> bool:
    return seen.method == "POST" and seen.path.startswith("/store")


def reads_back(seen: Seen) -> bool:
    return seen.method == "GET" and "%2F.push-" in seen.path


def swap(seen: Seen) -> bool:
    """The update that swaps the graphs in: the one that writes the manifest's list."""
    return seen.method == "POST" and f"<{PUSH}graph>".encode() in seen.body
