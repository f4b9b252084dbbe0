"""Hostile queries and shapes (issue 19): no request the user did not ask for, no traceback,
and no query that runs without end."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from prestatiegraaf.cli import app
from prestatiegraaf.errors import OntologyError, QueryError
from prestatiegraaf.query import run_query
from prestatiegraaf.validate.shapes import load_shapes

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SH = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n"


def invoke(*args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of the command line with ``args``."""
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


class Listener:
    """A TCP listener on 127.0.0.1 that records every byte it is sent."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(5)
        self.port = self.socket.getsockname()[1]
        self.received: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            with connection:
                connection.settimeout(2)
                try:
                    self.received.append(connection.recv(65536))
                except OSError:
                    self.received.append(b"")

    def url(self, path: str = "sparql") -> str:
        """An endpoint IRI on this listener."""
        return f"http://127.0.0.1:{self.port}/{path}"

    def close(self) -> None:
        """Stop listening."""
        self.socket.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A listener that must, in most tests, receive nothing."""
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A small generated graph: 400 subjects with one value each."""
    path = tmp_path / "data.nt"
    path.write_text(
        "".join(f'<http://example.org/s{i}> <http://example.org/p> "{i}" .\n' for i in range(400))
    )
    return path


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def sparql_shape(select: str) -> str:
    """A shapes file with one SHACL-SPARQL constraint on every ex:p subject."""
    return SH + (
        "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ;\n"
        f'  sh:sparql [ sh:select """{select}""" ] .\n'
    )


# 1. no request the user did not ask for ----------------------------------------------------


def test_query_with_service_is_refused_before_anything_is_sent(
    listener: Listener, data: Path, tmp_path: Path
) -> None:
    query = tmp_path / "q.rq"
    query.write_text(f"SELECT * WHERE {{ SERVICE <{listener.url()}> {{ ?s ?p ?o }} }}")
    code, out, err = invoke("query", str(query), "--data", str(data))
    time.sleep(0.2)
    assert listener.received == []
    assert code == 2
    assert one_error_line(err) == (
        f"error: {query}:1: SERVICE <{listener.url()}> would query a remote endpoint; "
        "refused (--allow-service allows it)"
    )
    assert out == ""


@pytest.mark.parametrize(
    "text",
    [
        "PREFIX ex: <http://example.org/>\nSELECT * WHERE {\n  # a comment\n"
        "  ?s ex:p ?o .\n  service silent ex:endpoint { ?s ?p ?o }\n}",
        "SELECT * WHERE { ?s ?p ?o . SERVICE\t?endpoint { ?s ?p ?o } }",
        "SELECT * WHERE { { ?s ?p ?o } UNION { SeRvIcE <http://x.example/> { ?s ?p ?o } } }",
    ],
)
def test_service_is_found_in_any_spelling(text: str) -> None:
    from prestatiegraaf.query import refuse_remote_access

    with pytest.raises(QueryError, match="SERVICE .* would query a remote endpoint"):
        refuse_remote_access(text)


def test_service_in_strings_iris_and_comments_is_not_a_service(data: Path) -> None:
    from prestatiegraaf.query import refuse_remote_access

    text = (
        "PREFIX service: <http://example.org/service#>\n"
        "# SERVICE <http://127.0.0.1:1/> in a comment\n"
        'SELECT ?s WHERE { ?s <http://example.org/SERVICE> ?o . FILTER(?o != "SERVICE <x> {}") '
        "FILTER(?o != '''SERVICE''') }"
    )
    refuse_remote_access(text)
    assert run_query(text, ox.Store()).rows == ()


def test_allowed_service_that_fails_is_one_line(listener: Listener, data: Path, tmp_path: Path):
    query = tmp_path / "q.rq"
    query.write_text(f"SELECT * WHERE {{ SERVICE <{listener.url()}> {{ ?s ?p ?o }} }}")
    code, _, err = invoke("query", str(query), "--data", str(data), "--allow-service")
    assert code == 2
    assert one_error_line(err).startswith(f"error: {query}: the query failed: ")
    assert listener.received and listener.received[0].startswith(b"POST /sparql ")


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_validate_refuses_service_in_a_sparql_constraint(
    engine: str, listener: Listener, data: Path, tmp_path: Path
) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        sparql_shape(f"SELECT $this WHERE {{ SERVICE <{listener.url()}> {{ $this ?p ?o }} }}")
    )
    code, out, err = invoke("validate", str(data), "--shapes", str(shapes), "--engine", engine)
    time.sleep(0.2)
    assert listener.received == []
    assert code == 2
    assert one_error_line(err) == (
        f"error: {shapes}: shape http://example.org/S: SERVICE <{listener.url()}> "
        "would query a remote endpoint; refused (--allow-service allows it)"
    )


def test_build_refuses_service_in_a_sparql_constraint(listener: Listener, tmp_path: Path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        sparql_shape(f"SELECT $this WHERE {{ SERVICE <{listener.url()}> {{ $this ?p ?o }} }}")
    )
    out = tmp_path / "out"
    code, _, err = invoke(
        "build", "--manifest", str(EXAMPLES / "manifest.csv"), "--out", str(out),
        "--shapes", str(shapes), "--no-cache", "--jobs", "1", "--quiet",
    )  # fmt: skip
    time.sleep(0.2)
    assert listener.received == []
    assert code == 2
    assert "SERVICE" in one_error_line(err)
    assert not (out / "prestaties.ttl").exists()


def test_load_shapes_refuses_service() -> None:
    with pytest.raises(OntologyError, match="SERVICE <http://x.example/> would query"):
        text = sparql_shape("SELECT $this WHERE { SERVICE <http://x.example/> { $this ?p ?o } }")
        path = Path(os.environ.get("TMPDIR", "/tmp")) / f"svc-{os.getpid()}.ttl"
        path.write_text(text)
        try:
            load_shapes(path)
        finally:
            path.unlink()


# 2. bad input is one line, never a traceback -----------------------------------------------


def test_build_with_a_base_that_is_no_iri(tmp_path: Path) -> None:
    code, _, err = invoke("build", "--base", "not an iri", "--out", str(tmp_path / "out"))
    assert code == 2
    assert one_error_line(err) == (
        "error: --base 'not an iri' is not an absolute IRI (e.g. https://w3id.org/prestatiegraaf)"
    )


def test_validate_output_in_a_missing_folder(data: Path) -> None:
    code, _, err = invoke("validate", str(data), "-o", "/missing/dir/x")
    assert code == 2
    assert one_error_line(err).startswith("error: /missing/dir/x: cannot write the report: ")


def test_malformed_shapes_with_pyshacl(data: Path, tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SH + "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:minCount ex:x .\n")
    code, _, err = invoke("validate", str(data), "--shapes", str(shapes), "--engine", "pyshacl")
    assert code == 2
    line = one_error_line(err)
    assert line.startswith(f"error: {shapes}: shapes not usable by pySHACL: ")


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_invalid_pattern_refuses_the_shapes(engine: str, data: Path, tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        SH + "ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ;\n"
        '  sh:property [ sh:path ex:p ; sh:pattern "^(ab" ] .\n'
    )
    code, out, err = invoke("validate", str(data), "--shapes", str(shapes), "--engine", engine)
    assert code == 2
    line = one_error_line(err)
    assert line.startswith(f"error: {shapes}: shape _:")
    assert line.endswith(": sh:pattern '^(ab' is not a valid regular expression")
    assert out == ""


# 3. a time limit ---------------------------------------------------------------------------

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_query_timeout(data: Path, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text(CROSS_JOIN)
    start = time.monotonic()
    code, out, err = invoke("query", str(query), "--data", str(data), "--timeout", "1")
    assert time.monotonic() - start < 4
    assert code == 2
    assert one_error_line(err) == f"error: {query}: the query ran longer than 1 s (--timeout)"
    assert out == ""


def test_query_within_the_timeout_prints_its_rows(data: Path, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    code, out, _ = invoke("query", str(query), "--data", str(data), "--timeout", "5", "-f", "csv")
    assert code == 0
    assert out.splitlines() == ["n", "400"]


def test_validate_timeout(data: Path, tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        sparql_shape(
            "SELECT $this WHERE { $this ?p ?o . ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . "
            'FILTER(STR(?o) = CONCAT(STR(?c), STR(?f), STR(?i), "-")) }'
        )
    )
    start = time.monotonic()
    code, out, err = invoke("validate", str(data), "--shapes", str(shapes), "--timeout", "1")
    assert time.monotonic() - start < 4
    assert code == 2
    assert one_error_line(err) == (
        f"error: {shapes}: shape http://example.org/S: its SPARQL query ran longer than 1 s "
        "(--timeout)"
    )


def test_ctrl_c_stops_a_query_cleanly(data: Path, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text(CROSS_JOIN)
    process = subprocess.Popen(
        [sys.executable, "-m", "prestatiegraaf", "query", str(query), "--data", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)  # started, and in the query
    process.send_signal(signal.SIGINT)
    try:
        out, err = process.communicate(timeout=3)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail("the query went on after Ctrl-C")
    assert process.returncode == 130
    assert one_error_line(err) == "error: interrupted"
    assert out == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_results_that_cannot_be_written_are_an_error_not_exit_0(data: Path, fmt: str) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "prestatiegraaf", "query", str(ROOT / "queries" / "budget.rq"),
             "--data", str(data), "--format", fmt],
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=60,
        )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == "error: cannot write the results: No space left on device\n"
