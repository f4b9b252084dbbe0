"""``prestatiegraaf serve`` over HTTP: linked-data pages, the home page, the ontology, the dumps."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import QUERIES, ROOT
from prestatiegraaf.graph.store import load_data
from test_serve_support import (
    ACTION,
    DESCRIPTION,
    PRESTATIE,
    SCRIPT,
    Server,
    build_with_script,
    fetch,
    start_server,
    stop_server,
)

BASE = "https://w3id.org/prestatiegraaf/"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


class Links(HTMLParser):
    """The links, ids and text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "script":
            self.scripts.append(str(found.get("src")))


def parse(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_with_script(tmp_path_factory.mktemp("pages-build"))


@pytest.fixture(scope="module")
def server(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(built, tmp_path_factory.mktemp("pages-log") / "server.log")
    yield running
    assert stop_server(running) == 0


def local(server: Server, iri: str) -> str:
    assert iri.startswith(BASE)
    return server.url + iri[len(BASE) :]


def test_every_iri_of_the_published_turtle_dereferences(server: Server, built: Path) -> None:
    text = (built / "prestaties.ttl").read_text("utf-8")
    iris = sorted(set(re.findall(r"<(https://w3id\.org/prestatiegraaf/[^>]*)>", text)))
    assert len(iris) > 150
    graph = load_data([built / "prestaties.ttl"])
    for iri in iris:
        page = fetch(local(server, iri), accept="text/html")
        assert page.status == 200, iri
        assert page.headers["content-type"].startswith("text/html")
        if "#" in iri:  # an ontology term: the documentation, at the term
            assert iri.split("#")[1] in parse(page.text).ids or not iri.split("#")[1], iri
            continue
        if iri.endswith("/"):  # a namespace (a prefix of the file): the resources under it
            assert "Resources under" in page.text
            continue
        turtle = fetch(local(server, iri), accept="text/turtle")
        assert turtle.status == 200 and turtle.headers["content-type"].startswith("text/turtle")
        stated = {str(t) for t in ox.parse(turtle.body, ox.RdfFormat.TURTLE)}
        expected = {
            str(ox.Triple(q.subject, q.predicate, q.object))
            for q in graph.quads_for_pattern(ox.NamedNode(iri), None, None)
        }
        assert stated == expected, iri


def test_a_resource_by_accept_and_by_suffix(server: Server) -> None:
    url = local(server, PRESTATIE)
    turtle = fetch(url, accept="text/turtle")
    jsonld = fetch(url, accept="application/ld+json")
    ntriples = fetch(url, accept="application/n-triples")
    assert turtle.headers["vary"].startswith("Accept")
    expected = {str(t) for t in ox.parse(turtle.body, ox.RdfFormat.TURTLE)}
    assert len(expected) == 6
    assert {str(t) for t in ox.parse(jsonld.body, ox.RdfFormat.JSON_LD)} == expected
    assert {str(t) for t in ox.parse(ntriples.body, ox.RdfFormat.N_TRIPLES)} == expected
    for suffix, fmt in ((".ttl", ox.RdfFormat.TURTLE), (".jsonld", ox.RdfFormat.JSON_LD),
                        (".nt", ox.RdfFormat.N_TRIPLES)):  # fmt: skip
        reply = fetch(url + suffix, accept="text/html")
        assert reply.status == 200 and reply.headers["content-type"].startswith(fmt.media_type)
        assert {str(t) for t in ox.parse(reply.body, fmt)} == expected
    assert fetch(url, accept="image/png").status == 406
    html = fetch(url, accept="text/html,*/*;q=0.8")
    assert "<h1>5.2.1 Kiezen, leren en werken in de techniek</h1>" in html.text


@pytest.mark.parametrize(
    "path",
    ["id/prestatie/2015-2019/9.9.9", "id/prestatie/2015-2019/9.9.9.ttl", "id/nothing",
     "id/nothing/", "nothing", "def/Actie"],
)  # fmt: skip
def test_unknown_iris_are_404(server: Server, path: str) -> None:
    reply = fetch(server.url + path, accept="text/turtle")
    assert reply.status == 404, path
    assert reply.text.count("\n") == 1
    page = fetch(server.url + path, accept="text/html")
    assert page.status == 404 and "<h1>Not found</h1>" in page.text


def test_a_prestatie_page_shows_its_history_and_leads_to_actions_actors_and_sources(
    server: Server,
) -> None:
    page = fetch(local(server, PRESTATIE), accept="text/html").text
    history = page.split("History over the documents")[1].split("</table>")[0]
    documents = re.findall(r">(Monitor 2016-II|Begroting 2017|Monitor 2019-I)</a>", history)
    assert documents == ["Monitor 2016-II", "Begroting 2017", "Monitor 2019-I"]  # cycle order
    assert "1.532.000" in history and "429.000" in history and "chip-groen" in history
    description = "/" + DESCRIPTION[len(BASE) :]
    assert description in parse(page).links
    described = fetch(server.url + description[1:], accept="text/html").text
    links = parse(described).links
    assert "/" + ACTION[len(BASE) :] in links  # its actions
    assert "/id/organisatie/boost" in links  # its actors
    assert "/id/bron/monitor-2016-ii/002-83e0883af9086c1a-txt" in links  # its source file
    assert "002_83e0883af9086c1a.txt</a>, line 35" in described  # a quote with file and line


def test_text_from_documents_is_escaped_everywhere(server: Server) -> None:
    for iri in (DESCRIPTION, ACTION, ACTION + "/bron/citaat"):
        page = fetch(local(server, iri), accept="text/html")
        assert ESCAPED in page.text and SCRIPT not in page.text, iri
        assert parse(page.text).scripts == [], iri  # no script element at all on a page
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["x-content-type-options"] == "nosniff"


def test_the_home_page(server: Server, built: Path) -> None:
    page = fetch(server.url, accept="text/html").text
    links = parse(page).links
    assert "<h1>Prestaties van de Provincie Overijssel</h1>" in page
    assert re.search(r"<strong>\d,\d{3}</strong> triples", page)
    assert "<strong>2</strong> prestaties" in page and "Kerntaak 5" in page
    assert "/" + PRESTATIE[len(BASE) :] in links
    runs = [link for link in links if link.startswith("/sparql?query=")]
    edits = [link for link in links if link.startswith("/query?example=")]
    examples = sorted(QUERIES.glob("*.rq"))
    assert len(runs) == len(edits) == len(examples)
    for link, path in zip(runs, examples, strict=True):
        assert urllib.parse.unquote(link.removeprefix("/sparql?query=")) == path.read_text("utf-8")
        result = fetch(server.url + link[1:], accept="text/html")
        assert result.status == 200 and '<table class="results">' in result.text, path.name
    for name in ("prestaties.ttl", "prestaties.nt", "prestaties.jsonld", "dataset.ttl"):
        assert "/" + name in links
        assert fetch(server.url + name).body == (built / name).read_bytes()
    assert "/def" in links and "/id/dataset/prestatiegraaf" in links


def test_the_query_form_holds_an_example_to_edit(server: Server) -> None:
    page = fetch(server.url + "query?example=acties").text
    text = (QUERIES / "acties.rq").read_text("utf-8")
    assert text.replace("<", "&lt;").replace(">", "&gt;") in page.replace("&#34;", '"')
    assert fetch(server.url + "query?example=nothing").status == 404


def test_the_ontology_documentation(server: Server) -> None:
    page = fetch(server.url + "def", accept="text/html")
    ids = parse(page.text).ids
    assert {"Prestatie", "Actie", "beschrijft", "begroot"} <= ids
    ontology = (ROOT / "ontology" / "prestatiegraaf.ttl").read_bytes()
    assert fetch(server.url + "def", accept="text/turtle").body == ontology
    assert fetch(server.url + "def.ttl").body == ontology
    jsonld = fetch(server.url + "def.jsonld")
    assert len(list(ox.parse(jsonld.body, ox.RdfFormat.JSON_LD))) == len(
        list(ox.parse(ontology, ox.RdfFormat.TURTLE))
    )


def test_static_files_and_methods(server: Server) -> None:
    css = fetch(server.url + "static/style.css")
    assert css.status == 200 and css.headers["content-type"].startswith("text/css")
    assert fetch(server.url + "static/nothing.css").status == 404
    assert fetch(server.url + "health", method="DELETE").status == 405
