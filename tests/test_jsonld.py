"""The published JSON-LD: plain JSON with short keys that expands to exactly the graph."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from prestatiegraaf.cli import app
from prestatiegraaf.errors import OutputError
from prestatiegraaf.namespaces import PG_IRI, PREFIXES
from prestatiegraaf.pipeline import BuildResult
from prestatiegraaf.publish.jsonld import (
    CLASS,
    IRI,
    LANGUAGE,
    compact_jsonld,
    context_document,
    context_terms,
    jsonld_context,
)
from prestatiegraaf.resources import ontology_file
from prestatiegraaf.serialize import canonical_ntriples, jsonld_from_ntriples

EX = "https://example.org/"
XSD, RDF = PREFIXES["xsd"], PREFIXES["rdf"]
Node = ox.NamedNode | ox.BlankNode
OWL, RDFS = PREFIXES["owl"], PREFIXES["rdfs"]


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=_iri(XSD + datatype))


def _pg(name: str) -> ox.NamedNode:
    return _iri(PG_IRI + name)


def _pg_name(node: ox.NamedNode | ox.BlankNode | ox.Triple) -> str:
    return str(node)[1:-1].removeprefix(PG_IRI)


def _canonical(quads: Iterable[ox.Quad]) -> ox.Dataset:
    """The triples of ``quads`` in the default graph, blank nodes renamed canonically."""
    dataset = ox.Dataset(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return dataset


def _expanded(document: bytes) -> ox.Dataset:
    return _canonical(ox.parse(input=document, format=ox.RdfFormat.JSON_LD))


def _graph(ntriples: bytes) -> ox.Dataset:
    return _canonical(ox.parse(input=ntriples, format=ox.RdfFormat.N_TRIPLES))


def _rdflib_agrees(document: bytes, ntriples: bytes) -> bool:
    """Whether rdflib reads the JSON-LD as the same graph as the N-Triples."""
    with warnings.catch_warnings():  # its JSON-LD reader makes a graph type it deprecates
        warnings.simplefilter("ignore", DeprecationWarning)
        expanded = rdflib.Graph().parse(data=document, format="json-ld")
    return isomorphic(expanded, rdflib.Graph().parse(data=ntriples, format="nt"))


def _tricky() -> list[ox.Triple]:
    """Triples that test every way a value can be written, and some that do not fit."""
    odd = _iri(EX + "é%20x/(a)!$*+,;=~@:'?q=1&r=ü#frag")
    blank, other = ox.BlankNode("b.x-1"), ox.BlankNode("b2")
    text = 'say "hi"\n\ttab \\back\r \x00\x01\x1f\x7f 😀 \u2028\u2029 ]},{"@id":"x ,\n{'
    statements: list[tuple[Node, ox.NamedNode, Node | ox.Literal]] = [
        (odd, _iri(RDF + "type"), _pg("Actie")),
        (odd, _iri(RDF + "type"), _iri(EX + "Klasse")),
        (odd, _iri(RDF + "type"), _iri(PREFIXES["foaf"] + "Document")),  # pg:Document is "Document"
        (odd, _iri(RDF + "type"), _iri(PREFIXES["dcterms"])),  # a namespace as a class
        (odd, _iri(RDF + "type"), blank),
        (odd, _iri(RDF + "type"), ox.Literal("geen klasse")),
        (odd, _pg("tekst"), ox.Literal(text, language="nl")),
        (odd, _pg("tekst"), ox.Literal("", language="en-GB")),
        (odd, _pg("tekst"), ox.Literal("zonder taal")),
        (odd, _pg("tekst"), _typed("12", "integer")),  # no place in a language map
        (odd, _pg("tekst"), _iri(EX + "iri")),
        (odd, _iri(PREFIXES["skos"] + "prefLabel"), ox.Literal("een", language="nl")),
        (odd, _iri(PREFIXES["skos"] + "prefLabel"), ox.Literal("twee", language="nl")),
        (odd, _iri(PREFIXES["skos"] + "prefLabel"), ox.Literal("@none")),
        (odd, _pg("actie"), ox.Literal("tekst onder een IRI-eigenschap", language="nl")),
        (odd, _pg("actie"), ox.Literal('{"@value": 1}')),
        (odd, _pg("actie"), blank),
        (odd, _pg("actie"), _iri("urn:isbn:0451450523")),
        (odd, _pg("beschrijft"), _iri("mailto:a@example.org")),
        (odd, _pg("begroot"), _typed("007", "integer")),
        (odd, _pg("begroot"), _typed("-0", "integer")),
        (odd, _pg("begroot"), _typed("-12", "integer")),
        (odd, _pg("begroot"), _typed("+5", "integer")),
        (odd, _pg("begroot"), _typed("123456789012345678901234567890", "integer")),
        (odd, _pg("begroot"), _typed("1.5", "decimal")),
        (odd, _pg("begroot"), _iri(EX + "bedrag")),
        (odd, _pg("begroot"), other),
        (odd, _pg("nummer"), _typed("0", "integer")),
        (odd, _pg("geenAfwijking"), _typed("true", "boolean")),
        (odd, _pg("geenAfwijking"), _typed("1", "boolean")),
        (odd, _pg("geenAfwijking"), _typed("TRUE", "boolean")),
        (odd, _pg("waarde"), _typed("1.50", "decimal")),
        (odd, _pg("waarde"), _typed("1e3", "double")),
        (odd, _pg("jaar"), _typed("-0044", "gYear")),
        (odd, _pg("jaar"), ox.Literal("2019")),
        (odd, _pg("periode"), ox.Literal("I", datatype=_iri(EX + "eigen"))),
        (odd, _pg("periode"), ox.Literal("II", datatype=_pg("Actie"))),  # a term as datatype
        (odd, _pg("onbekend"), ox.Literal("pg: but no term")),
        (odd, _iri(EX + "p"), ox.Literal("no prefix")),
        (odd, _iri(PREFIXES["dcterms"] + "//x"), ox.Literal("looks like an authority")),
        (blank, _pg("tekst"), ox.Literal("blank subject", language="nl")),
        (blank, _iri(EX + "p"), other),
        (other, _iri(RDF + "type"), _pg("Doel")),
        (_iri("urn:x:y"), _iri(EX + "p"), odd),
    ]
    return [ox.Triple(*statement) for statement in statements]


def _ntriples(triples: list[ox.Triple]) -> bytes:
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    return canonical_ntriples([data])


@pytest.fixture(scope="module")
def example(seed_build: BuildResult) -> tuple[bytes, bytes]:
    out = seed_build.files[0].parent
    return (out / "prestaties.nt").read_bytes(), (out / "prestaties.jsonld").read_bytes()


def test_the_published_json_ld_expands_to_the_published_graph(
    example: tuple[bytes, bytes],
) -> None:
    ntriples, document = example
    assert set(ox.parse(input=document, format=ox.RdfFormat.JSON_LD)) == set(
        ox.parse(input=ntriples, format=ox.RdfFormat.N_TRIPLES)
    )
    assert document == jsonld_from_ntriples(ntriples)  # the build's writer is this one
    assert _rdflib_agrees(document, ntriples)  # another reader


def test_the_published_json_ld_is_plain_json_with_short_keys(
    example: tuple[bytes, bytes],
) -> None:
    document = json.loads(example[1])
    assert list(document) == ["@context", "@graph"]
    assert document["@context"] == jsonld_context()
    nodes = {node["@id"]: node for node in document["@graph"]}
    keys = {key for node in nodes.values() for key in node}
    assert not [key for key in keys if ":" in key]  # every predicate of the graph has a term
    description = nodes[
        "https://w3id.org/prestatiegraaf/id/prestatiebeschrijving/monitor-2016-ii/5.2.1"
    ]
    assert description["@type"] == "Prestatiebeschrijving"
    assert (
        description["beschrijft"] == "https://w3id.org/prestatiegraaf/id/prestatie/2015-2019/5.2.1"
    )
    assert all(action in nodes for action in description["actie"])  # joined by @id
    assert isinstance(description["title"]["nl"], str)
    budget = nodes[description["lasten"][0]]
    assert budget["@type"] == "Observation"
    assert {key: type(budget[key]) for key in ("begroot", "besteed", "ruimte")} == dict.fromkeys(
        ("begroot", "besteed", "ruimte"), int
    )
    assert budget["begroot"] - budget["besteed"] == budget["ruimte"]
    concept = nodes["https://w3id.org/prestatiegraaf/id/begrip/aspect-acties"]
    assert concept["prefLabel"] == {"nl": "acties", "en": "actions"}
    assert concept["notation"] == "acties"


def test_tricky_triples_come_back_exactly() -> None:
    ntriples = _ntriples(_tricky())
    document = jsonld_from_ntriples(ntriples)
    assert _expanded(document) == _graph(ntriples)
    assert _rdflib_agrees(document, ntriples)


def test_values_that_do_not_fit_their_term_keep_their_own_type() -> None:
    nodes = json.loads(jsonld_from_ntriples(_ntriples(_tricky())))["@graph"]
    node = next(n for n in nodes if n["@id"].startswith(EX))
    assert node["@type"] == ["dcterms:", "foaf:Document", f"{EX}Klasse", "Actie"]  # IRI order
    assert sorted(map(str, node["rdf:type"])) == ["{'@id': '_:b.x-1'}", "{'@value': 'geen klasse'}"]
    assert node["tekst"]["@none"] == "zonder taal" and node["tekst"]["en-gb"] == ""
    assert node["pg:tekst"] == [
        {"@value": "12", "@type": "xsd:integer"}, {"@id": f"{EX}iri"}
    ]  # fmt: skip
    assert node["prefLabel"] == {"nl": ["een", "twee"], "@none": "@none"}
    assert 7 not in node["begroot"] and "007" in node["begroot"]  # only exact numbers native
    assert -12 in node["begroot"] and "-0" in node["begroot"] and "+5" in node["begroot"]
    assert node["nummer"] == 0 and node["geenAfwijking"] == ["1", "TRUE", True]
    assert node["waarde"] == ["1.50", {"@value": "1e3", "@type": "xsd:double"}]
    assert f"{PREFIXES['dcterms']}//x" in node  # not a compact IRI: "//" would be an authority


def test_hand_written_escapes_are_json_escapes() -> None:
    lines = (
        b'<https://example.org/s> <https://example.org/p> "a\\U0001F600\\u00e9\\\'\tb" .\n'
        b"<https://example.org/s> <https://example.org/q> <https://example.org/\\u00e9> .\n"
    )
    document = jsonld_from_ntriples(lines)
    node = json.loads(document)["@graph"][0]
    assert node[f"{EX}p"] == "a😀é'\tb"
    assert node[f"{EX}q"] == {"@id": f"{EX}é"}
    assert _expanded(document) == _graph(lines)
    blocks = lines.splitlines(keepends=True)  # the subject goes on in a block without escapes
    assert b"".join(compact_jsonld(blocks)) == document


def test_one_node_object_a_line_whatever_the_blocks(example: tuple[bytes, bytes]) -> None:
    ntriples, document = example
    lines = ntriples.splitlines(keepends=True)
    assert b"".join(compact_jsonld(lines)) == document  # a block a line
    assert b"".join(compact_jsonld([b"".join(lines[:7]), b"".join(lines[7:])])) == document
    body = document.split(b'\n"@graph": [\n', 1)[1]
    nodes = body.removesuffix(b"\n]}\n").split(b",\n")
    subjects = list(dict.fromkeys(line.split(b">", 1)[0][1:] for line in lines))
    assert [json.loads(node)["@id"].encode() for node in nodes] == subjects


def test_an_empty_graph_is_an_empty_graph_array() -> None:
    document = json.loads(jsonld_from_ntriples(b""))
    assert document["@graph"] == [] and document["@context"] == jsonld_context()


def test_an_iri_that_would_read_as_a_compact_iri_is_refused() -> None:
    ntriples = _ntriples([ox.Triple(_iri("pg:Actie"), _iri(EX + "p"), ox.Literal("x"))])
    with pytest.raises(OutputError, match="'pg:Actie' would read as a compact IRI"):
        jsonld_from_ntriples(ntriples)
    ntriples = _ntriples([ox.Triple(_iri(EX + "s"), _iri(EX + "p"), _iri("skos:x"))])
    with pytest.raises(OutputError, match="compact IRI"):
        jsonld_from_ntriples(ntriples)


def test_a_base_the_json_ld_cannot_hold_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["build", "--out", str(tmp_path), "--base", "pg:x"])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    assert result.stderr.startswith("error: cannot write JSON-LD: the IRI 'pg:x/id/")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "prestaties.ttl").exists()  # nothing published


def test_the_context_follows_the_ontology() -> None:
    ontology = ox.Store()
    ontology.bulk_load(path=str(ontology_file()), format=ox.RdfFormat.TURTLE)
    context = jsonld_context()
    terms = {term.name: term for term in context_terms()}

    def of(kind: str) -> set[str]:
        found = ontology.quads_for_pattern(None, _iri(RDF + "type"), _iri(OWL + kind))
        return {_pg_name(q.subject) for q in found if isinstance(q.subject, ox.NamedNode)}

    functional = of("FunctionalProperty")
    assert of("Class") and all(context[name] == f"pg:{name}" for name in of("Class"))
    for name in of("ObjectProperty"):
        definition = context[name]
        assert isinstance(definition, dict) and definition["@type"] == "@id"
        assert ("@container" in definition) == (name not in functional), name
    ranges = {
        _pg_name(q.subject): q.object.value
        for q in ontology.quads_for_pattern(None, _iri(RDFS + "range"), None)
        if isinstance(q.object, ox.NamedNode) and isinstance(q.subject, ox.NamedNode)
    }
    for name in of("DatatypeProperty"):
        if ranges[name] == RDF + "langString":
            assert context[name] == {"@id": f"pg:{name}", "@container": "@language"}
        elif ranges[name] != XSD + "string":
            assert terms[name].values == "xsd:" + ranges[name].removeprefix(XSD)
    assert terms["prefLabel"].values == LANGUAGE and terms["Concept"].values == CLASS
    assert terms["inScheme"].values == IRI and terms["inScheme"].many
    assert "Document" in terms and terms["Document"].curie == "pg:Document"  # pg comes first
    assert terms["unit"].curie == "qudt:unit" and "qudt" in context  # a prefix gives way
    assert all(context[name] == PREFIXES[name] for name in PREFIXES if name not in terms)


def test_the_context_document_is_the_inline_context() -> None:
    assert json.loads(context_document()) == {"@context": jsonld_context()}
