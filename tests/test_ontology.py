"""The ontology (ontology/prestatiegraaf.ttl) and its code lists (ontology/begrippen.ttl)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    QB,
    RDF,
    RDFS,
    SKOS,
    VANN,
    XSD,
)
from rdflib.term import Node

from prestatiegraaf import resources
from prestatiegraaf.extract.governance import parse_roles
from prestatiegraaf.model import Channel, DocumentKind
from prestatiegraaf.namespaces import BEGRIP_IRI, PG, PG_IRI, PREFIXES

ONTOLOGY = URIRef(PG_IRI.rstrip("#"))
EUPL = URIRef("https://joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12")
UNIT_MEASURE = URIRef(PREFIXES["sdmx-attribute"] + "unitMeasure")
LANGUAGES = ("en", "nl")
TERM_NAMES = sorted(PG.__annotations__)
FILES = ("prestatiegraaf.ttl", "begrippen.ttl")

# Standard vocabularies that rdflib ships as closed namespaces: a reused term must exist there.
CLOSED_NAMESPACES = (DCAT, DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SKOS, XSD)
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, QB.DataStructureDefinition)
AXIOMS = (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range)
COMPONENTS = (QB.dimension, QB.measure, QB.attribute)

# Concept scheme -> the stem of its concepts' IRIs (begrip:<stem>-<notation>).
SCHEMES = {
    "documentsoorten": "documentsoort",
    "kanalen": "kanaal",
    "aspecten": "aspect",
    "kleuren": "kleur",
    "rollen": "rol",
    "looptijden": "looptijd",
    "besluitrelaties": "besluitrelatie",
    "onderwerpen": "onderwerp",
}
NOTATION = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Data structure definition -> (dimensions in order, measures); both carry unitMeasure.
STRUCTURES = {
    "lastenStructuur": (("prestatie", "document"), {"begroot", "besteed", "ruimte"}),
    "budgetopbouwStructuur": (("prestatie", "document", "financieringsbron"), {"bedrag"}),
}


def pg(name: str) -> URIRef:
    return URIRef(PG_IRI + name)


def begrip(name: str) -> URIRef:
    return URIRef(BEGRIP_IRI + name)


def load(name: str) -> Graph:
    return Graph().parse(resources.ontology_dir() / name, format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load("prestatiegraaf.ttl")


@pytest.fixture(scope="module")
def code_lists() -> Graph:
    return load("begrippen.ttl")


def languages(graph: Graph, subject: Node, predicate: URIRef) -> list[str | None]:
    """Language tags of the values of ``predicate``, one entry per value, sorted."""
    values = graph.objects(subject, predicate)
    return sorted((o.language if isinstance(o, Literal) else None for o in values), key=str)


def named_classes(graph: Graph, node: Node) -> Iterator[URIRef]:
    """The IRIs in a class expression: the IRI itself or the members of an owl:unionOf."""
    if isinstance(node, URIRef):
        yield node
    elif isinstance(node, BNode):
        for members in graph.objects(node, OWL.unionOf):
            for member in Collection(graph, members):
                yield from named_classes(graph, member)


def reused_iris(graph: Graph) -> Iterator[tuple[URIRef, URIRef, URIRef]]:
    """(term, predicate, IRI) for every IRI a pg: term types itself with, extends or refers to."""
    for name in TERM_NAMES:
        term = pg(name)
        for predicate in (RDF.type, *AXIOMS):
            for value in graph.objects(term, predicate):
                for iri in named_classes(graph, value):
                    yield term, predicate, iri
        for component in graph.objects(term, QB.component):
            for predicate in COMPONENTS:
                for iri in graph.objects(component, predicate):
                    assert isinstance(iri, URIRef)
                    yield term, predicate, iri


# --- Both files -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_file_parses_with_rdflib(name: str) -> None:
    assert len(load(name)) > 0


@pytest.mark.parametrize("name", FILES)
def test_file_parses_with_pyoxigraph(name: str) -> None:
    path: Path = resources.ontology_dir() / name
    triples = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == len(load(name))


def test_only_known_pg_terms_are_used(ontology: Graph, code_lists: Graph) -> None:
    known = {pg(name) for name in TERM_NAMES}
    used = {
        node
        for graph in (ontology, code_lists)
        for triple in graph
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(PG_IRI)
    }
    assert sorted(used - known) == []


# --- Ontology ---------------------------------------------------------------------------------


def test_header(ontology: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in ontology
    assert languages(ontology, ONTOLOGY, DCTERMS.title) == list(LANGUAGES)
    assert ontology.value(ONTOLOGY, DCTERMS.description) is not None
    assert ontology.value(ONTOLOGY, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(ONTOLOGY, DCTERMS.license) == EUPL
    assert ontology.value(ONTOLOGY, VANN.preferredNamespacePrefix) == Literal("pg")
    assert ontology.value(ONTOLOGY, VANN.preferredNamespaceUri) == Literal(PG_IRI)


def test_defined_terms_are_the_namespace_class(ontology: Graph) -> None:
    defined = set(ontology.subjects(RDFS.isDefinedBy, ONTOLOGY))
    declared = {pg(name) for name in TERM_NAMES}
    assert sorted(defined - declared) == [], "defined in the ontology but missing from PG"
    assert sorted(declared - defined) == [], "listed in PG but not defined in the ontology"


@pytest.mark.parametrize("name", TERM_NAMES)
def test_term_is_labelled_and_defined_in_both_languages(ontology: Graph, name: str) -> None:
    term = pg(name)
    assert languages(ontology, term, RDFS.label) == list(LANGUAGES)
    assert languages(ontology, term, SKOS.definition) == list(LANGUAGES)


@pytest.mark.parametrize("name", TERM_NAMES)
def test_term_has_one_kind_with_its_axioms(ontology: Graph, name: str) -> None:
    term = pg(name)
    kinds = [kind for kind in KINDS if (term, RDF.type, kind) in ontology]
    assert len(kinds) == 1, f"{name} must have exactly one of {KINDS}"
    kind = kinds[0]
    if name[0].isupper():
        assert kind == OWL.Class
        return
    if kind == QB.DataStructureDefinition:
        assert name in STRUCTURES
        return
    domains = list(ontology.objects(term, RDFS.domain))
    ranges = list(ontology.objects(term, RDFS.range))
    assert len(domains) == 1 and len(ranges) == 1, f"{name} needs one domain and one range"
    datatype = ranges[0] == RDF.langString or str(ranges[0]).startswith(str(XSD))
    assert datatype == (kind == OWL.DatatypeProperty), f"range of {name} does not suit its kind"


def test_reused_iris_come_from_the_fixed_prefixes(ontology: Graph) -> None:
    standard = [iri for prefix, iri in PREFIXES.items() if prefix not in ("pg", "begrip")]
    problems = []
    for term, predicate, iri in reused_iris(ontology):
        where = f"{term.n3()} {predicate.n3()} <{iri}>"
        if str(iri).startswith(PG_IRI):
            continue  # checked by test_only_known_pg_terms_are_used
        if not any(str(iri).startswith(namespace) for namespace in standard):
            problems.append(f"{where}: namespace not in namespaces.PREFIXES")
        for closed in CLOSED_NAMESPACES:
            if str(iri).startswith(str(closed)) and iri not in closed:
                problems.append(f"{where}: no such term in {closed}")
    assert problems == []


@pytest.mark.parametrize("name", sorted(STRUCTURES))
def test_data_structure_components(ontology: Graph, name: str) -> None:
    dimensions, measures = STRUCTURES[name]
    components = list(ontology.objects(pg(name), QB.component))
    found: dict[URIRef, list[Node]] = {p: [] for p in COMPONENTS}
    for component in components:
        for predicate in COMPONENTS:
            found[predicate].extend(ontology.objects(component, predicate))
    ordered = sorted(
        (ontology.value(c, QB.order).toPython(), ontology.value(c, QB.dimension))
        for c in components
        if ontology.value(c, QB.dimension) is not None
    )
    assert ordered == [(i, pg(d)) for i, d in enumerate(dimensions, start=1)]
    assert sorted(found[QB.measure]) == sorted(pg(m) for m in measures)
    assert found[QB.attribute] == [UNIT_MEASURE]
    for dimension in dimensions:
        assert (pg(dimension), RDF.type, QB.DimensionProperty) in ontology
    for measure in measures:
        assert (pg(measure), RDF.type, QB.MeasureProperty) in ontology


def test_every_component_property_is_in_a_structure(ontology: Graph) -> None:
    used = {str(c) for _, (dims, measures) in STRUCTURES.items() for c in (*dims, *measures)}
    for kind in (QB.DimensionProperty, QB.MeasureProperty):
        for term in ontology.subjects(RDF.type, kind):
            assert str(term).removeprefix(PG_IRI) in used, f"{term.n3()} is in no structure"


def test_concept_properties_name_their_scheme(ontology: Graph, code_lists: Graph) -> None:
    for term in ontology.subjects(RDFS.range, SKOS.Concept):
        schemes = list(ontology.objects(term, RDFS.seeAlso))
        assert len(schemes) == 1, f"{term.n3()} must name its concept scheme with rdfs:seeAlso"
        assert (schemes[0], RDF.type, SKOS.ConceptScheme) in code_lists


# --- Code lists -------------------------------------------------------------------------------


def test_schemes_are_the_expected_ones(ontology: Graph, code_lists: Graph) -> None:
    schemes = set(code_lists.subjects(RDF.type, SKOS.ConceptScheme))
    assert schemes == {begrip(name) for name in SCHEMES}
    named = {o for o in ontology.objects(None, RDFS.seeAlso) if str(o).startswith(BEGRIP_IRI)}
    assert named == schemes


def test_every_concept_is_in_a_listed_scheme(code_lists: Graph) -> None:
    for concept in code_lists.subjects(RDF.type, SKOS.Concept):
        schemes = list(code_lists.objects(concept, SKOS.inScheme))
        assert len(schemes) == 1, f"{concept.n3()} must be in exactly one scheme"
        assert schemes[0] in {begrip(name) for name in SCHEMES}


@pytest.mark.parametrize("name", sorted(SCHEMES))
def test_scheme(code_lists: Graph, name: str) -> None:
    scheme = begrip(name)
    assert languages(code_lists, scheme, SKOS.prefLabel) == list(LANGUAGES)
    assert code_lists.value(scheme, DCTERMS.description) is not None
    concepts = set(code_lists.subjects(SKOS.inScheme, scheme))
    assert concepts, f"{name} has no concepts"
    assert set(code_lists.objects(scheme, SKOS.hasTopConcept)) == concepts
    notations: Counter[str] = Counter()
    problems = []
    for concept in sorted(concepts):
        values = [str(n) for n in code_lists.objects(concept, SKOS.notation)]
        if len(values) != 1:
            problems.append(f"{concept.n3()}: {len(values)} notations")
            continue
        notation = values[0]
        notations[notation] += 1
        if not NOTATION.match(notation):
            problems.append(f"{concept.n3()}: notation {notation!r} is not a lower-case code")
        if concept != begrip(f"{SCHEMES[name]}-{notation}"):
            problems.append(f"{concept.n3()}: IRI does not match notation {notation!r}")
        if (concept, RDF.type, SKOS.Concept) not in code_lists:
            problems.append(f"{concept.n3()}: not a skos:Concept")
        if list(code_lists.objects(concept, SKOS.topConceptOf)) != [scheme]:
            problems.append(f"{concept.n3()}: skos:topConceptOf is not {name}")
        if languages(code_lists, concept, SKOS.prefLabel) != list(LANGUAGES):
            problems.append(f"{concept.n3()}: needs one skos:prefLabel per language")
        if "nl" not in languages(code_lists, concept, SKOS.definition):
            problems.append(f"{concept.n3()}: needs a skos:definition@nl")
    problems += [f"notation {n!r} used {k} times" for n, k in notations.items() if k > 1]
    assert problems == []


def notations_of(code_lists: Graph, scheme: str) -> set[str]:
    return {
        str(code_lists.value(concept, SKOS.notation))
        for concept in code_lists.subjects(SKOS.inScheme, begrip(scheme))
    }


@pytest.mark.parametrize(
    ("scheme", "codes"),
    [
        ("documentsoorten", {kind.value for kind in DocumentKind}),
        ("kanalen", {channel.value for channel in Channel}),
    ],
    ids=["documentsoorten", "kanalen"],
)
def test_code_lists_cover_the_codes_the_code_produces(
    code_lists: Graph, scheme: str, codes: set[str]
) -> None:
    assert sorted(codes - notations_of(code_lists, scheme)) == []


def test_every_role_of_the_code_list_is_read_by_its_label(code_lists: Graph) -> None:
    """The role reader takes its nouns from the code list: each role's label gives its code."""
    found = {}
    for concept in code_lists.subjects(SKOS.inScheme, begrip("rollen")):
        dutch = next(v for v in code_lists.objects(concept, SKOS.prefLabel) if v.language == "nl")
        found[str(code_lists.value(concept, SKOS.notation))] = parse_roles(f"Wij zijn {dutch}.")
    assert len(found) == 15
    assert {code: roles for code, roles in found.items() if roles != (code,)} == {}
