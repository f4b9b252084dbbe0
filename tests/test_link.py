"""``prestatiegraaf link``: reconciliation against a real SPARQL server on 127.0.0.1.

The server is ``oxigraph serve`` loaded with a small Wikidata-shaped fixture written here;
faults (down, slow, 429, a cut answer) come from the proxy of ``store_servers``.
"""

from __future__ import annotations

import http.client
import json
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote_plus

import pyoxigraph as ox
import pytest

from prestatiegraaf.cli import app
from prestatiegraaf.extract.register import RegisteredActor
from prestatiegraaf.link.linkset import (
    ACCEPTED,
    AMBIGUOUS,
    NO_MATCH,
    PROPOSED,
    REJECTED,
    Link,
    link_triples,
    linkset_bytes,
    read_linkset,
    read_linksets,
)
from prestatiegraaf.link.reconcile import candidate_query, run_link, sparql_string
from prestatiegraaf.link.review import ReviewError, apply_review, to_review
from prestatiegraaf.link.subjects import TYPE_CONSTRAINTS, WIKIDATA_ITEMS, kinds_of
from prestatiegraaf.pipeline import BuildOptions, build
from prestatiegraaf.resources import links_dir
from prestatiegraaf.stores.addresses import StoreError
from prestatiegraaf.version import __version__
from store_servers import EXAMPLES, RUNNER, OxigraphServer, Proxy, Seen, free_port, needs_oxigraph

pytestmark = needs_oxigraph

WD = "http://www.wikidata.org/entity/"
ORG = "http://www.w3.org/ns/org#Organization"
FIXTURE = """
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix wdt: <http://www.wikidata.org/prop/direct/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
wd:Q43229 rdfs:label "organization"@en .
wd:Q2385804 rdfs:label "educational institution"@en ; wdt:P279 wd:Q43229 .
wd:Q3918 rdfs:label "university"@en ; wdt:P279 wd:Q2385804 .
wd:Q5 rdfs:label "human"@en .
wd:Q901 rdfs:label "Saxion"@nl , "Saxion University of Applied Sciences"@en ; wdt:P31 wd:Q3918 .
wd:Q902 rdfs:label "Oost-Nederlandse Ontwikkelingsmaatschappij"@nl ;
    skos:altLabel "Oost NL"@nl ; wdt:P31 wd:Q43229 .
wd:Q903 rdfs:label "Kennispark"@nl ; wdt:P31 wd:Q43229 .
wd:Q904 rdfs:label "Kennispark"@en ; wdt:P31 wd:Q43229 .
wd:Q905 rdfs:label "Jan \\"de\\" Vries"@nl ; wdt:P31 wd:Q5 .
wd:Q910 rdfs:label "gedeputeerde van Overijssel"@nl .
wd:Q915 rdfs:label "lid van Provinciale Staten van Overijssel"@nl .
wd:Q911 rdfs:label "Eddy van Hijum"@nl ; wdt:P31 wd:Q5 ; wdt:P39 wd:Q910 .
wd:Q912 rdfs:label "Piet Jansen"@nl ; wdt:P31 wd:Q5 ; wdt:P39 wd:Q915 .
wd:Q913 rdfs:label "Piet Jansen"@nl ; wdt:P31 wd:Q43229 .
wd:Q773 rdfs:label "Overijssel"@nl ; wdt:P31 <{province}> .
wd:Q914 rdfs:label "Twente"@nl ; wdt:P31 wd:Q43229 .
""".format(
    province=WIKIDATA_ITEMS["province of the Netherlands"],
)


def actor(key: str, label: str, *alts: str) -> RegisteredActor:
    iri = f"https://w3id.org/prestatiegraaf/id/organisatie/{key}"
    return RegisteredActor(key, label, (ORG,), tuple(alts), iri)


ACTORS = [
    actor("saxion", "Saxion"),  # exact label, a school
    actor("oost-nl", "Oost NL"),  # alternative label
    actor("kennispark", "Kennispark"),  # two items of the right type
    actor("nergens", "Nergens Bekend"),  # nothing
    actor("jan", 'Jan "de" Vries'),  # found, but a human, not an organisation
]
STATUS = {"saxion": PROPOSED, "oost-nl": PROPOSED, "kennispark": AMBIGUOUS,
          "nergens": NO_MATCH, "jan": NO_MATCH}  # fmt: skip


@pytest.fixture(scope="module")
def wikidata(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    server = OxigraphServer(tmp_path_factory.mktemp("wikidata")).start()
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("POST", "/store?default", FIXTURE.encode(), {"Content-Type": "text/turtle"})
    assert connection.getresponse().status in (200, 201, 204)
    connection.close()
    yield server
    server.stop()


@pytest.fixture
def proxy(wikidata: OxigraphServer) -> Iterator[Proxy]:
    proxy = Proxy(wikidata)
    yield proxy
    proxy.close()


def by_key(folder: Path) -> dict[str, Link]:
    links = [link for links in read_linksets(folder).values() for link in links]
    return {link.subject.rsplit("/", 1)[1]: link for link in links}


def test_each_case_is_decided_and_a_second_run_sends_nothing(tmp_path: Path, proxy: Proxy) -> None:
    run = run_link(tmp_path, endpoint=f"{proxy.url}/query", actors=ACTORS, today="2026-01-02")
    assert run.asked == 5 and len(proxy.seen) == 5
    assert all(s.headers["user-agent"].startswith("prestatiegraaf/") for s in proxy.seen)
    found = by_key(tmp_path)
    assert {key: link.status for key, link in found.items()} == STATUS
    saxion, oost = found["saxion"], found["oost-nl"]
    assert (saxion.obj, saxion.method) == (WD + "Q901", "exact-label")
    assert (oost.obj, oost.method) == (WD + "Q902", "alternative-label")
    assert found["kennispark"].candidates == (WD + "Q903", WD + "Q904")
    assert found["jan"].candidates == (WD + "Q905",)
    assert found["nergens"].candidates == ()
    again = run_link(tmp_path, endpoint=f"{proxy.url}/query", actors=ACTORS)
    assert (again.asked, again.known, len(proxy.seen)) == (0, 5, 5)


def test_the_linkset_is_byte_stable(tmp_path: Path, wikidata: OxigraphServer) -> None:
    for name in ("a", "b"):
        run_link(tmp_path / name, endpoint=f"{wikidata.url}/query", actors=ACTORS[::-1]
                 if name == "b" else ACTORS, today="2026-01-02")  # fmt: skip
    first = (tmp_path / "a" / "wikidata.ttl").read_bytes()
    assert first == (tmp_path / "b" / "wikidata.ttl").read_bytes()
    assert linkset_bytes(read_linkset(tmp_path / "a" / "wikidata.ttl")) == first
    text = first.decode()
    assert "skos:exactMatch" not in text.split("a pg:Koppeling")[0]  # nothing accepted yet
    assert 'pg:koppelstatus "proposed"' in text and 'pg:koppelwijze "exact-label"' in text


def test_labels_are_sent_as_escaped_literals() -> None:
    assert sparql_string('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\nd"'
    query = candidate_query(['x" } DROP ALL #'], TYPE_CONSTRAINTS["organisation"])
    assert '"x\\" } DROP ALL #"@nl' in query and query.rstrip().endswith("LIMIT 50")


def test_a_server_that_is_down(tmp_path: Path) -> None:
    endpoint = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(StoreError, match="cannot reach the store"):
        run_link(tmp_path, endpoint=endpoint, actors=ACTORS, timeout=2)
    assert not (tmp_path / "wikidata.ttl").exists()
    result = RUNNER.invoke(app, ["link", "--links", str(tmp_path), "--endpoint", endpoint])
    assert result.exit_code == 2 and "cannot reach the store" in result.output
    assert "Traceback" not in result.output


def test_a_slow_server_times_out_and_what_was_decided_is_kept(tmp_path: Path, proxy: Proxy) -> None:
    proxy.script = lambda seen: ("sleep", 3) if seen.index == 1 else None
    with pytest.raises(StoreError, match="did not answer within 1 s"):
        run_link(tmp_path, endpoint=f"{proxy.url}/query", actors=ACTORS, timeout=1)
    assert list(by_key(tmp_path)) == ["saxion"]  # decided before the timeout, kept


def test_429_is_asked_again_after_retry_after(tmp_path: Path, proxy: Proxy) -> None:
    def busy(seen: Seen) -> object:
        return ("reply", 429, "slow down", {"Retry-After": "2"}) if seen.index == 0 else None

    proxy.script = busy  # type: ignore[assignment]
    waits: list[float] = []
    run = run_link(tmp_path, endpoint=f"{proxy.url}/query", actors=ACTORS[:1], sleep=waits.append)
    assert waits == [2.0] and len(proxy.seen) == 2 and run.decided == {PROPOSED: 1}


def test_a_cut_answer_decides_nothing(tmp_path: Path, proxy: Proxy) -> None:
    body = json.dumps({"head": {"vars": ["item", "label", "via", "typed"]},
                       "results": {"bindings": []}})  # fmt: skip
    headers = {"Content-Type": "application/sparql-results+json",
               "X-Prestatiegraaf-Truncated": "true"}  # fmt: skip
    proxy.script = lambda seen: ("reply", 200, body, headers)
    with pytest.raises(StoreError, match="incomplete"):
        run_link(tmp_path, endpoint=f"{proxy.url}/query", actors=ACTORS[3:4])
    assert not (tmp_path / "wikidata.ttl").exists()


def test_review_writes_the_decisions_back(tmp_path: Path, wikidata: OxigraphServer) -> None:
    run_link(tmp_path, endpoint=f"{wikidata.url}/query", actors=ACTORS, today="2026-01-02")
    found = by_key(tmp_path)
    ids = {key: link.id for key, link in found.items()}
    assert [link.id for link in to_review(tmp_path)] == sorted(
        ids[k] for k in ("saxion", "oost-nl", "kennispark")
    )
    table = RUNNER.invoke(app, ["link", "--review", "--links", str(tmp_path)])
    assert table.exit_code == 0 and ids["saxion"] in table.output and WD + "Q901" in table.output
    csv = RUNNER.invoke(app, ["link", "--review", "--format", "csv", "--links", str(tmp_path)])
    assert csv.output.splitlines()[0].startswith("id,status,subject,object")
    with pytest.raises(ReviewError, match="not a candidate"):
        apply_review(tmp_path, [f"{ids['kennispark']}={WD}Q1"], [])
    bad = RUNNER.invoke(app, ["link", "--links", str(tmp_path), "--accept", "nope"])
    assert bad.exit_code == 2 and "no link with id nope" in bad.output
    args = ["link", "--links", str(tmp_path), "--accept", ids["saxion"],
            "--accept", f"{ids['kennispark']}={WD}Q904", "--reject", ids["oost-nl"]]  # fmt: skip
    assert RUNNER.invoke(app, args).exit_code == 0
    after = by_key(tmp_path)
    assert after["saxion"].status == ACCEPTED
    assert (after["kennispark"].status, after["kennispark"].obj) == (ACCEPTED, WD + "Q904")
    assert after["kennispark"].method == "manual"
    assert after["oost-nl"].status == REJECTED
    assert to_review(tmp_path) == []
    text = (tmp_path / "wikidata.ttl").read_text()
    assert f"organisatie/saxion> skos:exactMatch <{WD}Q901>" in text


PG = "https://w3id.org/prestatiegraaf/def#"
PROVINCE = "https://identifier.overheid.nl/tooi/id/provincie/pv23"
QUERY = f"""
PREFIX pg: <{PG}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?s ?o ?method ?agent ?date ?confidence ?source WHERE {{
  ?s skos:exactMatch ?o .
  ?k a pg:Koppeling ; rdf:subject ?s ; rdf:object ?o ; pg:koppelstatus "accepted" ;
     pg:koppelwijze ?method ; pg:gekoppeldDoor ?agent ; dcterms:date ?date ;
     pg:koppelzekerheid ?confidence ; dcterms:source ?source .
}} ORDER BY ?s
"""


def published(out: Path) -> list[tuple[str, ...]]:
    store = ox.Store()
    store.bulk_load(path=str(out / "prestaties.ttl"), format=ox.RdfFormat.TURTLE)
    solutions = store.query(QUERY)
    assert isinstance(solutions, ox.QuerySolutions)
    return [tuple(term.value for term in row) for row in solutions]  # type: ignore[union-attr]


def test_accepted_links_are_built_with_their_provenance(
    tmp_path: Path,
    wikidata: OxigraphServer,
    monkeypatch: pytest.MonkeyPatch,  # noqa: F811
) -> None:
    folder = tmp_path / "links"
    folder.mkdir()
    shutil.copy(links_dir() / "seeds.ttl", folder / "seeds.ttl")
    run_link(folder, endpoint=f"{wikidata.url}/query", actors=ACTORS, today="2026-01-02")
    found = by_key(folder)
    apply_review(folder, [found["saxion"].id], [found["oost-nl"].id], today="2026-01-03")
    dead = "http://127.0.0.1:9/query"  # a second run sends nothing: a dead endpoint is fine
    assert run_link(folder, endpoint=dead, actors=ACTORS).asked == 0
    monkeypatch.setattr("prestatiegraaf.graph.links.links_dir", lambda: folder)
    out = tmp_path / "out"
    result = build(BuildOptions(manifest=EXAMPLES / "manifest.csv", out_dir=out, cache=False))
    assert result.validation is None or result.validation.conforms
    saxion = "https://w3id.org/prestatiegraaf/id/organisatie/saxion"
    assert published(out) == [
        (PROVINCE, WD + "Q773", "manual", "manual", "2026-12-08", "1",
         "https://www.wikidata.org/wiki/Q773"),
        (saxion, WD + "Q901", "exact-label", f"prestatiegraaf link {__version__}", "2026-01-03",
         "1", f"{wikidata.url}/query"),
    ]  # fmt: skip
    turtle = (out / "prestaties.ttl").read_text()
    assert "Q902" not in turtle and "kennispark" not in turtle  # rejected and undecided
    assert '"PV23"' in turtle and '"NL-OV"' in turtle
    dataset = (out / "dataset.ttl").read_text()
    assert "/linkset/www-wikidata-org-skos-exactMatch> a void:Linkset" in dataset
    assert (
        "void:triples 2"
        in dataset.split("/linkset/www-wikidata-org-skos-exactMatch> a void:Linkset")[1]
    )
    assert "linkset/tooi-rdf-" not in dataset  # the annotations are no links


def test_a_build_under_another_base_moves_the_own_iris_only() -> None:
    seeds = read_linkset(links_dir() / "seeds.ttl")
    assert {(link.target, link.status) for link in seeds} == {
        ("wikidata", ACCEPTED), ("tooi", ACCEPTED), ("cbs", ACCEPTED),
        ("iso3166-2", ACCEPTED), ("tooi", "needs-review"),
    }  # fmt: skip
    assert linkset_bytes(seeds) == (links_dir() / "seeds.ttl").read_bytes()
    moved = Link(ACTORS[0].iri, "wikidata", ACCEPTED, "manual", "manual", "2026-01-02",
                 Decimal("1"), "https://example.org/src", obj=WD + "Q901")  # fmt: skip
    terms = {term.value for t in link_triples(moved, "https://example.org/pg") for term in t}
    assert "https://example.org/pg/id/organisatie/saxion" in terms and WD + "Q901" in terms
    assert not any(term.startswith("https://w3id.org/prestatiegraaf/id/") for term in terms)


BASE = "https://w3id.org/prestatiegraaf/id/"
GRAPH = f"""
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix pg: <{PG}> .
<{BASE}persoon/eddy-van-hijum> a foaf:Person ; foaf:name "Eddy van Hijum" .
<{BASE}persoon/piet-jansen> a foaf:Person ; foaf:name "Piet Jansen" .
<{BASE}doel/a> pg:gebied <{PROVINCE}> , <{BASE}gebied/twente> .
<{PROVINCE}> skos:prefLabel "Provincie Overijssel"@nl .
<{BASE}gebied/twente> skos:prefLabel "Twente"@nl .
"""


def sent(seen: Seen) -> str:
    """The query of one request, however it was sent (in the URL or the form body)."""
    return unquote_plus(seen.path + " " + seen.body.decode())


@pytest.fixture
def graph(tmp_path: Path) -> Path:
    """A built graph naming two people and two places; the links hold the seeds."""
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "prestaties.ttl").write_text(GRAPH)
    (tmp_path / "links").mkdir()
    shutil.copy(links_dir() / "seeds.ttl", tmp_path / "links" / "seeds.ttl")
    return tmp_path


def test_people_and_places_of_the_graph_are_reconciled_by_type(graph: Path, proxy: Proxy) -> None:
    folder = graph / "links"
    run = run_link(folder, endpoint=f"{proxy.url}/query", kinds=kinds_of(["people", "places"]),
                   data=[graph / "out"], today="2026-01-02")  # fmt: skip
    assert (run.asked, run.known, len(proxy.seen)) == (3, 1, 3)  # the province: decided
    assert all("provincie/pv23" not in sent(s) and "Overijssel" not in sent(s) for s in proxy.seen)
    found = by_key(folder)
    eddy, piet, twente = found["eddy-van-hijum"], found["piet-jansen"], found["twente"]
    assert (eddy.status, eddy.obj, eddy.method) == (PROPOSED, WD + "Q911", "exact-label")
    assert (piet.status, piet.obj) == (NO_MATCH, None)  # a human, but never a gedeputeerde
    assert piet.candidates == (WD + "Q912", WD + "Q913")
    assert (twente.status, twente.candidates) == (NO_MATCH, (WD + "Q914",))  # not a province
    assert found["pv23"].status == ACCEPTED  # the seed, untouched


def test_a_decided_place_sends_no_request(graph: Path, proxy: Proxy) -> None:
    run = run_link(graph / "links", endpoint=f"{proxy.url}/query", kinds=kinds_of(["places"]),
                   data=[graph / "out" / "prestaties.ttl"])  # fmt: skip
    assert (run.asked, run.known) == (1, 1) and len(proxy.seen) == 1
    assert "Twente" in sent(proxy.seen[0]) and "Overijssel" not in sent(proxy.seen[0])


def test_types_people_reconciles_only_people(graph: Path, proxy: Proxy) -> None:
    args = ["link", "--links", str(graph / "links"), "--data", str(graph / "out"),
            "--endpoint", f"{proxy.url}/query", "--types", "people"]  # fmt: skip
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "2 queries sent" in result.output and len(proxy.seen) == 2
    assert {"Eddy van Hijum", "Piet Jansen"} == {
        name for s in proxy.seen for name in ("Eddy van Hijum", "Piet Jansen") if name in sent(s)
    }
    decided = {
        link.subject.rsplit("/", 1)[1] for link in read_linkset(graph / "links" / "wikidata.ttl")
    }
    assert decided == {"eddy-van-hijum", "piet-jansen"}  # no actor of the register, no place
    bad = RUNNER.invoke(app, [*args[:-1], "people,towns"])
    assert bad.exit_code == 2 and "unknown --types towns" in bad.output


def test_build_publishes_the_links_of_the_folder_it_is_given(tmp_path: Path) -> None:
    """``build --links DIR`` reads that folder's linksets instead of the project's."""
    from prestatiegraaf.resources import links_dir

    chosen, empty = tmp_path / "chosen", tmp_path / "empty"
    shutil.copytree(links_dir(), chosen)
    empty.mkdir()
    q773 = "<http://www.wikidata.org/entity/Q773>"
    for folder, expected in ((chosen, True), (empty, False)):
        out = tmp_path / f"out-{folder.name}"
        result = RUNNER.invoke(app, ["build", "--out", str(out), "--links", str(folder)])
        assert result.exit_code == 0, result.output
        assert (q773 in (out / "prestaties.nt").read_text("utf-8")) is expected
    missing = tmp_path / "missing"
    result = RUNNER.invoke(app, ["build", "--out", str(tmp_path / "o"), "--links", str(missing)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {missing}: links folder not found; expected a folder of linksets (*.ttl)"
    ]
