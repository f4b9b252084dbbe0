"""The fact-kind seam: each kind's declarations agree with the ontology, the shapes and its code."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, SH

from prestatiegraaf.extract.extracted import ExtractedDocument, extract_document
from prestatiegraaf.extract.kinds import Draft, fact_kinds
from prestatiegraaf.extract.layout import Block
from prestatiegraaf.extract.section import _read_block
from prestatiegraaf.graph import build_store
from prestatiegraaf.graph.build import graph_triples
from prestatiegraaf.graph.description import Context
from prestatiegraaf.graph.iris import IriMinter
from prestatiegraaf.graph.kinds import graph_kinds
from prestatiegraaf.graph.terms import Triples
from prestatiegraaf.model import Channel, DocumentInfo, Element, ElementKind, Line, PrestatieSection
from prestatiegraaf.namespaces import PG_IRI
from prestatiegraaf.report import section_fields
from prestatiegraaf.resources import ontology_file, shapes_dir
from prestatiegraaf.sources import load_source
from prestatiegraaf.sources.labels import _FIELDS, _SECTIONS
from prestatiegraaf.sources.manifest import read_manifest
from prestatiegraaf.validate.result import _CONTEXT

DATA = Path(__file__).resolve().parent / "data" / "sources"
PSEUDO_BLOCKS = {"intro", "score"}  # blocks that no label opens: the text before the first
# label, and the colours under a score label


@pytest.fixture(scope="module")
def documents() -> list[ExtractedDocument]:
    return [
        extract_document(load_source(entry.path, document=entry.document))
        for entry in read_manifest(DATA / "manifest.csv")
    ]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_file())


@pytest.fixture(scope="module")
def shapes() -> Graph:
    graph = Graph()
    for path in sorted(shapes_dir().glob("*.ttl")):
        graph.parse(path)
    return graph


def test_every_fact_kind_has_its_graph_module() -> None:
    assert [k.name for k in graph_kinds()] == [k.name for k in fact_kinds()]
    assert [k.name for k in fact_kinds()][:3] == ["narrative", "actions", "actors"]


def test_kinds_read_only_labels_the_lexicon_knows() -> None:
    for kind in fact_kinds():
        assert set(kind.blocks) <= set(_SECTIONS) | PSEUDO_BLOCKS, kind.name
        assert set(kind.fields) <= set(_FIELDS) | {"reserve"}, kind.name


@pytest.mark.parametrize("kind", graph_kinds(), ids=lambda kind: kind.name)
def test_declared_terms_are_in_the_ontology_and_the_shapes(
    kind: object, ontology: Graph, shapes: Graph
) -> None:
    properties = {OWL.ObjectProperty, OWL.DatatypeProperty}
    paths = set(shapes.objects(None, SH.path))
    targets = set(shapes.objects(None, SH.targetClass))
    for name in kind.properties:  # type: ignore[attr-defined]
        term = URIRef(PG_IRI + name)
        assert properties & set(ontology.objects(term, RDF.type)), f"pg:{name} not a property"
        assert term in paths, f"no shape constrains pg:{name}"
    for name in kind.classes:  # type: ignore[attr-defined]
        term = URIRef(PG_IRI + name)
        assert (term, RDF.type, OWL.Class) in ontology, f"pg:{name} not a class"
        assert term in targets, f"no shape targets pg:{name}"
    assert set(kind.parts) <= set(kind.properties)  # type: ignore[attr-defined]


def test_each_kind_states_only_what_it_declares(documents: list[ExtractedDocument]) -> None:
    iris = IriMinter("https://example.org/pg")
    stated: dict[str, tuple[set[str], set[str]]] = {k.name: (set(), set()) for k in graph_kinds()}
    for doc in documents:
        for section in doc.sections:
            ctx = Context(iris, f"https://example.org/pg/d/{section.code}", "https://e/doc",
                          "https://e/src", "https://e/p", "2015-2019", doc.source.text)  # fmt: skip
            for kind in graph_kinds():
                out = Triples()
                kind.map(section, ctx, out)
                properties, classes = stated[kind.name]
                for triple in out.items:
                    predicate = triple.predicate.value
                    if predicate.startswith(PG_IRI):
                        properties.add(predicate.removeprefix(PG_IRI))
                    elif predicate == str(RDF.type) and triple.object.value.startswith(PG_IRI):
                        classes.add(triple.object.value.removeprefix(PG_IRI))
    provenance = {"bron", "regel"}  # stated for every fact by Triples.provenance
    for kind in graph_kinds():
        properties, classes = stated[kind.name]
        assert properties, f"{kind.name}: the test corpus exercises nothing of it"
        assert properties - provenance <= set(kind.properties), kind.name
        assert classes <= set(kind.classes), kind.name


def test_every_owned_fact_finds_its_prestatie(documents: list[ExtractedDocument]) -> None:
    """A fact below a description must be reachable by the report's owner path (its ``parts``)."""
    store = build_store(graph_triples(documents))
    owner = next(pattern for names, pattern in _CONTEXT if names == ("code",))
    rows = store.query(
        f"""PREFIX pg: <{PG_IRI}>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?focus ?class WHERE {{
          ?d a pg:Prestatiebeschrijving . ?focus a ?class .
          FILTER(STRSTARTS(STR(?class), "{PG_IRI}"))
          FILTER(STRSTARTS(STR(?focus), CONCAT(STR(?d), "/")))
          FILTER NOT EXISTS {{ {owner} }}
        }}"""
    )
    assert isinstance(rows, ox.QuerySolutions)
    lost = [(row["focus"], row["class"]) for row in rows]
    assert lost == []


def test_coverage_fields_come_from_the_kinds() -> None:
    section = PrestatieSection("1.1.1", "t", DocumentInfo("Begroting 2020"), Channel.WEB_TEXT,
                               Path("x.txt"))  # fmt: skip
    fields = section_fields(section)
    assert list(fields)[:4] == ["ambitie", "context", "acties", "doelen"]
    assert fields["verwijzingen"] == 0
    assert len(fields) == sum(len(kind.counts(section)) for kind in fact_kinds())


def test_a_block_no_kind_reads_is_not_understood() -> None:
    line = Line(7, 0, "Iets nieuws", "Iets nieuws")
    element = Element(ElementKind.PARAGRAPH, "Iets nieuws", (line,))
    section = PrestatieSection("1.1.1", "t", DocumentInfo("Begroting 2020"), Channel.WEB_TEXT,
                               Path("x.txt"))  # fmt: skip
    _read_block(Block("nieuwe-kop", elements=[element]), Draft(section))
    assert [(u.where, u.text, u.span and u.span.line) for u in section.unparsed] == [
        ("nieuwe-kop", "Iets nieuws", 7)
    ]
