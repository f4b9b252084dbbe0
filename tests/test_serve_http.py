"""``prestatiegraaf serve`` over HTTP on 127.0.0.1: the SPARQL protocol, its refusals and limits.

One server runs for the module, on a build of the example corpus in which a source quote holds
a ``<script>`` element; it stops a query after 2 s and cuts answers at 100 rows.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from xml.dom.minidom import Document

import pyoxigraph as ox
import pytest
from SPARQLWrapper import CSV, JSON, JSONLD, N3, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from conftest import QUERIES
from prestatiegraaf.graph.store import load_data
from prestatiegraaf.query import run_query, serialize_results
from test_serve_support import (
    ACTION,
    CROSS_JOIN,
    PRESTATIE,
    SCRIPT,
    Reply,
    Server,
    build_with_script,
    fetch,
    start_server,
    stop_server,
)

ROW_LIMIT = 100
TIME_LIMIT = 2


def ask(server: Server, query: str, accept: str = "application/sparql-results+json") -> Reply:
    """GET /sparql?query=…"""
    return fetch(server.url + "sparql?" + urllib.parse.urlencode({"query": query}), accept=accept)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_with_script(tmp_path_factory.mktemp("serve-build"))


@pytest.fixture(scope="module")
def store(built: Path) -> ox.Store:
    """The graph as ``prestatiegraaf query --data`` reads the folder."""
    return load_data([built])


@pytest.fixture(scope="module")
def server(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    log = tmp_path_factory.mktemp("serve-log") / "server.log"
    running = start_server(
        built, log, "--timeout", str(TIME_LIMIT), "--max-rows", str(ROW_LIMIT), "--workers", "2"
    )
    yield running
    assert stop_server(running) == 0


def wrapper(server: Server, query: str, fmt: str, *, conneg: bool = False) -> SPARQLWrapper:
    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setOnlyConneg(conneg)
    return client


# --- SELECT and ASK results -----------------------------------------------------------------


def test_select_in_every_results_format_with_sparqlwrapper(server: Server, store: ox.Store) -> None:
    text = (QUERIES / "acties.rq").read_text("utf-8")
    expected = run_query(text, store)
    assert len(expected.rows) > 5

    found = wrapper(server, text, JSON).query().convert()
    assert isinstance(found, dict)
    assert tuple(found["head"]["vars"]) == expected.columns
    rows = [tuple(b[c]["value"] for c in expected.columns) for b in found["results"]["bindings"]]
    assert tuple(rows) == expected.rows

    document = wrapper(server, text, XML, conneg=True).query().convert()
    assert isinstance(document, Document)
    results = document.getElementsByTagName("result")
    assert len(results) == len(expected.rows)
    first = {
        b.getAttribute("name"): b.firstChild.firstChild.data  # type: ignore[union-attr]
        for b in results[0].getElementsByTagName("binding")
    }
    assert tuple(first[c] for c in expected.columns) == expected.rows[0]

    for fmt, delimiter in ((CSV, ","), (TSV, "\t")):
        reply = wrapper(server, text, fmt, conneg=True).query()
        assert reply.info()["content-type"].startswith(
            "text/csv" if fmt == CSV else "text/tab-separated-values"
        )
        body = reply.convert()
        assert isinstance(body, bytes)
        table = list(csv.reader(io.StringIO(body.decode("utf-8")), delimiter=delimiter))
        assert len(table) == len(expected.rows) + 1
        if fmt == CSV:
            assert tuple(table[0]) == expected.columns
            assert [tuple(r) for r in table[1:]] == list(expected.rows)
        else:
            assert tuple(table[0]) == tuple(f"?{c}" for c in expected.columns)


@pytest.mark.parametrize("name", sorted(p.stem for p in QUERIES.glob("*.rq")))
def test_each_example_query_gives_the_rows_of_the_query_command(
    server: Server, store: ox.Store, name: str
) -> None:
    text = (QUERIES / f"{name}.rq").read_text("utf-8")
    expected = run_query(text, store)
    found = wrapper(server, text, JSON).query().convert()
    assert isinstance(found, dict)
    rows = tuple(
        tuple(b[c]["value"] if c in b else "" for c in expected.columns)
        for b in found["results"]["bindings"]
    )
    assert rows == expected.rows
    # byte for byte what `prestatiegraaf query --format csv` prints
    assert ask(server, text, "text/csv").body == serialize_results(text, store, "csv")


def test_ask_gives_a_boolean(server: Server) -> None:
    found = wrapper(server, f"ASK {{ <{PRESTATIE}> ?p ?o }}", JSON).query().convert()
    assert found == {"head": {}, "boolean": True}
    reply = ask(server, "ASK { <urn:x:nothing> ?p ?o }", "application/sparql-results+xml")
    assert reply.status == 200 and b"<boolean>false</boolean>" in reply.body


def test_get_form_post_and_direct_post_give_the_same_answer(server: Server) -> None:
    query = f"SELECT ?p ?o WHERE {{ <{PRESTATIE}> ?p ?o }} ORDER BY ?p ?o"
    accept = "application/sparql-results+json"
    by_get = ask(server, query, accept)
    by_form = fetch(server.url + "sparql", accept=accept,
                    data=urllib.parse.urlencode({"query": query}).encode(),
                    headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    direct = fetch(server.url + "sparql", accept=accept, data=query.encode(),
                   headers={"Content-Type": "application/sparql-query"})  # fmt: skip
    assert by_get.status == by_form.status == direct.status == 200
    assert by_get.body == by_form.body == direct.body
    assert len(json.loads(by_get.body)["results"]["bindings"]) == 6


# --- CONSTRUCT and DESCRIBE -------------------------------------------------------------------


def test_construct_in_turtle_ntriples_and_jsonld(server: Server, store: ox.Store) -> None:
    query = f"CONSTRUCT {{ <{PRESTATIE}> ?p ?o }} WHERE {{ <{PRESTATIE}> ?p ?o }}"
    expected = {(str(q.subject), str(q.predicate), str(q.object))
                for q in store.quads_for_pattern(ox.NamedNode(PRESTATIE), None, None)}  # fmt: skip

    def triples(data: bytes, fmt: ox.RdfFormat) -> set[tuple[str, str, str]]:
        return {(str(t.subject), str(t.predicate), str(t.object)) for t in ox.parse(data, fmt)}

    turtle = wrapper(server, query, TURTLE, conneg=True).query()
    assert turtle.info()["content-type"].startswith("text/turtle")
    assert triples(turtle.convert(), ox.RdfFormat.TURTLE) == expected  # type: ignore[arg-type]

    client = wrapper(server, query, N3, conneg=True)
    client.addCustomHttpHeader("Accept", "application/n-triples")
    ntriples = client.query()
    assert ntriples.info()["content-type"].startswith("application/n-triples")
    assert triples(ntriples.convert(), ox.RdfFormat.N_TRIPLES) == expected  # type: ignore[arg-type]

    jsonld = wrapper(server, query, JSONLD).query()
    assert jsonld.info()["content-type"].startswith("application/ld+json")
    assert triples(jsonld.response.read(), ox.RdfFormat.JSON_LD) == expected

    describe = ask(server, f"DESCRIBE <{PRESTATIE}>", "text/turtle")
    assert describe.status == 200
    assert triples(describe.body, ox.RdfFormat.TURTLE) == expected


# --- Refusals: before anything is evaluated or fetched ---------------------------------------


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A socket on 127.0.0.1 that records whether anyone connected."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    sock.settimeout(0.3)
    yield sock
    sock.close()


def _nobody_came(sock: socket.socket) -> bool:
    try:
        connection, _ = sock.accept()
    except TimeoutError:
        return True
    connection.close()
    return False


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        (
            "SELECT * WHERE {{ SERVICE <{remote}> {{ ?s ?p ?o }} }}",
            403,
            "SERVICE <http://127.0.0.1",
        ),
        ("LOAD <{remote}>", 403, "LOAD <http://127.0.0.1"),
        ("INSERT DATA {{ <urn:a> <urn:b> <urn:c> }}", 403, "read-only"),
        ("DELETE WHERE {{ ?s ?p ?o }}", 403, "read-only"),
        ("SELECT * FROM <{remote}> WHERE {{ ?s ?p ?o }}", 400, "FROM <http://127.0.0.1"),
        ("SELECT * FROM NAMED <{remote}> WHERE {{ ?s ?p ?o }}", 400, "FROM NAMED"),
    ],
)
def test_updates_load_service_and_foreign_graphs_are_refused_before_any_request(
    server: Server, listener: socket.socket, query: str, status: int, words: str
) -> None:
    remote = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    reply = ask(server, query.format(remote=remote), "application/sparql-results+json")
    assert reply.status == status
    assert words in reply.text and reply.text.count("\n") == 1, reply.text
    assert reply.headers["content-type"].startswith("text/plain")
    assert _nobody_came(listener)


def test_update_requests_and_graph_parameters_are_refused(server: Server) -> None:
    endpoint = server.url + "sparql"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    update = urllib.parse.urlencode({"update": "CLEAR ALL"}).encode()
    assert fetch(endpoint, data=update, headers=form).status == 403
    direct = {"Content-Type": "application/sparql-update"}
    assert fetch(endpoint, data=b"CLEAR ALL", headers=direct).status == 403
    plain = {"Content-Type": "text/plain"}
    assert fetch(endpoint, data=b"SELECT * {}", headers=plain).status == 415
    query = urllib.parse.urlencode(
        {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "http://example.org/g"}
    )
    reply = fetch(endpoint + "?" + query)
    assert reply.status == 400 and "default-graph-uri <http://example.org/g>" in reply.text


def test_a_syntax_error_is_a_400_with_the_parsers_message(server: Server) -> None:
    reply = ask(server, "SELECT ?s WHERE { ?s ?p }")
    assert reply.status == 400 and reply.text.startswith("not valid SPARQL: error at 1:")
    with pytest.raises(QueryBadFormed):
        wrapper(server, "SELECT ?s WHERE { ?s ?p }", JSON).query()


def test_an_unacceptable_format_is_a_406(server: Server) -> None:
    assert ask(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "image/png").status == 406
    reply = ask(server, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "text/csv")
    assert reply.status == 406 and "CONSTRUCT" in reply.text


# --- Limits -----------------------------------------------------------------------------------


def _children(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()


def test_a_query_past_the_time_limit_is_stopped_and_the_server_answers_on(server: Server) -> None:
    started = time.monotonic()
    reply = ask(server, CROSS_JOIN)
    took = time.monotonic() - started
    assert reply.status == 503
    assert f"longer than the time limit of {TIME_LIMIT} s" in reply.text
    assert TIME_LIMIT <= took < TIME_LIMIT + 8
    assert _children(server.process.pid) == []  # the query's process was killed
    after = ask(server, f"ASK {{ <{PRESTATIE}> ?p ?o }}")
    assert after.status == 200 and json.loads(after.body)["boolean"] is True


def test_answers_longer_than_the_row_limit_are_cut_and_say_so(server: Server) -> None:
    reply = ask(server, "SELECT * WHERE { ?s ?p ?o }")
    assert reply.headers["x-prestatiegraaf-truncated"] == f"rows={ROW_LIMIT}"
    assert len(json.loads(reply.body)["results"]["bindings"]) == ROW_LIMIT
    graph = ask(server, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert graph.headers["x-prestatiegraaf-truncated"] == f"triples={ROW_LIMIT}"
    assert len(graph.body.decode().strip().splitlines()) == ROW_LIMIT
    page = ask(server, "SELECT * WHERE { ?s ?p ?o }", "text/html")
    assert page.headers["x-prestatiegraaf-truncated"] == f"rows={ROW_LIMIT}"
    assert f"The answer was cut at {ROW_LIMIT} rows" in page.text
    whole = ask(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 5")
    assert "x-prestatiegraaf-truncated" not in whole.headers


# --- The rest of the protocol: HTML, CORS, health, log ----------------------------------------


def test_a_browser_gets_the_results_as_a_page_with_text_escaped(server: Server) -> None:
    query = f"SELECT ?text WHERE {{ <{ACTION}> <https://w3id.org/prestatiegraaf/def#tekst> ?text }}"
    page = ask(server, query, "text/html,application/xhtml+xml,*/*;q=0.8")
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text and SCRIPT not in page.text
    assert "1 rows" in page.text  # and the form holds the query to edit
    assert '<textarea name="query"' in page.text and "tekst&gt; ?text" in page.text


def test_cross_origin_requests_are_allowed(server: Server) -> None:
    origin = {"Origin": "http://elsewhere.example"}
    query = urllib.parse.urlencode({"query": "ASK {}"})
    reply = fetch(server.url + "sparql?" + query, headers=origin)
    assert reply.headers["access-control-allow-origin"] == "*"
    assert "x-prestatiegraaf-truncated" in reply.headers["access-control-expose-headers"].lower()
    preflight = fetch(server.url + "sparql", method="OPTIONS", headers={
        **origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    })  # fmt: skip
    assert preflight.status == 200 and "POST" in preflight.headers["access-control-allow-methods"]


def test_health_and_access_log(server: Server, store: ox.Store) -> None:
    reply = fetch(server.url + "health")
    assert reply.status == 200 and json.loads(reply.body)["status"] == "ok"
    assert json.loads(reply.body)["triples"] > 1000
    deadline = time.monotonic() + 5
    while '"GET /health HTTP/1.1" 200' not in server.log.read_text():
        assert time.monotonic() < deadline, server.log.read_text()
        time.sleep(0.05)
    assert "Traceback" not in server.log.read_text()


def test_a_query_without_query_is_a_400_and_a_browser_gets_the_form(server: Server) -> None:
    assert fetch(server.url + "sparql").status == 400
    form = fetch(server.url + "sparql", accept="text/html")
    assert form.status == 200 and 'id="query-form"' in form.text
