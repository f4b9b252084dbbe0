"""Stage 4, validate: the SHACL shapes in shapes/prestatiegraaf.shapes.ttl.

* The shapes graph is valid SHACL: it conforms to the W3C "SHACL for SHACL" shapes. pySHACL
  bundles those as ``pyshacl/assets/shacl-shacl.ttl`` and exposes them through
  ``pyshacl.validate(..., meta_shacl=True)``, which raises on failure, and through
  ``pyshacl.entrypoints.meta_validate(shapes)``, which returns the report; we call the latter so
  that a failure shows the report.
* Every ontology class has its node shape, every ontology property a property shape in the shape
  of its domain, every shape a Dutch and English label, every constraint a Dutch and English
  message.
* The seed graph built from examples/ has no violations and exactly the warnings and infos of
  SEED_FINDINGS.
* Each SHACL-SPARQL rule fires on a small invalid graph with exactly the expected results and
  stays silent on the valid variant.

Results are compared on severity, focus node, result path, constraint component and source
shape, never on message wording. pySHACL runs with advanced=True (SHACL-SPARQL) and
inference="none", on a pyoxigraph store: pySHACL then evaluates the SPARQL constraints with
oxigraph, several times faster than on an rdflib graph, where rdflib parses each query again for
every focus node. test_rdflib_and_oxigraph_engines_agree checks that both give the same results.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox
import pyshacl
import pytest
from pyshacl.entrypoints import meta_validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, QB, RDF, RDFS, SH
from rdflib.term import BNode, Node

from prestatiegraaf import resources
from prestatiegraaf.namespaces import PG_IRI
from prestatiegraaf.pipeline import BuildOptions, build

ROOT = Path(__file__).resolve().parent.parent
SHAPES_IRI = URIRef("https://w3id.org/prestatiegraaf/def/shapes")
PG = Namespace(PG_IRI)
PGSH = Namespace(str(SHAPES_IRI) + "#")
OA = Namespace("http://www.w3.org/ns/oa#")
LANGUAGES = ["en", "nl"]

# Short names for the terms in findings, so expected results read like Turtle.
CURIES = {
    "pgsh": str(PGSH),
    "pg": PG_IRI,
    "sh": str(SH),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": str(PROV),
    "oa": str(OA),
    "dcterms": "http://purl.org/dc/terms/",
    "id": "https://w3id.org/prestatiegraaf/id/",
    "x": "https://example.org/pg/",
}

# The facts of rule 4; their shapes carry the shared pgsh:Feit-* property shapes.
FACT_CLASSES = (
    "Prestatiebeschrijving",
    "Actie",
    "Doel",
    "Kleurscore",
    "Toelichting",
    "Besluitverwijzing",
    "Basisinformatie",
    "Bedragvermelding",
    "Vermelding",
)
# Domains outside pg: and the shapes that stand for them.
DOMAIN_SHAPES = {
    QB.Observation: (PGSH.ObservationShape,),
    OA.TextPositionSelector: (PGSH.TextSelectorShape,),
    PROV.Entity: tuple(PGSH[f"{name}Shape"] for name in FACT_CLASSES),
}
PREFIXES_FOR_SPARQL = {"pg", "skos", "dcterms", "qb", "oa", "prov", "xsd", "foaf"}
ONTOLOGY = Graph().parse(resources.ontology_file(), format="turtle")


class Finding(NamedTuple):
    """One validation result, by the fields the tests compare."""

    severity: str
    focus: str
    path: str | None
    component: str
    shape: str


def short(node: Node | None) -> str | None:
    """``node`` as a CURIE where one of CURIES fits; None stays None."""
    if node is None:
        return None
    text = str(node)
    if isinstance(node, BNode):
        return "[]"
    for prefix, namespace in CURIES.items():
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return text


def validate(data: ox.Store | Graph, shapes: Graph) -> tuple[bool, set[Finding]]:
    """Validate ``data``: conformance (warnings and infos allowed) and every result."""
    conforms, report, text = pyshacl.validate(
        data, shacl_graph=shapes, advanced=True, inference="none", allow_warnings=True
    )
    assert isinstance(report, Graph), text
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = short(report.value(result, SH.resultSeverity))
        assert severity is not None and severity.startswith("sh:")
        found.add(
            Finding(
                severity[3:],
                str(short(report.value(result, SH.focusNode))),
                short(report.value(result, SH.resultPath)),
                str(short(report.value(result, SH.sourceConstraintComponent))),
                str(short(report.value(result, SH.sourceShape))),
            )
        )
    return bool(conforms), found


def findings(data: ox.Store | Graph, shapes: Graph) -> set[Finding]:
    """Every result of validating ``data``."""
    return validate(data, shapes)[1]


def languages(graph: Graph, subject: Node, predicate: URIRef) -> list[str | None]:
    """Language tags of the values of ``predicate``, one entry per value, sorted."""
    values = graph.objects(subject, predicate)
    return sorted((v.language if isinstance(v, Literal) else None for v in values), key=str)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(resources.shapes_dir() / "prestatiegraaf.shapes.ttl", format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return ONTOLOGY


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    """The published graph of the example corpus, built into a temporary folder."""
    out = tmp_path_factory.mktemp("shapes-seed")
    result = build(BuildOptions(manifest=ROOT / "examples" / "manifest.csv", out_dir=out))
    store = ox.Store()
    store.bulk_load(path=str(result.files[0]), format=ox.RdfFormat.TURTLE)
    return store


# =============================================================================================
# The shapes graph itself
# =============================================================================================


def test_shapes_graph_is_valid_shacl(shapes: Graph) -> None:
    conforms, _, text = meta_validate(shapes, inference="none")
    assert conforms, text


def test_header(shapes: Graph) -> None:
    assert (SHAPES_IRI, RDF.type, OWL.Ontology) in shapes
    assert languages(shapes, SHAPES_IRI, RDFS.label) == LANGUAGES
    for predicate in (DCTERMS.title, DCTERMS.description):
        assert languages(shapes, SHAPES_IRI, predicate) == LANGUAGES
    declared = {
        str(shapes.value(declaration, SH.prefix)): str(shapes.value(declaration, SH.namespace))
        for declaration in shapes.objects(SHAPES_IRI, SH.declare)
    }
    assert PREFIXES_FOR_SPARQL <= set(declared)
    assert declared["pg"] == PG_IRI


def ontology_terms(ontology: Graph, kind: URIRef) -> list[str]:
    return sorted(
        str(term)[len(PG_IRI) :]
        for term in ontology.subjects(RDF.type, kind)
        if str(term).startswith(PG_IRI)
    )


def domain_classes(ontology: Graph, node: Node) -> Iterator[URIRef]:
    """The named classes of a domain: the class itself or the members of an owl:unionOf."""
    if isinstance(node, URIRef):
        yield node
    for members in ontology.objects(node, OWL.unionOf):
        for member in Collection(ontology, members):
            yield from domain_classes(ontology, member)


def domain_shapes(ontology: Graph, prop: URIRef) -> list[URIRef]:
    shapes_found: list[URIRef] = []
    for domain in ontology.objects(prop, RDFS.domain):
        for cls in domain_classes(ontology, domain):
            if str(cls).startswith(PG_IRI):
                shapes_found.append(PGSH[f"{str(cls)[len(PG_IRI) :]}Shape"])
            else:
                shapes_found.extend(DOMAIN_SHAPES[cls])
    return shapes_found


CLASS_NAMES = ontology_terms(ONTOLOGY, OWL.Class)
PROPERTY_NAMES = ontology_terms(ONTOLOGY, OWL.ObjectProperty) + ontology_terms(
    ONTOLOGY, OWL.DatatypeProperty
)


def test_coverage_tests_see_every_term(ontology: Graph) -> None:
    structures = ontology_terms(ontology, QB.DataStructureDefinition)
    defined = ontology.subjects(RDFS.isDefinedBy, URIRef(PG_IRI.rstrip("#")))
    names = sorted(str(term)[len(PG_IRI) :] for term in defined)
    assert sorted(CLASS_NAMES + PROPERTY_NAMES + structures) == names


@pytest.mark.parametrize("name", CLASS_NAMES)
def test_every_class_has_its_node_shape(shapes: Graph, name: str) -> None:
    shape = PGSH[f"{name}Shape"]
    assert (shape, RDF.type, SH.NodeShape) in shapes
    assert (shape, SH.targetClass, PG[name]) in shapes


@pytest.mark.parametrize("name", PROPERTY_NAMES)
def test_every_property_is_shaped_in_its_domain(shapes: Graph, ontology: Graph, name: str) -> None:
    prop = PG[name]
    functional = (prop, RDF.type, OWL.FunctionalProperty) in ontology
    targets = domain_shapes(ontology, prop)
    assert targets, f"pg:{name} has no domain shape"
    for shape in targets:
        property_shapes = [
            ps for ps in shapes.objects(shape, SH.property) if (ps, SH.path, prop) in shapes
        ]
        assert property_shapes, f"{short(shape)} has no property shape for pg:{name}"
        if functional:
            most = [shapes.value(ps, SH.maxCount) for ps in property_shapes]
            assert any(m is not None and int(m) <= 1 for m in most), (
                f"pg:{name} is functional but {short(shape)} allows several values"
            )


def named_shapes(shapes: Graph) -> list[URIRef]:
    kinds = (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint)
    found = {s for kind in kinds for s in shapes.subjects(RDF.type, kind)}
    assert all(isinstance(s, URIRef) for s in found), "shapes and constraints are named"
    return sorted(s for s in found if isinstance(s, URIRef))


# The parameters of the SHACL core constraint components.
CONSTRAINT_PARAMETERS = tuple(
    SH[name]
    for name in (
        "class datatype nodeKind minCount maxCount minExclusive minInclusive maxExclusive"
        " maxInclusive minLength maxLength pattern languageIn uniqueLang equals disjoint lessThan"
        " lessThanOrEquals not and or xone node qualifiedValueShape closed hasValue in"
    ).split()
)


def test_every_shape_is_labelled_in_dutch_and_english(shapes: Graph) -> None:
    unlabelled = [
        short(s) for s in named_shapes(shapes) if languages(shapes, s, RDFS.label) != LANGUAGES
    ]
    assert unlabelled == []


def test_every_constraint_has_a_dutch_and_an_english_message(shapes: Graph) -> None:
    missing = []
    for shape in named_shapes(shapes):
        constrains = any(shapes.value(shape, p) is not None for p in CONSTRAINT_PARAMETERS)
        constrains = constrains or (shape, RDF.type, SH.SPARQLConstraint) in shapes
        if constrains and languages(shapes, shape, SH.message) != LANGUAGES:
            missing.append(short(shape))
    assert missing == []


def test_every_message_has_exactly_a_dutch_and_an_english_variant(shapes: Graph) -> None:
    wrong = [
        short(s)
        for s in set(shapes.subjects(SH.message, None))
        if languages(shapes, s, SH.message) != LANGUAGES
    ]
    assert wrong == []


def test_sparql_rules_sit_on_named_shapes_and_select_this(shapes: Graph) -> None:
    for shape, constraint in shapes.subject_objects(SH.sparql):
        assert isinstance(shape, URIRef) and isinstance(constraint, URIRef)
        assert (constraint, SH.prefixes, SHAPES_IRI) in shapes
        assert "$this" in str(shapes.value(constraint, SH.select))


# =============================================================================================
# The seed graph
# =============================================================================================

SEED_D = "id:prestatiebeschrijving/monitor-2019-i/5.2.1"
SEED_P521 = "id:prestatie/2015-2019/5.2.1"
SEED_P542 = "id:prestatie/2015-2019/5.4.2"
SPARQL = "sh:SPARQLConstraintComponent"
MIN = "sh:MinCountConstraintComponent"
QMIN = "sh:QualifiedMinCountConstraintComponent"

SEED_FINDINGS = {
    # The web text of Monitor 2019-I shows its colours as images: no colour score was read.
    Finding("Warning", SEED_D, "pg:kleurscore", SPARQL, "pgsh:MonitorKleurscoreShape"),
    # 5.4.2 is only cited ("in samenhang met prestatie 5.4.2 internationalisering"), never
    # described, so the graph has no name for it.
    Finding("Warning", SEED_P542, "skos:prefLabel", QMIN, "pgsh:Prestatie-prefLabel-nl"),
    # Hints: no English names.
    Finding("Info", SEED_P521, "skos:prefLabel", QMIN, "pgsh:Prestatie-prefLabel-en"),
    Finding("Info", SEED_P542, "skos:prefLabel", QMIN, "pgsh:Prestatie-prefLabel-en"),
}


@pytest.fixture(scope="module")
def seed_validation(seed: ox.Store, shapes: Graph) -> tuple[bool, set[Finding]]:
    return validate(seed, shapes)


def test_seed_graph_has_no_violations(seed_validation: tuple[bool, set[Finding]]) -> None:
    conforms, found = seed_validation
    assert sorted(f for f in found if f.severity == "Violation") == []
    assert conforms


def test_seed_graph_has_exactly_the_expected_warnings_and_infos(
    seed_validation: tuple[bool, set[Finding]],
) -> None:
    assert sorted(seed_validation[1]) == sorted(SEED_FINDINGS)


# =============================================================================================
# Small graphs: a clean base graph and mutations of it
# =============================================================================================

PREFIXES = """
@prefix pg:      <https://w3id.org/prestatiegraaf/def#> .
@prefix begrip:  <https://w3id.org/prestatiegraaf/id/begrip/> .
@prefix x:       <https://example.org/pg/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf:    <http://xmlns.com/foaf/0.1/> .
@prefix oa:      <http://www.w3.org/ns/oa#> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix qb:      <http://purl.org/linked-data/cube#> .
@prefix qudt:    <http://qudt.org/schema/qudt/> .
@prefix sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix unit:    <http://qudt.org/vocab/unit/> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
"""


def cite(fact: str, quote: str, start: int, line: int) -> str:
    """Provenance of ``fact`` in Monitor 2019-I: document, source reference and quote."""
    return f"""
{fact} prov:wasDerivedFrom x:monitor ; pg:bron {fact}-bron .
{fact}-bron a oa:SpecificResource ; oa:hasSource x:bestand ; oa:hasSelector {fact}-citaat .
{fact}-citaat a oa:TextQuoteSelector , oa:TextPositionSelector ;
    oa:exact "{quote}" ; oa:start {start} ; oa:end {start + len(quote)} ; pg:regel {line} .
"""


def action(iri: str, number: int, text: str, start: int) -> str:
    return f'{iri} a pg:Actie ; pg:nummer {number} ; pg:tekst "{text}"@nl .\n' + cite(
        iri, f"{number}. {text}", start, 10 + number
    )


def description(iri: str, title: str) -> str:
    """A description of 5.2.1 in Monitor 2019-I, with one action, a score and a mention."""
    return f"""
{iri} a pg:Prestatiebeschrijving ; pg:beschrijft x:p521 ; dcterms:isPartOf x:monitor ;
    dcterms:title "{title}"@nl ; pg:actie {iri}-actie1 ; pg:kleurscore {iri}-integraal ;
    pg:betrokkenActor x:oost-nl ; pg:vermelding {iri}-oost-nl .
{cite(iri, "5.2.1 " + title, 0, 1)}
{action(f"{iri}-actie1", 1, "Wij werken samen met Oost NL.", 100)}
{iri}-integraal a pg:Kleurscore ; pg:aspect begrip:aspect-integraal ; pg:kleur begrip:kleur-groen .
{cite(f"{iri}-integraal", "Groen", 60, 5)}
{iri}-oost-nl a pg:Vermelding ; pg:vermeldt x:oost-nl .
{cite(f"{iri}-oost-nl", "Wij werken samen met Oost NL.", 103, 11)}
"""


SCORE = (
    "x:d-integraal a pg:Kleurscore ; pg:aspect begrip:aspect-integraal ;"
    " pg:kleur begrip:kleur-groen .\n" + cite("x:d-integraal", "Groen", 336, 13)
)
ACTIE2 = "Wij steunen samenwerkingsprojecten met Oost NL."
ACTIE2_QUOTE = f"2. {ACTIE2}"
ACTIE2_END = 1479 + len(ACTIE2_QUOTE)

BASE = f"""
<https://identifier.overheid.nl/tooi/id/provincie/pv23> a org:FormalOrganization .
x:monitor a pg:Document ; dcterms:title "Monitor 2019-I" ;
    dcterms:publisher <https://identifier.overheid.nl/tooi/id/provincie/pv23> ;
    pg:documentsoort begrip:documentsoort-monitor ; pg:jaar "2019"^^xsd:gYear ; pg:periode "I" .
x:bestand a pg:Bronbestand ; dcterms:title "monitor-2019-i.md" ;
    pg:kanaal begrip:kanaal-markdown ; dcterms:isPartOf x:monitor .

x:boom a skos:ConceptScheme .
x:k5 a pg:Kerntaak ; skos:notation "5" ; pg:coalitieperiode "2015-2019" ;
    skos:inScheme x:boom ; skos:topConceptOf x:boom .
x:b52 a pg:Beleidsdoel ; skos:notation "5.2" ; pg:coalitieperiode "2015-2019" ;
    skos:inScheme x:boom ; skos:broader x:k5 .
x:p521 a pg:Prestatie ; skos:notation "5.2.1" ; pg:coalitieperiode "2015-2019" ;
    skos:inScheme x:boom ; skos:broader x:b52 ;
    skos:prefLabel "Kiezen, leren en werken in de techniek"@nl ,
                   "Choosing, learning and working in technology"@en .

x:lasten a qb:DataSet ; qb:structure pg:lastenStructuur ; dcterms:title "Lasten"@nl .
x:opbouw a qb:DataSet ; qb:structure pg:budgetopbouwStructuur ; dcterms:title "Budgetopbouw"@nl .
x:kvo a pg:Financieringsbron ; skos:prefLabel "Reserve Uitvoering Kwaliteit van Overijssel"@nl .
x:ehs-kvo a pg:Reserve ; skos:prefLabel "Ecologische Hoofdstructuur/Kwaliteit van Overijssel"@nl .
x:overijssel-werkt a pg:Coalitieakkoord ; dcterms:title "Overijssel Werkt!"@nl .
x:ps-2015-687 a pg:Besluit ; dcterms:identifier "PS/2015/687" ;
    dcterms:publisher <https://identifier.overheid.nl/tooi/id/provincie/pv23> .
x:oost-nl a pg:Actor , org:Organization ; skos:prefLabel "Oost NL"@nl ; skos:notation "oost-nl" .
x:hijum a foaf:Person ; foaf:name "Eddy van Hijum" .

x:d a pg:Prestatiebeschrijving ; pg:beschrijft x:p521 ; dcterms:isPartOf x:monitor ;
    dcterms:title "Kiezen, leren en werken in de techniek"@nl ;
    pg:ambitie "Wij zetten in op kiezen, leren en werken in de techniek."@nl ;
    pg:actie x:d-actie1 , x:d-actie2 ; pg:betrokkenActor x:oost-nl ; pg:vermelding x:d-oost-nl ;
    pg:kleurscore x:d-integraal ; pg:toelichting x:d-voortgang ; pg:bedragvermelding x:d-bedrag1 ;
    pg:lasten x:d-lasten ; pg:budgetopbouw x:d-kvo ; pg:besluitverwijzing x:d-ps-2015-687 ;
    pg:basisinformatie x:d-basis .
{cite("x:d", "## 5.2.1 Kiezen, leren en werken in de techniek", 2, 3)}
{action("x:d-actie1", 1, "Wij maken afspraken met als doel 40% instroom in 2020.", 874)}
x:d-actie1 pg:doel x:d-doel .
x:d-doel a pg:Doel ; pg:waarde "40"^^xsd:decimal ; qudt:unit unit:PERCENT ;
    pg:deadline "2020"^^xsd:gYear ; pg:tekst "40% instroom in 2020"@nl .
{cite("x:d-doel", "1. Wij maken afspraken met als doel 40% instroom in 2020.", 874, 11)}
{action("x:d-actie2", 2, ACTIE2, 1479)}
x:d-oost-nl a pg:Vermelding ; pg:vermeldt x:oost-nl .
{cite("x:d-oost-nl", ACTIE2_QUOTE, 1479, 12)}
{SCORE}
x:d-voortgang a pg:Toelichting ; pg:onderwerp begrip:onderwerp-voortgang ;
    pg:geenAfwijking true ; pg:tekst "Geen afwijking."@nl .
{cite("x:d-voortgang", "Geen afwijking.", 1372, 39)}
x:d-bedrag1 a pg:Bedragvermelding ; pg:bedrag 1100000 ; pg:soortBedrag "verschuiving" ;
    pg:tekst "€ 1,1 miljoen"@nl .
{cite("x:d-bedrag1", "een bedrag à € 1,1 miljoen lasten door te schuiven", 1412, 45)}
x:d-lasten a qb:Observation ; qb:dataSet x:lasten ; pg:prestatie x:p521 ;
    pg:document x:monitor ; sdmx-attribute:unitMeasure unit:CCY_EUR ;
    pg:begroot 1532000 ; pg:besteed 429000 ; pg:ruimte 1103000 .
{cite("x:d-lasten", "1.532.000	429.000	1.103.000", 390, 18)}
x:d-kvo a qb:Observation ; qb:dataSet x:opbouw ; pg:prestatie x:p521 ;
    pg:document x:monitor ; sdmx-attribute:unitMeasure unit:CCY_EUR ;
    pg:financieringsbron x:kvo ; pg:bedrag 1532000 .
{cite("x:d-kvo", "1.532.000	Reserve Uitvoering Kwaliteit van Overijssel", 435, 22)}
x:d-ps-2015-687 a pg:Besluitverwijzing ; pg:besluit x:ps-2015-687 ;
    pg:besluitrelatie begrip:besluitrelatie-investeringsbesluit .
{cite("x:d-ps-2015-687", "Het bijbehorende investeringsbesluit is PS/2015/687.", 2920, 49)}
x:d-basis a pg:Basisinformatie ; pg:portefeuillehouder x:hijum ; pg:rol begrip:rol-regisseur ;
    pg:rolomschrijving "Wij vervullen de rol van regisseur."@nl ;
    pg:looptijd begrip:looptijd-structureel ; pg:relatieMetReserve true ; pg:reserve x:ehs-kvo ;
    pg:coalitieakkoord x:overijssel-werkt ; pg:projectwebsite "Landelijk Techniekpact" .
{cite("x:d-basis", "Eddy van Hijum. Rol provincie: Wij vervullen de rol van regisseur.", 1750, 49)}
"""


def triples(turtle: str) -> list[ox.Quad]:
    return list(ox.parse(input=PREFIXES + turtle, format=ox.RdfFormat.TURTLE))


def store(remove: str = "", add: str = "") -> ox.Store:
    """The base graph without the triples of ``remove`` and with those of ``add``."""
    data = ox.Store()
    data.extend(triples(BASE))
    for quad in triples(remove):
        assert quad in data, f"not in the base graph: {quad}"
        data.remove(quad)
    data.extend(triples(add))
    return data


@dataclass(frozen=True)
class Case:
    """A mutation of the base graph and the results it must give, no more and no fewer."""

    id: str
    remove: str
    add: str
    expected: frozenset[Finding]


Expected = tuple[str, str, str | None, str, str]


def case(name: str, remove: str, add: str, *expected: Expected) -> Case:
    return Case(name, remove, add, frozenset(Finding(*e) for e in expected))


V, W = "Violation", "Warning"
NOT = "sh:NotConstraintComponent"
SCORE_SENTENCE = "De uitvoering ligt op schema, daarom is de integrale kleurscore groen gebleven."
SCORE_LINE = "Integrale kleurscore" + " " * 40 + "Groen"  # a PDF line: spaces count once
LASTEN = "1.532.000\t429.000\t1.103.000"
LASTEN_PARAGRAPH = (
    "Voor deze prestatie is in 2019 een bedrag van 1.532.000 euro begroot. Tot en met het eerste "
    "kwartaal is 429.000 euro besteed aan de samenwerkingsprojecten van regionale bedrijven en "
    "ROC's, zodat er nog 1.103.000 euro ruimte is. Een deel daarvan schuiven wij door naar 2020, "
    "omdat twee projecten later zijn gestart dan gepland en de aanvragen pas in het najaar komen."
)
LASTEN_RUN_ON = (
    LASTEN + ". Wij hebben samen met het bedrijfsleven, de onderwijsinstellingen en de gemeenten "
    "in Twente, Salland en de Kop van Overijssel nieuwe afspraken gemaakt over de instroom van "
    "jongeren in technische opleidingen."
)
LASTEN_LINE = (
    "Lasten prestatie (begroot / besteed / ruimte): € 1,5 / 0,4 / 1,1 miljoen. Geen afwijking."
)

CASES = [
    # --- 1. Ruimte = Begroot - Besteed
    case(
        "ruimte-not-begroot-minus-besteed",
        "x:d-lasten pg:ruimte 1103000 .",
        "x:d-lasten pg:ruimte 1103001 .",
        (V, "x:d-lasten", "pg:ruimte", SPARQL, "pgsh:RuimteShape"),
    ),
    case(
        "ruimte-negative-when-overspent",
        "x:d-lasten pg:besteed 429000 ; pg:ruimte 1103000 .",
        "x:d-lasten pg:besteed 1600000 ; pg:ruimte -68000 .",
    ),
    case(
        "ruimte-not-read",
        "x:d-lasten pg:ruimte 1103000 .",
        "",
        (W, "x:d-lasten", "pg:ruimte", MIN, "pgsh:Lasten-ruimte-aanwezig"),
    ),
    # --- 1b. Observation dimensions follow their description
    case(
        "observation-about-another-prestatie",
        "x:d-lasten pg:prestatie x:p521 .",
        "x:d-lasten pg:prestatie x:p542 .",
        (V, "x:d-lasten", "pg:prestatie", SPARQL, "pgsh:ObservatieDimensieShape"),
        (
            V,
            "x:d-lasten",
            "pg:prestatie",
            "sh:ClassConstraintComponent",
            "pgsh:Observation-prestatie",
        ),  # x:p542 is not described in the base graph
    ),
    # --- 2. The budget make-up adds up to Begroot
    case(
        "budgetopbouw-short-of-begroot",
        "x:d-kvo pg:bedrag 1532000 .",
        "x:d-kvo pg:bedrag 1500000 .",
        (V, "x:d", "pg:budgetopbouw", SPARQL, "pgsh:BudgetopbouwSomShape"),
    ),
    case(
        "budgetopbouw-two-lines-add-up",
        "x:d-kvo pg:bedrag 1532000 .",
        "x:d-kvo pg:bedrag 1000000 . x:d pg:budgetopbouw x:d-arm . "
        'x:arm a pg:Financieringsbron ; skos:prefLabel "Algemene middelen"@nl . '
        "x:d-arm a qb:Observation ; qb:dataSet x:opbouw ; pg:prestatie x:p521 ; "
        "pg:document x:monitor ; sdmx-attribute:unitMeasure unit:CCY_EUR ; "
        "pg:financieringsbron x:arm ; pg:bedrag 532000 ."
        + cite("x:d-arm", "532.000	Algemene middelen", 489, 23),
    ),
    # --- 3. Actions numbered 1..n
    case(
        "acties-gap",
        "x:d-actie2 pg:nummer 2 .",
        "x:d-actie2 pg:nummer 3 .",
        (V, "x:d", "pg:actie", SPARQL, "pgsh:ActienummeringShape"),
    ),
    case(
        "acties-duplicate-number",
        "x:d-actie2 pg:nummer 2 .",
        "x:d-actie2 pg:nummer 1 .",
        (V, "x:d", "pg:actie", SPARQL, "pgsh:ActienummeringShape"),
    ),
    case(
        "acties-start-at-2",
        "x:d-actie1 pg:nummer 1 .",
        "x:d-actie1 pg:nummer 3 .",
        (V, "x:d", "pg:actie", SPARQL, "pgsh:ActienummeringShape"),
    ),
    case(
        "acties-third-action",
        "",
        "x:d pg:actie x:d-actie3 . " + action("x:d-actie3", 3, "Wij binden talent.", 2017),
    ),
    # --- 4. Every fact has its provenance
    case(
        "herkomst-action-without-source",
        "x:d-actie1 pg:bron x:d-actie1-bron .",
        "",
        (V, "x:d-actie1", "pg:bron", SPARQL, "pgsh:HerkomstShape"),
    ),
    case(
        "herkomst-score-without-document",
        "x:d-integraal prov:wasDerivedFrom x:monitor .",
        "",
        (V, "x:d-integraal", "prov:wasDerivedFrom", SPARQL, "pgsh:HerkomstShape"),
    ),
    case(
        "herkomst-derived-from-the-source-file",
        "x:d-voortgang prov:wasDerivedFrom x:monitor .",
        "x:d-voortgang prov:wasDerivedFrom x:bestand .",
        (V, "x:d-voortgang", "prov:wasDerivedFrom", SPARQL, "pgsh:HerkomstShape"),
        (
            V,
            "x:d-voortgang",
            "prov:wasDerivedFrom",
            "sh:ClassConstraintComponent",
            "pgsh:Feit-wasDerivedFrom",
        ),
    ),
    case(
        "herkomst-empty-quote",
        f'x:d-oost-nl-citaat oa:exact "{ACTIE2_QUOTE}" ; oa:end {ACTIE2_END} .',
        'x:d-oost-nl-citaat oa:exact "" ; oa:end 1479 .',
        (V, "x:d-oost-nl", "pg:bron", SPARQL, "pgsh:HerkomstShape"),
        (
            V,
            "x:d-oost-nl-citaat",
            "oa:exact",
            "sh:MinLengthConstraintComponent",
            "pgsh:TextSelector-exact",
        ),
        (
            V,
            "x:d-oost-nl-citaat",
            "oa:start",
            "sh:LessThanConstraintComponent",
            "pgsh:TextSelector-start",
        ),
    ),
    # --- 5. Deadline not before the document's year minus one
    case(
        "deadline-two-years-before-document",
        'x:d-doel pg:deadline "2020"^^xsd:gYear .',
        'x:d-doel pg:deadline "2017"^^xsd:gYear .',
        (V, "x:d-doel", "pg:deadline", SPARQL, "pgsh:DeadlineShape"),
    ),
    case(
        "deadline-year-before-document",
        'x:d-doel pg:deadline "2020"^^xsd:gYear .',
        'x:d-doel pg:deadline "2018"^^xsd:gYear .',
    ),
    # --- 6. One description per code in a document (the seed has 5.2.1 in three documents)
    case(
        "code-described-twice-in-one-document",
        "",
        description("x:d2", "Kiezen, leren en werken in de techniek (vervolg)"),
        (V, "x:d", "pg:beschrijft", SPARQL, "pgsh:UniekeCodeShape"),
        (V, "x:d2", "pg:beschrijft", SPARQL, "pgsh:UniekeCodeShape"),
    ),
    # --- 7. The code fits the goal tree (Warning)
    case(
        "doelenboom-wrong-beleidsdoel",
        'x:b52 skos:notation "5.2" .',
        'x:b52 skos:notation "5.3" .',
        (W, "x:d", "pg:beschrijft", SPARQL, "pgsh:DoelenboomShape"),
    ),
    case(
        "doelenboom-other-coalition-period",
        'x:k5 pg:coalitieperiode "2015-2019" . x:b52 pg:coalitieperiode "2015-2019" .',
        'x:k5 pg:coalitieperiode "2019-2023" . x:b52 pg:coalitieperiode "2019-2023" .',
        (W, "x:d", "pg:beschrijft", SPARQL, "pgsh:DoelenboomShape"),
    ),
    case(
        "doelenboom-no-beleidsdoel",
        "x:p521 skos:broader x:b52 .",
        "",
        (W, "x:d", "pg:beschrijft", SPARQL, "pgsh:DoelenboomShape"),
        (W, "x:p521", "skos:broader", MIN, "pgsh:Prestatie-broader-aanwezig"),
    ),
    case(
        "coalitieperiode-unknown",
        'x:k5 pg:coalitieperiode "2015-2019" . x:b52 pg:coalitieperiode "2015-2019" . '
        'x:p521 pg:coalitieperiode "2015-2019" .',
        'x:k5 pg:coalitieperiode "onbekend" . x:b52 pg:coalitieperiode "onbekend" . '
        'x:p521 pg:coalitieperiode "onbekend" .',
    ),
    # --- Further rules: monitor scores, mentions, quote length
    case(
        "monitor-without-colour-score",
        "x:d pg:kleurscore x:d-integraal . " + SCORE,
        "",
        (W, "x:d", "pg:kleurscore", SPARQL, "pgsh:MonitorKleurscoreShape"),
    ),
    case(
        "begroting-without-colour-score",
        "x:d pg:kleurscore x:d-integraal . "
        + SCORE
        + "x:monitor pg:documentsoort begrip:documentsoort-monitor .",
        "x:monitor pg:documentsoort begrip:documentsoort-begroting .",
    ),
    case(
        "actor-without-mention",
        "",
        "x:d pg:betrokkenActor x:novel-t . "
        'x:novel-t a pg:Actor , org:Organization ; skos:prefLabel "Novel-T"@nl ; '
        'skos:notation "novel-t" .',
        (W, "x:d", "pg:betrokkenActor", SPARQL, "pgsh:VermeldingDekkingShape"),
    ),
    case(
        "quote-longer-than-its-positions",
        f"x:d-actie2-citaat oa:end {ACTIE2_END} .",
        f"x:d-actie2-citaat oa:end {ACTIE2_END + 5} .",
        (V, "x:d-actie2-citaat", "oa:exact", SPARQL, "pgsh:CitaatlengteShape"),
    ),
    # --- 8. A colour score or a budget is not read from a sentence
    case(
        "colour-score-read-from-a-sentence",
        'x:d-integraal-citaat oa:exact "Groen" ; oa:end 341 .',
        f'x:d-integraal-citaat oa:exact "{SCORE_SENTENCE}" ; oa:end {336 + len(SCORE_SENTENCE)} .',
        (V, "x:d-integraal", "pg:bron", SPARQL, "pgsh:KleurscoreCitaatShape"),
    ),
    case(
        "colour-score-label-with-its-colour",
        'x:d-integraal-citaat oa:exact "Groen" ; oa:end 341 .',
        f'x:d-integraal-citaat oa:exact "{SCORE_LINE}" ; oa:end {336 + len(SCORE_LINE)} .',
    ),
    case(
        "lasten-read-from-a-long-paragraph",
        f'x:d-lasten-citaat oa:exact "{LASTEN}" ; oa:end {390 + len(LASTEN)} .',
        f'x:d-lasten-citaat oa:exact "{LASTEN_PARAGRAPH}" ; oa:end {390 + len(LASTEN_PARAGRAPH)} .',
        (V, "x:d-lasten", "pg:bron", SPARQL, "pgsh:LastenCitaatShape"),
    ),
    case(
        "lasten-quote-runs-on-into-a-sentence",
        f'x:d-lasten-citaat oa:exact "{LASTEN}" ; oa:end {390 + len(LASTEN)} .',
        f'x:d-lasten-citaat oa:exact "{LASTEN_RUN_ON}" ; oa:end {390 + len(LASTEN_RUN_ON)} .',
        (V, "x:d-lasten", "pg:bron", SPARQL, "pgsh:LastenCitaatShape"),
    ),
    case(
        "lasten-in-a-line-of-prose",
        f'x:d-lasten-citaat oa:exact "{LASTEN}" ; oa:end {390 + len(LASTEN)} .',
        f'x:d-lasten-citaat oa:exact "{LASTEN_LINE}" ; oa:end {390 + len(LASTEN_LINE)} .',
    ),
    # --- What a misread section looks like: a header as a name, a label glued to an action
    case(
        "portfolio-holder-is-a-running-header",
        "x:d-basis pg:portefeuillehouder x:hijum .",
        "x:d-basis pg:portefeuillehouder x:kop . "
        'x:kop a foaf:Person ; foaf:name "Provincie Overijssel – Begroting 2017 – pagina 144" .',
        (V, "x:d-basis", "pg:portefeuillehouder", SPARQL, "pgsh:PortefeuillehouderNaamShape"),
    ),
    case(
        "portfolio-holder-is-a-label",
        'x:hijum foaf:name "Eddy van Hijum" .',
        'x:hijum foaf:name "Verantwoordelijk portefeuillehouder" .',
        (V, "x:d-basis", "pg:portefeuillehouder", SPARQL, "pgsh:PortefeuillehouderNaamShape"),
    ),
    case(
        "portfolio-holder-is-a-sentence",
        'x:hijum foaf:name "Eddy van Hijum" .',
        'x:hijum foaf:name "Wij vervullen de rol van regisseur." .',
        (V, "x:d-basis", "pg:portefeuillehouder", SPARQL, "pgsh:PortefeuillehouderNaamShape"),
    ),
    case(
        "portfolio-holder-is-the-province",
        'x:hijum foaf:name "Eddy van Hijum" .',
        'x:hijum foaf:name "Provincie Overijssel" .',
        (V, "x:d-basis", "pg:portefeuillehouder", SPARQL, "pgsh:PortefeuillehouderNaamShape"),
    ),
    case(
        "portfolio-holder-with-initials-and-particles",
        'x:hijum foaf:name "Eddy van Hijum" .',
        """x:hijum foaf:name "E.J. van 't Hijum-Scholten" .""",
    ),
    case(
        "action-starts-with-a-label",
        'x:d-actie1 pg:tekst "Wij maken afspraken met als doel 40% instroom in 2020."@nl .',
        'x:d-actie1 pg:tekst "Toelichting: Wij maken afspraken met als doel 40% instroom."@nl .',
        (V, "x:d-actie1", "pg:tekst", NOT, "pgsh:Actie-tekst-geen-label"),
    ),
    case(
        "action-starts-with-a-word-like-a-label",
        'x:d-actie1 pg:tekst "Wij maken afspraken met als doel 40% instroom in 2020."@nl .',
        'x:d-actie1 pg:tekst "Financieren van stages met als doel 40% instroom in 2020."@nl .',
    ),
    # --- Core constraints whose severity the brief prescribes
    case(
        "role-outside-the-role-list",
        "",
        "x:d-basis pg:rol begrip:rol-aanjager .",
        (W, "x:d-basis", "pg:rol", "sh:InConstraintComponent", "pgsh:Basisinformatie-rol-lijst"),
    ),
    case(
        "reserve-named-but-relation-nee",
        "x:d-basis pg:relatieMetReserve true .",
        "x:d-basis pg:relatieMetReserve false .",
        (V, "x:d-basis", None, "sh:NotConstraintComponent", "pgsh:BasisinformatieShape"),
    ),
    case(
        "prestatie-code-in-four-parts",
        'x:p521 skos:notation "5.2.1" .',
        'x:p521 skos:notation "5.2.1.1" .',
        (V, "x:p521", "skos:notation", "sh:PatternConstraintComponent", "pgsh:Prestatie-notation"),
    ),
    case(
        "decision-reference-without-slash",
        'x:ps-2015-687 dcterms:identifier "PS/2015/687" .',
        'x:ps-2015-687 dcterms:identifier "PS2015/687" .',
        (
            V,
            "x:ps-2015-687",
            "dcterms:identifier",
            "sh:PatternConstraintComponent",
            "pgsh:Besluit-identifier",
        ),
    ),
]


def test_base_graph_is_clean(shapes: Graph) -> None:
    assert sorted(findings(store(), shapes)) == []


@pytest.mark.parametrize("mutation", CASES, ids=[c.id for c in CASES])
def test_mutation_gives_exactly_the_expected_results(shapes: Graph, mutation: Case) -> None:
    found = findings(store(mutation.remove, mutation.add), shapes)
    assert sorted(found) == sorted(mutation.expected)


def test_every_sparql_rule_is_exercised(shapes: Graph) -> None:
    rules = {short(s) for s in shapes.subjects(SH.sparql, None)}
    exercised = {f.shape for c in CASES for f in c.expected if f.component == SPARQL}
    assert sorted(rules - exercised) == []


def test_rdflib_and_oxigraph_engines_agree(shapes: Graph) -> None:
    chosen = [
        c
        for c in CASES
        if c.id
        in {
            "ruimte-not-begroot-minus-besteed",
            "acties-gap",
            "deadline-two-years-before-document",
            "actor-without-mention",
            "role-outside-the-role-list",
        }
    ]
    remove = "\n".join(c.remove for c in chosen)
    add = "\n".join(c.add for c in chosen)
    data = store(remove, add)
    ntriples = data.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    graph = Graph().parse(data=ntriples, format="nt")
    expected = sorted(set().union(*(c.expected for c in chosen)))
    assert sorted(findings(data, shapes)) == expected
    assert sorted(findings(graph, shapes)) == expected
