"""The query files against a real Oxigraph server: the same answers as local data."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import test_push
from prestatiegraaf.errors import QueryError
from prestatiegraaf.graph.store import load_data
from prestatiegraaf.query import format_table, read_query, run_query, serialize_results
from prestatiegraaf.stores.addresses import StoreError
from prestatiegraaf.stores.client import Credentials
from prestatiegraaf.stores.remote_query import (
    ResultCut,
    query_endpoint,
    run_remote_query,
    write_remote_results,
)
from prestatiegraaf.version import __version__
from store_servers import (
    OXIGRAPH,
    PASSWORD,
    OxigraphServer,
    Proxy,
    Seen,
    free_port,
    needs_oxigraph,
    push,
    swap,
)

reduced_build = test_push.reduced_build  # the fixture: the example build without a document
ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
pytestmark = needs_oxigraph


@pytest.fixture(scope="module")
def build_folder(seed_build: object) -> Path:
    return seed_build.files[0].parent  # type: ignore[attr-defined, no-any-return]


@pytest.fixture(scope="module")
def store(build_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """An Oxigraph server with the example build pushed into it."""
    assert OXIGRAPH.exists()
    server = OxigraphServer(tmp_path_factory.mktemp("remote-store")).start()
    code, output = push(build_folder, server.url)
    assert code == 0, output
    yield server
    server.stop()


@pytest.fixture
def proxy(store: OxigraphServer) -> Iterator[Proxy]:
    running = Proxy(store)
    yield running
    running.close()


@pytest.mark.parametrize("query", QUERIES, ids=lambda path: path.stem)
def test_each_query_answers_remotely_as_it_does_locally(
    query: Path, store: OxigraphServer, build_folder: Path
) -> None:
    text = read_query(query)
    local = load_data([build_folder])
    answer = run_remote_query(text, f"{store.url}/query", source=query)
    assert answer.cut is None
    expected = run_query(text, local, source=query)
    assert expected.rows, "a query that finds nothing compares nothing"
    assert answer.result() == expected
    assert answer.rows == len(expected.rows)
    for fmt in ("csv", "tsv", "json"):
        written = io.BytesIO()
        write_remote_results(answer, fmt, written, source=query)
        assert written.getvalue() == serialize_results(text, local, fmt, source=query), fmt
    table = io.BytesIO()
    write_remote_results(answer, "table", table, source=query)
    assert table.getvalue().decode() == format_table(expected) + "\n"


def test_the_done_criterion_also_after_a_push_killed_half_way(
    build_folder: Path, reduced_build: Path, tmp_path: Path
) -> None:
    """Remote answers = local answers of the published build, before and after a re-run."""
    texts = [read_query(ROOT / "queries" / name) for name in ("budget.rq", "acties.rq")]
    full = [run_query(text, load_data([build_folder])) for text in texts]
    reduced = [run_query(text, load_data([reduced_build])) for text in texts]
    assert full[1] != reduced[1]
    server = OxigraphServer(tmp_path / "store").start()
    proxy = Proxy(server)
    endpoint = f"{server.url}/query"
    try:
        proxy.script = lambda seen: ("kill",) if swap(seen) else None
        code, output = push(build_folder, proxy.url, "--store", "oxigraph")
        assert code == 2 and "run push again" in output
        server.start()
        with pytest.raises(StoreError, match="holds no published graph yet"):
            run_remote_query(texts[0], endpoint)
        proxy.script = lambda seen: None
        assert push(reduced_build, proxy.url, "--store", "oxigraph")[0] == 0
        proxy.script = lambda seen: ("kill",) if swap(seen) else None
        assert push(build_folder, proxy.url, "--store", "oxigraph")[0] == 2
        server.start()  # the temporary graphs of the full build are in the store now
        assert [run_remote_query(t, endpoint).result() for t in texts] == reduced
        proxy.script = lambda seen: None
        assert push(build_folder, proxy.url, "--store", "oxigraph")[0] == 0
        assert [run_remote_query(t, endpoint).result() for t in texts] == full
    finally:
        proxy.close()
        server.stop()


def _with_header(name: str, value: str) -> object:
    def forward(proxy: Proxy) -> None:
        original = proxy.forward

        def added(*args: object) -> tuple[int, list[tuple[str, str]], bytes]:
            status, headers, body = original(*args)  # type: ignore[arg-type]
            return status, [*headers, (name, value)], body

        proxy.forward = added  # type: ignore[method-assign]

    return forward


@pytest.mark.parametrize(
    ("header", "value", "reason"),
    [
        ("X-SPARQL-MaxRows", "13", "the store returns at most 13 rows (header x-sparql-maxrows)"),
        ("X-Prestatiegraaf-Truncated", "rows=13", "prestatiegraaf serve cut it"),
        ("X-SQL-State", "S1TAT", "the store gave a partial answer"),
    ],
)
def test_a_result_the_store_cut_short_is_reported_never_taken_as_complete(
    proxy: Proxy, header: str, value: str, reason: str
) -> None:
    _with_header(header, value)(proxy)  # type: ignore[operator]
    text = read_query(ROOT / "queries" / "acties.rq")
    answer = run_remote_query(text, f"{proxy.url}/query")
    assert answer.cut is not None and reason in answer.cut
    written = io.BytesIO()
    with pytest.raises(ResultCut, match="the result is incomplete") as cut:
        write_remote_results(answer, "csv", written)
    assert cut.value.exit_code == 2
    assert written.getvalue().count(b"\n") == 14  # the rows were written all the same


def test_a_known_row_limit_reached_is_a_cut(store: OxigraphServer) -> None:
    text = read_query(ROOT / "queries" / "acties.rq")
    assert run_remote_query(text, f"{store.url}/query", expect_max_rows=14).cut is None
    cut = run_remote_query(text, f"{store.url}/query", expect_max_rows=13).cut
    assert cut == "the store returns at most 13 rows (--expect-max-rows)"


def test_retry_after_and_the_user_agent(proxy: Proxy) -> None:
    busy: list[int] = []

    def script(seen: Seen) -> tuple[object, ...] | None:
        if len(busy) < 2:
            busy.append(seen.index)
            return ("reply", 503 if busy[-1] == 0 else 429, "busy", {"Retry-After": "0"})
        return None

    proxy.script = script
    waits: list[float] = []
    text = read_query(ROOT / "queries" / "budget.rq")
    answer = run_remote_query(text, f"{proxy.url}/query", sleep=waits.append)
    assert answer.rows == 1 and waits == [0.0, 0.0] and len(proxy.seen) == 4  # manifest, query
    assert {seen.headers["user-agent"] for seen in proxy.seen} == {f"prestatiegraaf/{__version__}"}
    proxy.seen.clear()
    proxy.script = lambda seen: ("reply", 503, "down for maintenance", {"Retry-After": "7"})
    waits.clear()
    with pytest.raises(StoreError, match="503 Service Unavailable: down for maintenance"):
        run_remote_query(text, f"{proxy.url}/query", sleep=waits.append)
    assert waits == [7.0, 7.0, 7.0] and len(proxy.seen) == 4


def test_errors_are_one_line(store: OxigraphServer, proxy: Proxy) -> None:
    text = read_query(ROOT / "queries" / "budget.rq")
    with pytest.raises(StoreError, match="cannot reach the store at http://127.0.0.1:"):
        run_remote_query(text, f"http://127.0.0.1:{free_port()}/query")
    with pytest.raises(StoreError, match="400 Bad Request: ") as bad:
        run_remote_query("SELECT * WHERE { ?s ?p }", f"{store.url}/query")
    assert "\n" not in str(bad.value)
    with pytest.raises(StoreError, match="404 Not Found"):
        run_remote_query(text, f"{store.url}/nowhere")
    with pytest.raises(QueryError, match="only SELECT queries"):
        run_remote_query("CONSTRUCT WHERE { ?s ?p ?o }", f"{store.url}/query")
    with pytest.raises(QueryError, match="would make the store query a remote endpoint; refused"):
        run_remote_query(
            "SELECT * WHERE { SERVICE <http://elsewhere.example/sparql> { ?s ?p ?o } }",
            f"{store.url}/query",
        )
    proxy.script = lambda seen: ("sleep", 2.5)
    with pytest.raises(StoreError, match="did not answer within 1 s"):
        run_remote_query(text, f"{proxy.url}/query", timeout=1)


def test_credentials_are_sent_and_never_shown(proxy: Proxy) -> None:
    import base64

    proxy.required_auth = "Basic " + base64.b64encode(f"reader:{PASSWORD}".encode()).decode()
    text = read_query(ROOT / "queries" / "budget.rq")
    good = Credentials("reader", PASSWORD)
    assert run_remote_query(text, f"{proxy.url}/query", credentials=good).rows == 1
    wrong = Credentials("reader", "wrong-" + PASSWORD)
    with pytest.raises(StoreError) as refused:
        run_remote_query(text, f"{proxy.url}/query", credentials=wrong)
    assert "401 Unauthorized" in str(refused.value) and PASSWORD not in str(refused.value)


def test_query_endpoint_writes_what_a_local_query_writes(
    store: OxigraphServer, build_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = ROOT / "queries" / "kleurscores.rq"
    local = serialize_results(read_query(query), load_data([build_folder]), "csv", source=query)
    written = io.BytesIO()
    query_endpoint(query, f"{store.url}/query", "csv", written)
    assert written.getvalue() == local
    monkeypatch.setenv("READER_PASSWORD", PASSWORD)  # the store asks for none: it is sent unasked
    written = io.BytesIO()
    query_endpoint(
        query, f"{store.url}/query", "csv", written, user="reader", password_env="READER_PASSWORD"
    )
    assert written.getvalue() == local
    with pytest.raises(StoreError, match="NO_SUCH_VARIABLE .--password-env. is not set"):
        query_endpoint(
            query,
            f"{store.url}/query",
            "csv",
            io.BytesIO(),
            user="r",
            password_env="NO_SUCH_VARIABLE",
        )
    with pytest.raises(QueryError, match="query file not found"):
        query_endpoint(ROOT / "queries" / "nothing.rq", f"{store.url}/query", "csv", io.BytesIO())


def test_blank_node_labels_a_store_invents_are_read(proxy: Proxy) -> None:
    answer = (
        '{"head":{"vars":["x","y"]},"results":{"bindings":['
        '{"x":{"type":"bnode","value":"nodeID://b10006"},"y":{"type":"literal","value":"a"}},'
        '{"x":{"type":"bnode","value":"nodeID://b10006"},"y":{"type":"literal","value":"b"}}]}}'
    )
    headers = {"Content-Type": "application/sparql-results+json"}
    proxy.script = lambda seen: ("reply", 200, answer, headers)
    found = run_remote_query(
        "SELECT ?x ?y WHERE { ?x ?p ?y }", f"{proxy.url}/query", published_only=False
    )
    rows = found.result().rows
    assert [y for _, y in rows] == ["a", "b"] and rows[0][0] == rows[1][0]  # one node


def test_the_query_command_at_an_endpoint_prints_what_it_prints_locally(
    store: OxigraphServer, build_folder: Path
) -> None:
    """``query Q --endpoint URL/query`` = ``query Q --data DIR``, byte for byte, every format."""
    query = ROOT / "queries" / "budget.rq"
    for fmt in ("table", "csv", "json"):
        local = _cli("query", str(query), "--data", str(build_folder), "--format", fmt)
        remote = _cli("query", str(query), "--endpoint", f"{store.url}/query", "--format", fmt)
        assert local.returncode == remote.returncode == 0, remote.stderr
        assert remote.stdout == local.stdout and local.stdout.strip(), fmt


def test_data_and_endpoint_together_are_a_usage_error(store: OxigraphServer) -> None:
    query = ROOT / "queries" / "budget.rq"
    done = _cli("query", str(query), "--data", "output", "--endpoint", f"{store.url}/query")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "error: --data and --endpoint exclude each other: query one or the other"
    ]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "prestatiegraaf", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
