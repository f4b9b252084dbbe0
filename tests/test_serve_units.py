"""The serve package's parts without a server: negotiation, refusals, IRIs, limits, rendering."""

from __future__ import annotations

import asyncio
import math
import time

import pyoxigraph as ox
import pytest

from conftest import QUERIES
from prestatiegraaf.serve.evaluate import evaluate
from prestatiegraaf.serve.home import example_queries, render_home
from prestatiegraaf.serve.negotiation import GRAPH_FORMATS, RESULT_FORMATS, by_name, choose
from prestatiegraaf.serve.pages import render_resource, resource_rdf
from prestatiegraaf.serve.query_runner import Limits, QueryRunner
from prestatiegraaf.serve.site import Site
from prestatiegraaf.serve.sparql_protocol import (
    ProtocolError,
    SparqlRequest,
    check_query,
    named_graphs,
    query_form,
    read_request,
)
from prestatiegraaf.serve.views import Context

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
EX = "https://w3id.org/prestatiegraaf/id/thing/"


def _key(header: str | None, offers: tuple[object, ...] = RESULT_FORMATS) -> str | None:
    chosen = choose(header, offers)  # type: ignore[arg-type]
    return chosen.key if chosen else None


@pytest.mark.parametrize(
    ("header", "results", "graph"),
    [
        (None, "json", "turtle"),
        ("*/*", "json", "turtle"),
        (BROWSER, "html", "html"),
        ("text/csv", "csv", None),
        ("text/csv;q=0.5, application/sparql-results+xml", "xml", None),
        ("text/csv, application/sparql-results+json", "csv", None),
        ("application/n-triples", None, "ntriples"),
        ("application/turtle,text/turtle,text/rdf+n3,application/n-triples", None, "turtle"),
        ("image/png", None, None),
        ("text/*;q=0.1, application/ld+json", "xml", "jsonld"),
        ("application/json;q=0", None, None),
    ],
)
def test_content_negotiation(header: str | None, results: str | None, graph: str | None) -> None:
    assert _key(header) == results
    assert _key(header, GRAPH_FORMATS) == graph


def test_the_format_parameter_names_a_format() -> None:
    assert by_name(["json"], RESULT_FORMATS).key == "json"  # type: ignore[union-attr]
    assert by_name(["json-ld", "application/ld+json"], GRAPH_FORMATS).key == "jsonld"  # type: ignore[union-attr]
    assert by_name(["text/tab-separated-values"], RESULT_FORMATS).key == "tsv"  # type: ignore[union-attr]
    assert by_name(["rdf+xml"], GRAPH_FORMATS) is None


@pytest.mark.parametrize(
    ("query", "form"),
    [
        (
            "PREFIX a: <urn:a#>\n# SELECT\nBASE <urn:b>\nconstruct { ?s ?p ?o } WHERE {}",
            "CONSTRUCT",
        ),
        ("prefix ex: <urn:x> ask {}", "ASK"),
        ("# comment\nINSERT DATA { <urn:a> <urn:b> 'SELECT' }", "INSERT"),
        ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
        ("\\u0053ELECT * {}", "SELECT"),
        ("'SELECT'", None),
    ],
)
def test_query_form(query: str, form: str | None) -> None:
    assert query_form(query) == form


def test_dataset_clauses_are_found_with_their_prefixes() -> None:
    query = (
        "PREFIX g: <http://example.org/graphs/>\nSELECT * FROM g:one FROM NAMED <http://x/two> "
        "WHERE { ?s ?p 'FROM <http://not/this>' } # FROM <http://nor/this>"
    )
    assert named_graphs(query) == [
        ("FROM", "http://example.org/graphs/one"),
        ("FROM NAMED", "http://x/two"),
    ]


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }", 403),
        ("SELECT * WHERE { \\u0053ERVICE <http://x/sparql> { ?s ?p ?o } }", 403),
        ("LOAD SILENT <http://x/data.ttl>", 403),
        ("CLEAR DEFAULT", 403),
        ("SELECT * FROM <http://x/g> WHERE { ?s ?p ?o }", 400),
        ("SELECT * WHERE { ?s <urn:service> 'SERVICE' } # SERVICE", None),
    ],
)
def test_refusals(query: str, status: int | None) -> None:
    if status is None:
        assert check_query(SparqlRequest(query), frozenset()) == "SELECT"
        return
    with pytest.raises(ProtocolError) as refused:
        check_query(SparqlRequest(query), frozenset())
    assert refused.value.status == status and "\n" not in refused.value.message


def test_a_graph_the_dataset_holds_may_be_named() -> None:
    request = SparqlRequest("SELECT * FROM <http://x/g> WHERE { ?s ?p ?o }")
    assert check_query(request, frozenset({"http://x/g"})) == "SELECT"


def test_reading_requests() -> None:
    assert read_request("GET", "", [], b"") is None
    got = read_request("GET", "", [("query", "ASK {}"), ("format", "json")], b"")
    assert got == SparqlRequest("ASK {}", formats=("json",))
    posted = read_request("POST", "application/sparql-query; charset=utf-8", [], b"ASK {}")
    assert posted is not None and posted.query == "ASK {}"
    for method, kind, params, body, status in (
        ("GET", "", [("query", "ASK {}"), ("query", "ASK {}")], b"", 400),
        ("GET", "", [("query", "  ")], b"", 400),
        ("POST", "application/x-www-form-urlencoded", [], b"update=CLEAR+ALL", 403),
        ("POST", "application/sparql-query", [], b"\xff", 400),
        ("POST", "text/plain", [], b"ASK {}", 415),
    ):
        with pytest.raises(ProtocolError) as refused:
            read_request(method, kind, params, body)
        assert refused.value.status == status


def test_site_links_stay_on_the_site_and_never_run_script() -> None:
    site = Site()
    assert site.href(EX + "a b") == "/id/thing/a%20b"
    assert site.href("https://w3id.org/prestatiegraaf/def#Actie") == "/def#Actie"
    assert site.href("http://elsewhere.example/x?y=1#z") == "http://elsewhere.example/x?y=1#z"
    assert site.href("javascript:alert(1)") is None
    assert site.href("data:text/html,<script>") is None
    other = Site(base="http://example.org/pg", root="../../", page_suffix=".html")
    assert other.href("http://example.org/pg/id/prestatie/1") == "../../id/prestatie/1.html"
    assert other.href("https://w3id.org/prestatiegraaf/id/begrip/kleur-rood") == (
        "../../id/begrip/kleur-rood.html"
    )
    assert other.iris_at("id/x%20y")[0] == "http://example.org/pg/id/x%20y"
    assert "http://example.org/pg/id/x y" in other.iris_at("id/x%20y")


def _store() -> ox.Store:
    store = ox.Store()
    thing = ox.NamedNode(EX + "one")
    label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    see = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso")
    for predicate, value in (
        (label, ox.Literal("One <b>bold</b> & <script>alert(1)</script>", language="nl")),
        (see, ox.NamedNode("javascript:alert(2)")),
        (see, ox.NamedNode(EX + "two")),
    ):
        store.add(ox.Quad(thing, predicate, value))
    store.add(ox.Quad(ox.NamedNode(EX + "two"), label, ox.Literal('Two "quoted"')))
    return store


def test_a_resource_page_escapes_text_and_iris() -> None:
    page = render_resource(Context(_store(), Site()), EX + "one")
    assert page is not None
    assert "<script>" not in page and "<b>" not in page
    assert "One &lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript' not in page and "javascript:alert(2)" in page
    assert '<a href="/id/thing/two" title="https://w3id.org/prestatiegraaf/id/thing/two">' in page
    assert "Two &#34;quoted&#34;" in page
    assert render_resource(Context(_store(), Site()), EX + "three") is None
    turtle = resource_rdf(_store(), EX + "one", "turtle")
    assert turtle is not None and len(list(ox.parse(turtle, ox.RdfFormat.TURTLE))) == 3


def test_the_home_page_is_a_pure_function_with_relative_links(seed_store: ox.Store) -> None:
    site = Site(root="../", page_suffix=".html", endpoint=False)
    page = render_home(Context(seed_store, site), example_queries(QUERIES), [])
    assert 'href="../id/prestatie/2015-2019/5.2.1.html"' in page
    assert "sparql" not in page.split("<main>")[1]  # no endpoint to link to


def test_row_limits_cut_solutions_and_triples(seed_store: ox.Store) -> None:
    cut = evaluate(seed_store, "SELECT * WHERE { ?s ?p ?o }", "json", None, 7)
    assert (cut.rows, cut.cut, cut.body.count(b'"s":')) == (7, 7, 7)
    whole = evaluate(seed_store, "SELECT * WHERE { ?s ?p ?o } LIMIT 7", "csv", None, 7)
    assert (whole.rows, whole.cut) == (7, None)
    triples = evaluate(seed_store, "CONSTRUCT WHERE { ?s ?p ?o }", None, "ntriples", 9)
    assert (triples.rows, triples.cut, triples.body.count(b"\n")) == (9, 9, 9)
    with pytest.raises(ProtocolError) as refused:
        evaluate(seed_store, "CONSTRUCT WHERE { ?s ?p ?o }", "json", None, 9)
    assert refused.value.status == 406


def test_the_runner_stops_a_query_at_the_time_limit(seed_store: ox.Store) -> None:
    runner = QueryRunner(seed_store, Limits(timeout=0.5, rows=10), workers=1)
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"

    async def both() -> tuple[object, object]:
        started = time.monotonic()
        with pytest.raises(ProtocolError) as stopped:
            await runner.run(SparqlRequest(cross), "json", None)
        assert time.monotonic() - started < 5
        answer = await runner.run(SparqlRequest("ASK { ?s ?p ?o }"), "json", None)
        return stopped.value.status, answer.body

    assert asyncio.run(both()) == (503, b'{"head":{},"boolean":true}')
    assert Limits().timeout == 30 and Limits().rows == 10_000 and not math.isinf(Limits().timeout)


def test_a_page_shows_the_first_links_to_a_much_linked_resource() -> None:
    store = _store()
    target = ox.NamedNode(EX + "two")
    link = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso")
    for number in range(305):
        store.add(ox.Quad(ox.NamedNode(f"{EX}linker/{number}"), link, target))
    page = render_resource(Context(store, Site()), EX + "two")
    assert page is not None and page.count("rdfs:seeAlso</a>") == 300
    assert "Showing the first 300 links" in page
