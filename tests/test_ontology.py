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
from rdflib.compare import isomorphic
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
from prestatiegraaf.errors import OntologyError
from prestatiegraaf.extract.governance import parse_roles
from prestatiegraaf.graph.terms import pg as ontology_term
from prestatiegraaf.model import Channel, DocumentKind
from prestatiegraaf.namespaces import BEGRIP_IRI, PG_IRI, PREFIXES
from prestatiegraaf.vocabulary import terms

ONTOLOGY = URIRef(PG_IRI.rstrip("#"))
EUPL = URIRef("https://joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12")
UNIT_MEASURE = URIRef(PREFIXES["sdmx-attribute"] + "unitMeasure")
OA = PREFIXES["oa"]
QUDT = PREFIXES["qudt"]
LANGUAGES = ("en", "nl")
TERM_NAMES = sorted(terms())
FILES = ("prestatiegraaf.ttl", "begrippen.ttl")

# Standard vocabularies that rdflib ships as closed namespaces: a reused term must exist there.
CLOSED_NAMESPACES = (DCAT, DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SKOS, XSD)
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, QB.DataStructureDefinition)
AXIOMS = (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range)
COMPONENTS = (QB.dimension, QB.measure, QB.attribute)

# Concept scheme -> the stem of its concepts' IRIs (begrip:<stem>-<notation>).
SCHEMES = {
    "documentsoorten": "documentsoort",
    "vergelijkingen": "vergelijking",
    "kanalen": "kanaal",
    "aspecten": "aspect",
    "kleuren": "kleur",
    "rollen": "rol",
    "looptijden": "looptijd",
    "besluitrelaties": "besluitrelatie",
    "onderwerpen": "onderwerp",
    "herkenningswijzen": "herkenning",
}
NOTATION = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Data structure definition -> (dimensions in order, measures); both carry unitMeasure.
STRUCTURES = {
    "lastenStructuur": (("prestatie", "document"), {"begroot", "besteed", "ruimte"}),
    "budgetopbouwStructuur": (("prestatie", "document", "financieringsbron"), {"bedrag"}),
    "indicatorStructuur": (("indicator", "gebied", "meetjaar"), {"gemetenWaarde"}),
}


def pg(name: str) -> URIRef:
    return URIRef(PG_IRI + name)


def begrip(name: str) -> URIRef:
    return URIRef(BEGRIP_IRI + name)


def load(name: str) -> Graph:
    return Graph().parse(resources.ontology_dir() / name, format="turtle")


def from_pyoxigraph(term: object) -> Node:
    """A term pyoxigraph parsed, as rdflib writes it."""
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    assert isinstance(term, pyoxigraph.Literal), term
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):  # rdflib keeps a plain literal untyped
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


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


# A few statements of each file exactly as written there: a parse that loses or garbles
# statements, language tags or datatypes misses them.
LANDMARKS = {
    "prestatiegraaf.ttl": [
        (ONTOLOGY, RDF.type, OWL.Ontology),
        (ONTOLOGY, DCTERMS.title, Literal("Prestatiegraaf-ontologie", lang="nl")),
        (pg("Prestatie"), RDFS.subClassOf, SKOS.Concept),
        (pg("Prestatie"), RDFS.label, Literal("Performance item", lang="en")),
        (pg("begroot"), RDFS.range, XSD.integer),
        (pg("vermeldt"), RDF.type, OWL.FunctionalProperty),
        (pg("lastenStructuur"), RDF.type, QB.DataStructureDefinition),
    ],
    "begrippen.ttl": [
        (begrip("kanalen"), RDF.type, SKOS.ConceptScheme),
        (begrip("kanalen"), SKOS.hasTopConcept, begrip("kanaal-pdf-text")),
        (begrip("kleur-oranje"), SKOS.notation, Literal("oranje")),
        (begrip("rol-regisseur"), SKOS.prefLabel, Literal("orchestrator", lang="en")),
        (begrip("looptijd-structureel"), SKOS.inScheme, begrip("looptijden")),
    ],
}


@pytest.mark.parametrize("name", FILES)
def test_file_parses_with_rdflib(name: str) -> None:
    graph = load(name)
    assert [t for t in LANDMARKS[name] if t not in graph] == []
    # each file holds its own part: the ontology no concepts, the code lists no pg: terms
    own = {"prestatiegraaf.ttl": PG_IRI, "begrippen.ttl": BEGRIP_IRI}[name]
    subjects = {str(s) for s in graph.subjects() if isinstance(s, URIRef)}
    assert sorted(s for s in subjects if not s.startswith(own) and s != str(ONTOLOGY)) == []


@pytest.mark.parametrize("name", FILES)
def test_file_parses_with_pyoxigraph(name: str) -> None:
    """pyoxigraph (which the build uses) reads the same graph as rdflib, term for term."""
    path: Path = resources.ontology_dir() / name
    parsed = Graph()
    for quad in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
        parsed.add(tuple(from_pyoxigraph(t) for t in (quad.subject, quad.predicate, quad.object)))
    assert isomorphic(parsed, load(name))


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
    assert languages(ontology, ONTOLOGY, DCTERMS.description) == list(LANGUAGES)
    descriptions = {o.language: str(o) for o in ontology.objects(ONTOLOGY, DCTERMS.description)}
    assert "provincie Overijssel" in descriptions["nl"]
    assert "province of Overijssel" in descriptions["en"]
    assert ontology.value(ONTOLOGY, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(ONTOLOGY, DCTERMS.license) == EUPL
    assert ontology.value(ONTOLOGY, VANN.preferredNamespacePrefix) == Literal("pg")
    assert ontology.value(ONTOLOGY, VANN.preferredNamespaceUri) == Literal(PG_IRI)


def test_the_code_states_only_terms_the_ontology_defines(ontology: Graph) -> None:
    defined = {str(t) for t in ontology.subjects(RDFS.isDefinedBy, ONTOLOGY)}
    assert {PG_IRI + name for name in TERM_NAMES} == defined
    assert {"Prestatie", "beschrijft", "kleurscore"} <= set(TERM_NAMES)
    assert ontology_term("beschrijft").value == PG_IRI + "beschrijft"
    with pytest.raises(OntologyError, match="pg:beschrijf is not defined in the ontology"):
        ontology_term("beschrijf")


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


# Classes the mapping types its resources with: labels (nl, en) and direct superclasses.
CLASSES = {
    "Document": (
        ("P&C-document", "P&C document"),
        {FOAF.Document, DCTERMS.BibliographicResource},
    ),
    "Prestatie": (("Prestatie", "Performance item"), {SKOS.Concept}),
    "Prestatiebeschrijving": (
        ("Prestatiebeschrijving", "Performance item description"),
        {PROV.Entity},
    ),
    "Actie": (("Actie", "Action"), {PROV.Entity}),
    "Doel": (("Doel", "Target"), {PROV.Entity, URIRef(QUDT + "QuantityValue")}),
    "Kleurscore": (("Kleurscore", "Colour score"), {PROV.Entity}),
    "Reserve": (("Reserve", "Reserve"), {pg("Financieringsbron")}),
}

# Properties the mapping writes and the queries read: every rdf:type, labels (nl, en), and
# the classes of the domain and of the range (the members, for an owl:unionOf).
F = OWL.FunctionalProperty
PROPERTIES = {
    "beschrijft": (
        {OWL.ObjectProperty, F},
        ("beschrijft", "describes"),
        {pg("Prestatiebeschrijving")},
        {pg("Prestatie")},
    ),
    "actie": (
        {OWL.ObjectProperty},
        ("actie", "action"),
        {pg("Prestatiebeschrijving")},
        {pg("Actie")},
    ),
    "nummer": ({OWL.DatatypeProperty, F}, ("nummer", "number"), {pg("Actie")}, {XSD.integer}),
    "waarde": ({OWL.DatatypeProperty, F}, ("waarde", "value"), {pg("Doel")}, {XSD.decimal}),
    "deadline": ({OWL.DatatypeProperty, F}, ("deadline", "deadline"), {pg("Doel")}, {XSD.gYear}),
    "begroot": (
        {OWL.DatatypeProperty, F, QB.MeasureProperty},
        ("begroot", "budgeted"),
        {QB.Observation},
        {XSD.integer},
    ),
    "besteed": (
        {OWL.DatatypeProperty, F, QB.MeasureProperty},
        ("besteed", "spent"),
        {QB.Observation},
        {XSD.integer},
    ),
    "ruimte": (
        {OWL.DatatypeProperty, F, QB.MeasureProperty},
        ("ruimte", "remaining"),
        {QB.Observation},
        {XSD.integer},
    ),
    "document": (
        {OWL.ObjectProperty, F, QB.DimensionProperty},
        ("document", "document"),
        {QB.Observation},
        {pg("Document")},
    ),
    "kleur": ({OWL.ObjectProperty, F}, ("kleur", "colour"), {pg("Kleurscore")}, {SKOS.Concept}),
    "rol": ({OWL.ObjectProperty}, ("rol", "role"), {pg("Basisinformatie")}, {SKOS.Concept}),
    "jaar": ({OWL.DatatypeProperty, F}, ("jaar", "year"), {pg("Document")}, {XSD.gYear}),
    "periode": ({OWL.DatatypeProperty, F}, ("periode", "period"), {pg("Document")}, {XSD.string}),
    "ambitie": (
        {OWL.DatatypeProperty},
        ("ambitie", "ambition"),
        {pg("Prestatiebeschrijving")},
        {RDF.langString},
    ),
    "vermeldt": (
        {OWL.ObjectProperty, F},
        ("vermeldt", "mentions"),
        {pg("Vermelding")},
        {pg("Actor"), pg("Prestatie")},
    ),
    "tekst": (
        {OWL.DatatypeProperty},
        ("tekst", "text"),
        {pg(c) for c in ("Actie", "Doel", "Vermelding", "Toelichting", "Bedragvermelding")},
        {RDF.langString},
    ),
    "coalitieperiode": (
        {OWL.DatatypeProperty, F},
        ("coalitieperiode", "coalition period"),
        {pg("Kerntaak"), pg("Beleidsdoel"), pg("Prestatie")},
        {XSD.string},
    ),
    "bron": (
        {OWL.ObjectProperty},
        ("bron", "source"),
        {PROV.Entity},
        {URIRef(OA + "SpecificResource")},
    ),
    "regel": (
        {OWL.DatatypeProperty, F},
        ("regel", "line"),
        {URIRef(OA + "TextPositionSelector")},
        {XSD.integer},
    ),
}


def labels(graph: Graph, term: URIRef) -> tuple[str, ...]:
    """The rdfs:label of ``term`` in Dutch and in English ("" where there is none)."""
    found = {o.language: str(o) for o in graph.objects(term, RDFS.label) if isinstance(o, Literal)}
    return tuple(found.get(language, "") for language in ("nl", "en"))


def class_set(graph: Graph, term: URIRef, predicate: URIRef) -> set[URIRef]:
    return {c for value in graph.objects(term, predicate) for c in named_classes(graph, value)}


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_class_has_its_labels_and_superclasses(ontology: Graph, name: str) -> None:
    label, parents = CLASSES[name]
    assert (pg(name), RDF.type, OWL.Class) in ontology
    assert labels(ontology, pg(name)) == label
    assert set(ontology.objects(pg(name), RDFS.subClassOf)) == parents


@pytest.mark.parametrize("name", sorted(PROPERTIES))
def test_property_has_its_kind_labels_domain_and_range(ontology: Graph, name: str) -> None:
    kinds, label, domain, range_ = PROPERTIES[name]
    term = pg(name)
    assert set(ontology.objects(term, RDF.type)) == kinds
    assert labels(ontology, term) == label
    assert class_set(ontology, term, RDFS.domain) == domain
    assert class_set(ontology, term, RDFS.range) == range_


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

# The codes of each scheme: the last part of its concepts' IRIs, which the graph links to.
SCHEME_CODES = {
    "documentsoorten": {"begroting", "voorjaarsnota", "monitor", "jaarverslag"},
    "vergelijkingen": {"tenminste", "hoogstens", "precies"},
    "kanalen": {"pdf-text", "web-text", "markdown", "html", "pdf"},
    "aspecten": {"integraal", "inhoud", "acties", "financien"},
    "kleuren": {"groen", "oranje", "rood"},
    "rollen": {
        "regisseur",
        "faciliteerder",
        "investeerder",
        "uitvoerder",
        "aandeelhouder",
        "belangenassembleur",
        "wegbeheerder",
        "opdrachtgever",
        "financier",
        "stimulator",
        "partner",
        "subsidieverstrekker",
        "toezichthouder",
        "wettelijke-taak",
        "reguliere-taak",
    },
    "looptijden": {"structureel", "niet-structureel"},
    "besluitrelaties": {"investeringsbesluit", "mijlpaal", "vermelding"},
    "onderwerpen": {"voortgang", "financien", "begrotingswijziging"},
    "herkenningswijzen": {"organisatiewoord", "afkorting", "opsomming", "signaalwoord"},
}


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
    assert languages(code_lists, scheme, DCTERMS.description) == list(LANGUAGES)
    concepts = set(code_lists.subjects(SKOS.inScheme, scheme))
    assert notations_of(code_lists, name) == SCHEME_CODES[name]
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
