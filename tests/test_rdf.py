"""Stage 3: IRIs are stable and shared across documents; every fact carries its provenance."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from conftest import EXAMPLES, SEEDS
from prestatiegraaf.extract.extracted import extract_document
from prestatiegraaf.graph import coalition_period, graph_triples
from prestatiegraaf.model import DocumentInfo, DocumentKind
from prestatiegraaf.pipeline import BuildResult
from prestatiegraaf.sources import load_source

BASE = "https://w3id.org/prestatiegraaf"
PG = "https://w3id.org/prestatiegraaf/def#"


@pytest.mark.parametrize(
    ("year", "period"),
    [
        (2012, "2011-2015"),
        (2015, "2011-2015"),
        (2016, "2015-2019"),
        (2019, "2015-2019"),
        (2020, "2019-2023"),
        (2023, "2019-2023"),
        (2024, "2023-2027"),
        (None, "onbekend"),
    ],
)
def test_coalition_period(year: int | None, period: str) -> None:
    assert coalition_period(year) == period


def _ask(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    prefixes = f"PREFIX pg: <{PG}> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    result = store.query(prefixes + query)
    assert isinstance(result, ox.QuerySolutions)
    return [tuple(s[v].value for v in result.variables) for s in result]


def test_one_prestatie_three_descriptions(seed_store: ox.Store) -> None:
    rows = _ask(seed_store, "SELECT ?p (COUNT(?d) AS ?n) WHERE { ?d pg:beschrijft ?p } GROUP BY ?p")
    assert rows == [(f"{BASE}/id/prestatie/2015-2019/5.2.1", "3")]


def test_actor_is_one_resource_across_spellings(seed_store: ox.Store) -> None:
    rows = _ask(
        seed_store,
        "SELECT DISTINCT ?a WHERE { ?d pg:betrokkenActor ?a . ?a skos:notation 'techyourfuture' }",
    )
    assert rows == [(f"{BASE}/id/organisatie/techyourfuture",)]
    describing = _ask(seed_store, f"SELECT ?d WHERE {{ ?d pg:betrokkenActor <{rows[0][0]}> }}")
    assert len(describing) == 2  # TechYourFuture (Begroting 2017), TechyourFuture (Monitor 2019-I)


def test_renumbered_code_in_other_period_is_another_prestatie() -> None:
    early = load_source(SEEDS["markdown"])
    later = load_source(
        SEEDS["markdown"],
        document=DocumentInfo("Monitor 2021-II", DocumentKind.MONITOR, 2021, "II"),
    )
    triples = graph_triples([extract_document(early), extract_document(later)], BASE)
    prestaties = {t.object.value for t in triples if t.predicate.value == PG + "beschrijft"}
    assert prestaties == {
        f"{BASE}/id/prestatie/2015-2019/5.2.1",
        f"{BASE}/id/prestatie/2019-2023/5.2.1",
    }


FACT_CLASSES = [
    "Prestatiebeschrijving",
    "Actie",
    "Doel",
    "Vermelding",
    "Kleurscore",
    "Toelichting",
    "Besluitverwijzing",
    "Basisinformatie",
    "Bedragvermelding",
]


@pytest.mark.parametrize("cls", FACT_CLASSES)
def test_every_fact_has_document_and_exact_source_text(cls: str, seed_store: ox.Store) -> None:
    rows = _ask(
        seed_store,
        f"""
        PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?fact ?doc ?exact WHERE {{
          ?fact a pg:{cls} .
          OPTIONAL {{ ?fact prov:wasDerivedFrom ?doc }}
          OPTIONAL {{ ?fact pg:bron/oa:hasSelector/oa:exact ?exact }}
        }}""",
    )
    assert rows, f"no {cls} in the seed graph"
    for fact, doc, exact in rows:
        assert doc.startswith(f"{BASE}/id/document/"), fact
        assert exact.strip(), fact


def test_quote_offsets_point_into_the_source_file(seed_store: ox.Store) -> None:
    rows = _ask(
        seed_store,
        """
        PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?file ?exact ?start ?end WHERE {
          ?r oa:hasSource/dcterms:title ?file ; oa:hasSelector ?s .
          ?s oa:exact ?exact ; oa:start ?start ; oa:end ?end . }""",
    )
    assert len(rows) > 40
    for file, exact, start, end in rows:
        text = (EXAMPLES / file).read_text("utf-8")
        assert text[int(start) : int(end)] == exact


def test_budget_is_a_data_cube_observation(seed_store: ox.Store) -> None:
    rows = _ask(
        seed_store,
        """
        PREFIX qb: <http://purl.org/linked-data/cube#>
        SELECT ?ds ?b ?s ?r WHERE { ?o a qb:Observation ; qb:dataSet ?ds ;
          pg:begroot ?b ; pg:besteed ?s ; pg:ruimte ?r }""",
    )
    assert rows == [(f"{BASE}/id/dataset/lasten", "1532000", "429000", "1103000")]


def test_base_iri_is_configurable() -> None:
    doc = extract_document(load_source(SEEDS["markdown"]))
    triples = graph_triples([doc], "https://data.example.org/pc")
    subjects = {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)}
    assert "https://data.example.org/pc/id/prestatie/2015-2019/5.2.1" in subjects
    assert not any(s.startswith(BASE + "/id/prestatie") for s in subjects)


def test_turtle_and_ntriples_are_the_same_graph(seed_build: BuildResult) -> None:
    folder = seed_build.files[0].parent
    turtle = rdflib.Graph().parse(folder / "prestaties.ttl", format="turtle")
    ntriples = rdflib.Graph().parse(folder / "prestaties.nt", format="nt")
    assert len(turtle) == seed_build.triples
    assert isomorphic(turtle, ntriples)


def test_no_blank_nodes(seed_build: BuildResult) -> None:
    text = Path(seed_build.files[1]).read_text("utf-8")
    assert "_:" not in text
