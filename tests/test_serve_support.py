"""Helpers the serve and browser tests share; no tests here.

A build with a ``<script>`` in a source quote, a ``prestatiegraaf serve`` process on a free
port, and plain HTTP requests.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import EXAMPLES
from prestatiegraaf.pipeline import BuildOptions, build

SCRIPT = "<script>alert(1)</script>"
PRESTATIE = "https://w3id.org/prestatiegraaf/id/prestatie/2015-2019/5.2.1"
DESCRIPTION = "https://w3id.org/prestatiegraaf/id/prestatiebeschrijving/monitor-2016-ii/5.2.1"
ACTION = DESCRIPTION + "/actie/3"
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@dataclass(frozen=True)
class Server:
    """A running ``prestatiegraaf serve``: its process, address and log file."""

    process: subprocess.Popen[str]
    url: str
    log: Path


def build_with_script(target: Path) -> Path:
    """The example corpus, with a ``<script>`` element in an action's text, built into target."""
    corpus = target / "corpus"
    shutil.copytree(EXAMPLES, corpus)
    source = corpus / "002_83e0883af9086c1a.txt"
    text = source.read_text("utf-8")
    assert "3. Herijking Techniekpactafspraken" in text
    source.write_text(text.replace("3. Herijking ", f"3. Herijking {SCRIPT} "), "utf-8")
    out = target / "out"
    build(BuildOptions(manifest=corpus / "manifest.csv", out_dir=out))
    return out


def start_server(folder: Path, log: Path, *options: str) -> Server:
    """``prestatiegraaf serve folder --port 0 options``, once it listens."""
    command = [sys.executable, "-m", "prestatiegraaf", "serve", str(folder), "--port", "0"]
    errors = log.open("w")
    process = subprocess.Popen(
        [*command, *options], stdout=subprocess.PIPE, stderr=errors, text=True
    )
    errors.close()
    assert process.stdout is not None
    first: list[str] = []
    reader = threading.Thread(target=lambda: first.append(process.stdout.readline()))  # type: ignore[union-attr]
    reader.start()
    reader.join(60)
    line = first[0] if first else ""
    if " at http://" not in line:
        process.kill()
        process.wait()
        pytest.fail(f"the server did not start: {line!r} {log.read_text()}")
    url = line.split(" at ", 1)[1].split(" ", 1)[0]
    return Server(process, url, log)


def stop_server(server: Server) -> int:
    """SIGTERM, and the exit code."""
    server.process.send_signal(signal.SIGTERM)
    try:
        return server.process.wait(20)
    finally:
        if server.process.poll() is None:
            server.process.kill()
        if server.process.stdout:
            server.process.stdout.close()


@dataclass(frozen=True)
class Reply:
    """An HTTP response."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def fetch(
    url: str,
    *,
    accept: str | None = None,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
) -> Reply:
    """One request; HTTP errors are replies too."""
    request = urllib.request.Request(url, data=data, headers=dict(headers or {}), method=method)
    if accept is not None:
        request.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Reply(response.status, {k.lower(): v for k, v in response.headers.items()},
                         response.read())  # fmt: skip
    except urllib.error.HTTPError as error:
        return Reply(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())
