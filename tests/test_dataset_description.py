"""The dataset described by DCAT-AP-NL with VoID statistics (dataset.ttl).

The description is made of the files of a real build and validated with the published DCAT-AP
3.0.0 and DCAT-AP-NL 3.0 shapes in tests/data/dcat-ap; its statistics are checked against
SPARQL over the same graph, its checksums and sizes against the files.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
import rdflib

from prestatiegraaf.graph.iris import IriMinter
from prestatiegraaf.graph.metadata import dataset_description
from prestatiegraaf.graph.void import graph_statistics
from prestatiegraaf.namespaces import DEFAULT_BASE, sparql_prefixes
from prestatiegraaf.pipeline import BuildResult
from prestatiegraaf.serialize import turtle_bytes
from prestatiegraaf.validate import load_shapes, validate_store

SHAPES = Path(__file__).resolve().parent / "data" / "dcat-ap"
DATASET = f"{DEFAULT_BASE}/id/dataset/prestatiegraaf"
SPDX = "http://spdx.org/rdf/terms#"
IANA = "https://www.iana.org/assignments/media-types/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
PREFIXES = sparql_prefixes() + f"PREFIX spdx: <{SPDX}>\n"


def describe(
    build: BuildResult, *, endpoint: str | None = "/sparql", issued: date | None = None
) -> bytes:
    """The description of a build's files as Turtle."""
    out = build.files[0].parent
    files = [out / f"prestaties.{suffix}" for suffix in ("ttl", "nt", "trig", "jsonld")]
    graph = out / "prestaties.nt"
    iris = IriMinter(DEFAULT_BASE)
    triples = dataset_description(
        build.documents, iris, graph, files, endpoint=endpoint, issued=issued
    )
    return turtle_bytes(triples)


def store_of(turtle: bytes) -> ox.Store:
    store = ox.Store()
    store.load(turtle, format=ox.RdfFormat.TURTLE)
    return store


def select(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    rows = store.query(PREFIXES + query)
    assert isinstance(rows, ox.QuerySolutions)
    return [tuple(term.value for term in row) for row in rows]


def value(store: ox.Store, query: str) -> str:
    (row,) = select(store, query)
    return row[0]


@pytest.fixture(scope="module")
def turtle(seed_build: BuildResult) -> bytes:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        return describe(seed_build)


@pytest.fixture(scope="module")
def description(turtle: bytes) -> ox.Store:
    return store_of(turtle)


@pytest.fixture(scope="module")
def graph(seed_build: BuildResult) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(seed_build.files[0].parent / "prestaties.nt"))
    return store


def dcat_ap_report(turtle: bytes) -> tuple[bool, rdflib.Graph]:
    """pySHACL's report on ``turtle`` against DCAT-AP 3.0.0 and DCAT-AP-NL 3.0, no inference.

    The data is parsed by rdflib, not loaded into a pyoxigraph store: the store keeps an
    xsd:nonNegativeInteger (dcat:byteSize) as xsd:integer, which DCAT-AP's sh:datatype
    xsd:nonNegativeInteger would then reject. For the same reason the built-in engine refuses
    that constraint, so the DCAT-AP shapes are checked with pySHACL.
    """
    shapes = rdflib.Graph()
    for path in sorted(SHAPES.glob("*.ttl")):
        shapes.parse(path, format="turtle")
    data = rdflib.Graph().parse(data=turtle, format="turtle")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    assert isinstance(report, rdflib.Graph)
    return bool(conforms), report


def results(report: rdflib.Graph) -> list[tuple[str, str]]:
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    return sorted(
        (str(report.value(result, sh.focusNode)), str(report.value(result, sh.resultPath)))
        for result in report.subjects(rdflib.RDF.type, sh.ValidationResult)
    )


def test_the_description_conforms_to_dcat_ap_and_dcat_ap_nl(turtle: bytes) -> None:
    conforms, report = dcat_ap_report(turtle)
    assert conforms
    assert results(report) == []  # not even a warning


def test_the_built_in_validator_finds_the_description_conforms_to_dcat_ap_nl(
    description: ox.Store,
) -> None:
    shapes = load_shapes([SHAPES / "dcat-ap-nl-SHACL.ttl"])
    assert validate_store(description, shapes) == []


def test_the_shapes_find_what_a_broken_description_lacks(turtle: bytes) -> None:
    lines = turtle.decode().splitlines(keepends=True)
    no_contact = "".join(line for line in lines if "dcat:contactPoint" not in line)
    conforms, report = dcat_ap_report(no_contact.encode())
    assert not conforms
    paths = {path for _, path in results(report)}
    assert paths == {"http://www.w3.org/ns/dcat#contactPoint"}
    untyped = turtle.replace(f"<{SPDX}checksumAlgorithm_sha256> a".encode(), b"<urn:x:y> a")
    assert untyped != turtle
    conforms, report = dcat_ap_report(untyped)
    assert not conforms
    assert {path for _, path in results(report)} == {f"{SPDX}algorithm"}


def test_the_statistics_are_those_sparql_counts_in_the_graph(
    description: ox.Store, graph: ox.Store
) -> None:
    def stated(prop: str) -> int:
        return int(value(description, f"SELECT ?n {{ <{DATASET}> {prop} ?n }}"))

    assert stated("void:triples") == int(value(graph, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"))
    assert stated("void:distinctSubjects") == int(
        value(graph, "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o }")
    )
    assert stated("void:distinctObjects") == int(
        value(graph, "SELECT (COUNT(DISTINCT ?o) AS ?n) { ?s ?p ?o }")
    )
    entities = value(
        graph,
        "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o "
        f'FILTER(STRSTARTS(STR(?s), "{DEFAULT_BASE}/id/")) }}',
    )
    assert stated("void:entities") == int(entities) > 0
    partition = "SELECT ?k ?n {{ <{}> void:{} [ void:{} ?k ; void:{} ?n ] }}"
    classes = select(description, partition.format(DATASET, "classPartition", "class", "entities"))
    expected = select(graph, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) { ?s a ?c } GROUP BY ?c")
    assert sorted(classes) == sorted(expected) and len(classes) > 20
    assert stated("void:classes") == len(classes)
    properties = select(
        description, partition.format(DATASET, "propertyPartition", "property", "triples")
    )
    expected = select(graph, "SELECT ?p (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY ?p")
    assert sorted(properties) == sorted(expected) and len(properties) > 50
    assert stated("void:properties") == len(properties)


def test_the_vocabularies_are_the_namespaces_of_the_terms_used(
    description: ox.Store, graph: ox.Store
) -> None:
    stated = {
        row[0] for row in select(description, f"SELECT ?v {{ <{DATASET}> void:vocabulary ?v }}")
    }
    used = select(graph, "SELECT DISTINCT ?t { { ?s ?t ?o } UNION { ?s a ?t } }")
    namespaces = {t[: max(t.rfind("#"), t.rfind("/")) + 1] for (t,) in used}
    assert stated == namespaces
    assert {"https://w3id.org/prestatiegraaf/def#", "http://www.w3.org/ns/oa#"} <= stated


def test_every_distribution_is_its_file_with_size_checksum_and_media_type(
    description: ox.Store, seed_build: BuildResult
) -> None:
    out = seed_build.files[0].parent
    rows = select(
        description,
        "SELECT ?url ?access ?media ?format ?size ?algorithm ?sum { "
        f"<{DATASET}> dcat:distribution ?d . ?d a dcat:Distribution ; dcat:downloadURL ?url ; "
        "dcat:accessURL ?access ; dcat:mediaType ?media ; dcterms:format ?format ; "
        "dcat:byteSize ?size ; spdx:checksum [ spdx:algorithm ?algorithm ; "
        "spdx:checksumValue ?sum ] }",
    )
    names = {"prestaties.ttl", "prestaties.nt", "prestaties.trig", "prestaties.jsonld"}
    assert {url.rsplit("/", 1)[1] for url, *_ in rows} == names
    for url, access, media, file_type, size, algorithm, checksum in rows:
        data = (out / url.rsplit("/", 1)[1]).read_bytes()
        assert url == access == f"{DEFAULT_BASE}/{url.rsplit('/', 1)[1]}"
        assert media.startswith(IANA) and file_type.startswith(FILE_TYPE)
        assert int(size) == len(data) > 0
        assert algorithm == f"{SPDX}checksumAlgorithm_sha256"
        assert checksum == hashlib.sha256(data).hexdigest()
    media_types = {url.rsplit(".", 1)[1]: media for url, _, media, *_ in rows}
    assert media_types["ttl"] == IANA + "text/turtle"
    assert media_types["jsonld"] == IANA + "application/ld+json"
    # the media types are IRIs, never strings
    assert not select(description, "SELECT ?m { ?d dcat:mediaType ?m FILTER(isLiteral(?m)) }")


def test_the_dataset_says_who_where_when_and_from_what(
    description: ox.Store, seed_build: BuildResult
) -> None:
    def objects(prop: str) -> set[str]:
        return {row[0] for row in select(description, f"SELECT ?o {{ <{DATASET}> {prop} ?o }}")}

    province = "https://identifier.overheid.nl/tooi/id/provincie/pv23"
    assert objects("dcterms:publisher") == objects("dcterms:creator") == {province}
    assert objects("dcterms:spatial") == {"http://sws.geonames.org/2748838/"}
    assert objects("dcat:theme") == {
        "http://publications.europa.eu/resource/authority/data-theme/GOVE"
    }
    assert objects("dcterms:conformsTo") == {
        "https://w3id.org/prestatiegraaf/def",
        "https://w3id.org/prestatiegraaf/def/shapes",
    }
    years = sorted(doc.source.document.year or 0 for doc in seed_build.documents)
    period = select(
        description,
        f"SELECT ?start ?end {{ <{DATASET}> dcterms:temporal [ a dcterms:PeriodOfTime ; "
        "dcat:startDate ?start ; dcat:endDate ?end ] }",
    )
    assert period == [(str(years[0]), str(years[-1]))]
    sources = objects("prov:wasDerivedFrom")
    assert sources == {f"{DEFAULT_BASE}/id/document/{s}" for s in
                       ("begroting-2017", "monitor-2016-ii", "monitor-2019-i")}  # fmt: skip
    contact = select(
        description,
        f"SELECT ?mail {{ <{DATASET}> dcat:contactPoint ?c . ?c "
        "<http://www.w3.org/2006/vcard/ns#hasEmail> ?mail }",
    )
    assert contact == [("mailto:postbus@overijssel.nl",)]
    catalog = value(description, f"SELECT ?c {{ ?c a dcat:Catalog ; dcat:dataset <{DATASET}> }}")
    assert catalog == f"{DEFAULT_BASE}/id/catalogus/prestatiegraaf"


def test_examples_are_prestaties_of_the_graph(description: ox.Store, graph: ox.Store) -> None:
    examples = select(description, f"SELECT ?e {{ <{DATASET}> void:exampleResource ?e }}")
    assert 1 <= len(examples) <= 3
    for (example,) in examples:
        assert graph.query(
            f"ASK {{ <{example}> a <https://w3id.org/prestatiegraaf/def#Prestatie> }}"
        )


def test_linksets_are_the_links_the_graph_has_to_other_datasets(
    description: ox.Store, graph: ox.Store
) -> None:
    linksets = select(
        description,
        "SELECT ?space ?p ?n { ?l a void:Linkset ; void:subjectsTarget "
        f"<{DATASET}> ; void:linkPredicate ?p ; void:triples ?n ; "
        "void:objectsTarget [ void:uriSpace ?space ] }",
    )
    tooi, qudt = "https://identifier.overheid.nl/tooi/id/", "http://qudt.org/vocab/unit/"
    wikidata = "http://www.wikidata.org/"  # the accepted links of links/*.ttl
    expected = []
    for space in (tooi, qudt, wikidata):
        found = (  # the statements a link annotation is about name an IRI, they link nothing
            f"SELECT ?p (COUNT(*) AS ?n) {{ ?s ?p ?o FILTER(STRSTARTS(STR(?o), {space!r}) "
            "&& ?p NOT IN (rdf:subject, rdf:object)) }"
        )
        expected += [(space, p, n) for p, n in select(graph, found + " GROUP BY ?p")]
    assert sorted(linksets) == sorted(expected)
    assert {space for space, *_ in linksets} == {tooi, qudt, wikidata}  # none invented


def test_the_description_is_byte_stable(turtle: bytes, seed_build: BuildResult) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SOURCE_DATE_EPOCH", raising=False)
        assert describe(seed_build) == turtle
    assert b"dcterms:modified" not in turtle and b"dcterms:issued" not in turtle
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        stamped = describe(seed_build, issued=date(2024, 1, 31))
        assert describe(seed_build, issued=date(2024, 1, 31)) == stamped
    store = store_of(stamped)
    stamp = select(store, f"SELECT ?m ?i {{ <{DATASET}> dcterms:modified ?m ; dcterms:issued ?i }}")
    assert stamp == [("2023-11-14T22:13:20Z", "2024-01-31")]
    assert dcat_ap_report(stamped)[0]


def test_the_endpoint_is_a_data_service_only_when_known(
    description: ox.Store, seed_build: BuildResult
) -> None:
    endpoint = f"{DEFAULT_BASE}/sparql"
    served = select(
        description,
        f"SELECT ?url {{ ?s a dcat:DataService ; dcat:servesDataset <{DATASET}> ; "
        "dcat:endpointURL ?url }",
    )
    assert served == [(endpoint,)]
    assert value(description, f"SELECT ?e {{ <{DATASET}> void:sparqlEndpoint ?e }}") == endpoint
    elsewhere = store_of(describe(seed_build, endpoint="https://example.org/query"))
    assert value(elsewhere, "SELECT ?u { ?s dcat:endpointURL ?u }") == "https://example.org/query"
    without = describe(seed_build, endpoint=None)
    assert b"dcat:DataService" not in without and b"void:sparqlEndpoint" not in without
    assert dcat_ap_report(without)[0]


def test_statistics_read_n_triples_line_by_line(tmp_path: Path) -> None:
    label, same = (
        "<http://www.w3.org/2000/01/rdf-schema#label>",
        "<http://www.w3.org/2002/07/owl#sameAs>",
    )
    kind, see = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", "<http://x.org/v#seeAlso>"
    path = tmp_path / "g.nt"
    path.write_text(
        "# a comment\n\n"
        f'<https://x.org/id/a> {label} "a . b" .\n'
        f"<https://x.org/id/a> {same} <http://www.wikidata.org/entity/Q1> .\n"
        f"<https://x.org/id/a> {kind} <https://x.org/C> .\n"
        f'<https://x.org/id/b> {label} "a . b" .\n'
        f"<https://y.org/c> {see} <https://x.org/id/a> .\n",
        "utf-8",
    )
    stats = graph_statistics(path, "https://x.org/id/", "https://x.org/C")
    assert (stats.triples, stats.distinct_subjects, stats.distinct_objects) == (5, 3, 4)
    assert stats.entities == 2 and stats.examples == ["https://x.org/id/a"]
    assert stats.classes == {"https://x.org/C": 1}
    assert stats.links == {("www-wikidata-org", same[1:-1]): 1}  # a link elsewhere is none
    assert stats.targets["www-wikidata-org"].uri_space == "http://www.wikidata.org/"
