"""``prestatiegraaf serve`` on the command line: exit codes, one-line errors, graceful stops."""

from __future__ import annotations

import signal
import socket
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prestatiegraaf.cli import app
from prestatiegraaf.pipeline import BuildResult
from test_serve_support import CROSS_JOIN, Reply, fetch, start_server

RUNNER = CliRunner()


def _fails(args: list[str], expected: str) -> None:
    result = RUNNER.invoke(app, ["serve", *args])
    output = result.output.strip()
    assert result.exit_code == 2, output
    assert output.startswith("error: ") and "\n" not in output, output
    assert expected in output and "Traceback" not in output


def test_a_missing_folder(tmp_path: Path) -> None:
    _fails([str(tmp_path / "nothing"), "--port", "0"], "data not found")


def test_a_folder_without_a_graph(tmp_path: Path) -> None:
    _fails([str(tmp_path), "--port", "0"], "folder holds no .ttl file; build into it first")
    (tmp_path / "prestaties.ttl").write_text("")
    _fails([str(tmp_path), "--port", "0"], "the graph is empty")


def test_a_port_in_use(seed_build: BuildResult) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        port = str(taken.getsockname()[1])
        _fails([str(seed_build.files[0].parent), "--port", port], "the port is in use")
    finally:
        taken.close()


def test_a_base_the_graph_was_not_built_with(seed_build: BuildResult) -> None:
    folder = str(seed_build.files[0].parent)
    _fails([folder, "--port", "0", "--base", "http://example.org/other"], "no resource of the")
    _fails([folder, "--port", "0", "--base", "not an iri"], "is not an absolute IRI")


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_the_server_gracefully_with_exit_code_0(
    seed_build: BuildResult, tmp_path: Path, stop: signal.Signals
) -> None:
    log = tmp_path / "server.log"
    server = start_server(seed_build.files[0].parent, log, "--timeout", "30")
    assert server.url.startswith("http://127.0.0.1:")
    replies: list[Reply] = []
    query = urllib.parse.urlencode({"query": CROSS_JOIN})
    running = threading.Thread(target=lambda: replies.append(fetch(f"{server.url}sparql?{query}")))
    running.start()
    deadline = time.monotonic() + 10
    while not Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children").read_text():
        assert time.monotonic() < deadline, "the query did not start"
        time.sleep(0.05)
    child = int(Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children").read_text())
    started = time.monotonic()
    server.process.send_signal(stop)
    assert server.process.wait(20) == 0
    assert time.monotonic() - started < 5  # not the query's 30 s
    running.join(10)
    assert not Path(f"/proc/{child}").exists()  # the query's process was stopped too
    assert replies[0].status == 503 and replies[0].text == (
        "the server is stopping; the query was not finished\n"
    )
    assert server.process.stdout is not None
    server.process.stdout.close()
    text = log.read_text()
    assert text.rstrip().endswith("stopped") and "Traceback" not in text, text


def test_serve_has_help_with_an_example_and_is_in_the_readme() -> None:
    result = RUNNER.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output
    for option in ("--host", "--port", "--base", "--timeout", "--max-rows", "--workers"):
        assert option in result.output
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    assert "prestatiegraaf serve" in readme and "docs/serving.md" in readme
