"""Compact JSON-LD: the graph as plain JSON objects with short keys, and its ``@context``.

The context is made from the ontology (a term for every class and property of ``pg:``: object
properties hold IRIs, datatype properties a literal of their range, ``rdf:langString`` a
language map, properties that are not functional always an array) and from the terms of the
reused vocabularies that the graph states (:data:`REUSED`). It depends on nothing else (not on
``--base``), so one context serves every build: it is written at the top of the JSON-LD file,
which so reads without fetching anything, and as ``context.jsonld`` for others to refer to.

The writer reads canonical N-Triples (the lines of one subject together, see
:mod:`..serialize`) and writes one node object a line, in the same order, holding one subject
at a time. ``@id`` and IRI values are written in full, so a reader that ignores the context
can still join nodes by ``@id``. A value that does not fit its term (another datatype, a plain
string under an IRI property) becomes a value or node object, so the document always expands
to exactly the triples it was written from.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox

from prestatiegraaf.errors import OntologyError, OutputError
from prestatiegraaf.namespaces import PG_IRI, PREFIXES
from prestatiegraaf.resources import ontology_file

CONTEXT_FILE = "context.jsonld"
CLASS, IRI, LANGUAGE, STRING = "class", "@id", "@language", "xsd:string"

REUSED: tuple[tuple[str, bool, str], ...] = (
    (CLASS, False, "dcat:Dataset dcat:Distribution foaf:Person oa:SpecificResource "
     "oa:TextPositionSelector oa:TextQuoteSelector org:FormalOrganization org:Organization "
     "org:OrganizationalCollaboration prov:Entity qb:DataSet qb:Observation skos:Concept "
     "skos:ConceptScheme"),
    (LANGUAGE, False, "dcterms:title dcterms:description skos:prefLabel skos:altLabel "
     "skos:definition rdfs:label rdfs:comment"),
    (STRING, False, "dcterms:identifier skos:notation skos:note foaf:name oa:exact dcat:mediaType"),
    ("xsd:integer", False, "oa:start oa:end void:triples"),
    ("xsd:dateTime", False, "dcterms:modified"),
    ("xsd:date", False, "dcterms:date"),
    (IRI, False, "oa:hasSource oa:hasSelector dcterms:publisher dcterms:license "
     "dcterms:isVersionOf prov:wasRevisionOf qb:dataSet qb:structure qudt:unit "
     "sdmx-attribute:unitMeasure foaf:homepage rdf:subject rdf:predicate rdf:object"),
    (IRI, True, "dcterms:isPartOf dcterms:source dcterms:replaces dcat:distribution foaf:page "
     "prov:wasDerivedFrom skos:inScheme skos:topConceptOf skos:hasTopConcept skos:broader "
     "skos:related skos:exactMatch"),
)  # fmt: skip
"""Terms of the reused vocabularies the graph states: (values, several values, names)."""

Definition = str | dict[str, str]
_Found = dict[bytes, list[bytes]]
_Maps = dict[bytes, dict[bytes, list[bytes]]]
_OWL, _RDFS, _XSD = PREFIXES["owl"], PREFIXES["rdfs"], PREFIXES["xsd"]
_RDF_TYPE = PREFIXES["rdf"] + "type"
_TYPE_KEY = b"<" + _RDF_TYPE.encode() + b">"
_PLAIN = b"^^<" + _XSD.encode() + b"string>"  # the suffix of an explicit xsd:string
_GRAPH = b'\n},\n"@graph": [\n'
_FOOTER = b"\n]}\n"
_CANONICAL_INTEGER = re.compile(rb"0|-?[1-9][0-9]{0,14}")  # exact in every JSON reader
_INTEGER, _BOOLEAN = b"^^<" + _XSD.encode() + b"integer>", b"^^<" + _XSD.encode() + b"boolean>"
_CONTROLS = bytes(range(10)) + bytes(range(11, 32))  # raw in N-Triples, never in JSON
_JSON_UNSAFE = re.compile(rb"\\[U']|[\x00-\x1f]")  # N-Triples text that is not JSON text
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


@dataclass(frozen=True)
class Term:
    """A term of the context: its name, the IRI it stands for, and what its values are."""

    name: str
    curie: str  # prefix:local
    values: str  # CLASS, IRI, LANGUAGE, STRING or a datatype as xsd:name
    many: bool = False  # written as an array, also with one value

    def definition(self) -> Definition:
        """The term's definition in the context."""
        if self.values == LANGUAGE:
            return {"@id": self.curie, "@container": "@language"}
        definition = {"@id": self.curie}
        if self.values not in (CLASS, STRING):
            definition["@type"] = self.values
        if self.many:
            definition["@container"] = "@set"
        return definition if len(definition) > 1 else self.curie

    @property
    def iri(self) -> str:
        """The IRI the term stands for."""
        prefix, _, local = self.curie.partition(":")
        return PREFIXES[prefix] + local


@cache
def context_terms() -> tuple[Term, ...]:
    """The terms of the context: the ontology's first, then the reused ones whose name is free.

    A name is taken by the first term that has it; the name of a prefix that the terms' IRIs
    are written with stays the prefix's, another prefix gives its name up to a term (``unit``
    is ``qudt:unit``, so units are written in full).

    Raises:
        OntologyError: the ontology file is missing or not valid Turtle.
    """
    reused = [
        Term(curie.partition(":")[2], curie, values, many)
        for values, many, curies in REUSED
        for curie in curies.split()
    ]
    candidates = [*_ontology_terms(), *reused]
    needed = {"xsd"} | {term.curie.partition(":")[0] for term in candidates}
    terms: dict[str, Term] = {}
    for term in candidates:
        if term.name not in needed and term.name not in terms:
            terms[term.name] = term
    return tuple(sorted(terms.values(), key=lambda t: (t.values != CLASS, t.name)))


def context_prefixes() -> dict[str, str]:
    """The prefixes of the context: the project's, but for those whose name is a term's."""
    names = {term.name for term in context_terms()}
    return {name: iri for name, iri in sorted(PREFIXES.items()) if name not in names}


@cache
def jsonld_context() -> dict[str, object]:
    """The ``@context`` of the published JSON-LD: prefixes, then classes, then properties."""
    context: dict[str, object] = {"@version": 1.1}
    context.update(context_prefixes())
    context.update((term.name, term.definition()) for term in context_terms())
    return context


def context_document() -> bytes:
    """``context.jsonld``: the context as a document of its own."""
    text = json.dumps({"@context": jsonld_context()}, indent=2, ensure_ascii=False)
    return (text + "\n").encode()


def _ontology_terms() -> list[Term]:
    """A term for each class and property of the ontology (``pg:`` terms only)."""
    path = ontology_file()
    facts: dict[str, dict[str, list[str]]] = {}
    try:
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            subject, value = quad.subject, quad.object
            if isinstance(subject, ox.NamedNode) and subject.value.startswith(PG_IRI):
                about = facts.setdefault(subject.value.removeprefix(PG_IRI), {})
                about.setdefault(quad.predicate.value, []).append(str(getattr(value, "value", "")))
    except (OSError, SyntaxError) as exc:
        raise OntologyError(f"ontology unreadable: {exc}", path=path) from exc
    terms = []
    for name, about in sorted(facts.items()):
        kinds = set(about.get(_RDF_TYPE, ()))
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", name):
            continue
        many = _OWL + "FunctionalProperty" not in kinds
        if _OWL + "Class" in kinds:
            terms.append(Term(name, f"pg:{name}", CLASS))
        elif _OWL + "ObjectProperty" in kinds:
            terms.append(Term(name, f"pg:{name}", IRI, many))
        elif _OWL + "DatatypeProperty" in kinds:
            ranges = about.get(_RDFS + "range", [])
            datatype = ranges[0] if len(ranges) == 1 else ""
            values = "xsd:" + datatype.removeprefix(_XSD) if datatype.startswith(_XSD) else STRING
            values = LANGUAGE if datatype == PREFIXES["rdf"] + "langString" else values
            terms.append(Term(name, f"pg:{name}", values, many and values != LANGUAGE))
    return terms


@dataclass(frozen=True, slots=True)
class _Key:
    """How the values of one predicate are written."""

    key: bytes  # the key, as JSON
    values: str  # as Term.values; "" for no term, "@type" for rdf:type
    datatype: bytes = b""  # the N-Triples suffix of the term's datatype, ^^<...>
    other: bytes = b""  # the key of values that a language map or @type cannot hold


class _Writer:
    """Node objects from canonical N-Triples, with the terms of :func:`context_terms`."""

    def __init__(self) -> None:
        terms = context_terms()
        self.names = {term.iri.encode(): _json(term.name) for term in terms}
        self.terms = {term.iri.encode(): term for term in terms if term.values != CLASS}
        self.prefixes = sorted(
            ((name.encode(), iri.encode()) for name, iri in context_prefixes().items()),
            key=lambda prefix: -len(prefix[1]),
        )
        self.prefix_names = {name for name, _ in self.prefixes}
        self.arrays = {_json(term.name) for term in terms if term.many}
        self.keys = {_TYPE_KEY: _Key(b'"@type"', "@type", other=self.vocab(_TYPE_KEY[1:-1]))}
        self.vocabulary: dict[bytes, bytes] = {}
        self.careful = True  # whether text may need more than copying to be JSON

    def checked(self, iri: bytes) -> bytes:
        """``iri``, refused if JSON-LD would read it as a compact IRI.

        Raises:
            OutputError: its scheme is the name of a prefix.
        """
        scheme, colon, rest = iri.partition(b":")
        if colon and scheme in self.prefix_names and not rest.startswith(b"//"):
            raise OutputError(
                f"cannot write JSON-LD: the IRI {iri.decode()!r} would read as a compact IRI, "
                f"{scheme.decode()}: being a prefix of the context; expected IRIs such as https:"
            )
        return iri

    def vocab(self, iri: bytes, terms: bool = True) -> bytes:
        """``iri`` as a key or type (JSON): its term, a compact IRI, or the IRI itself."""
        if terms and iri in self.names:
            return self.names[iri]
        for name, namespace in self.prefixes:
            if iri.startswith(namespace) and not iri[len(namespace) :].startswith(b"//"):
                return _json((name + b":" + iri[len(namespace) :]).decode())
        return _json(self.checked(iri).decode())

    def key(self, predicate: bytes) -> _Key:
        """How the values of the predicate ``<IRI>`` are written."""
        found = self.keys.get(predicate)
        if found is None:
            iri = _iri(predicate[1:-1])
            term, other = self.terms.get(iri), self.vocab(iri, terms=False)
            if term is None:
                found = _Key(other, "", other=other)
            else:
                plain = term.values in (IRI, LANGUAGE, STRING)
                suffix = b"" if plain else b"^^<" + (_XSD + term.values[4:]).encode() + b">"
                found = _Key(_json(term.name), term.values, suffix, other)
            self.keys[predicate] = found
        return found

    def type_name(self, iri: bytes) -> bytes:
        """A class or datatype IRI as the JSON string that names it."""
        found = self.vocabulary.get(iri)
        if found is None:
            found = self.vocabulary[iri] = self.vocab(_iri(iri))
        return found

    def text(self, text: bytes) -> bytes:
        """N-Triples string content or an IRI as a JSON string."""
        if self.careful and _JSON_UNSAFE.search(text) is not None:
            return _json(_unescape(text.decode()))
        return b'"' + text + b'"'

    def nodes(self, blocks: Iterable[bytes]) -> Iterator[bytes]:
        """The node objects of the N-Triples ``blocks`` (whole lines), one line each."""
        subject = b""
        statements: list[list[bytes]] = []
        for block in blocks:
            controls = len(block.translate(None, _CONTROLS)) != len(block)
            careful = controls or b"\\U" in block or b"\\'" in block
            self.careful = careful or (self.careful and bool(statements))  # a subject goes on
            done = []
            for line in block.split(b"\n"):
                if line:
                    statement = line.split(b" ", 2)
                    if statement[0] != subject:
                        if statements:
                            done.append(self.node(subject, statements))
                        subject, statements = statement[0], []
                    statements.append(statement)
            if done:
                yield b",\n".join(done)
        if statements:
            yield self.node(subject, statements)

    def node(self, subject: bytes, statements: list[list[bytes]]) -> bytes:
        """The node object of ``subject`` with its ``statements``, on one line."""
        keys, careful, names = self.keys, self.careful, self.vocabulary
        types: list[bytes] = []
        found: _Found = {}  # key: values, in the order of the statements
        maps: _Maps = {}  # language maps: key: language: values
        for _, predicate, rest in statements:
            spec = keys.get(predicate) or self.key(predicate)
            values = spec.values
            if rest[0] == 34:  # a literal: "text", "text"@language or "text"^^<datatype>
                end = rest.rindex(b'"')
                text, suffix = rest[1:end], rest[end + 1 : -2]
                string = self.text(text) if careful else b'"' + text + b'"'
                plain = not suffix or suffix == _PLAIN
                if values == LANGUAGE and (plain or suffix[0] == 64):
                    key = spec.key
                    if key not in maps:
                        maps[key], found[key] = {}, []
                    language = b'"@none"' if plain else b'"' + suffix[1:] + b'"'
                    maps[key].setdefault(language, []).append(string)
                    continue
                key = spec.other if values in (LANGUAGE, "@type") else spec.key
                if plain:
                    encoded = string if values in (STRING, "") else b'{"@value":' + string + b"}"
                elif suffix == spec.datatype:
                    encoded = _typed(suffix, text, string)
                elif suffix[0] == 64:  # @
                    encoded = b'{"@value":' + string + b',"@language":"' + suffix[1:] + b'"}'
                else:
                    datatype = self.type_name(suffix[3:-1])
                    encoded = b'{"@value":' + string + b',"@type":' + datatype + b"}"
            else:  # an IRI or a blank node
                iri = rest[0] == 60
                node = rest[1:-3] if iri else rest[:-2]
                if node[:4] != b"http":
                    self.checked(node)
                if values == "@type" and iri:
                    types.append(names.get(node) or self.type_name(node))
                    continue
                encoded = self.text(node) if careful else b'"' + node + b'"'
                if values == IRI:
                    key = spec.key
                else:
                    encoded = b'{"@id":' + encoded + b"}"
                    key = spec.other if values in (LANGUAGE, "@type") else spec.key
            if key in found:
                found[key].append(encoded)
            else:
                found[key] = [encoded]
        return self._assembled(subject, types, found, maps)

    def _assembled(self, subject: bytes, types: list[bytes], found: _Found, maps: _Maps) -> bytes:
        identity = subject[1:-1] if subject[0] == 60 else subject
        if identity[:4] != b"http":
            self.checked(identity)
        parts = [b'{"@id":' + self.text(identity)]
        if types:
            parts.append(b'"@type":' + _one_or_array(types))
        arrays = self.arrays
        for key, values in found.items():
            if key in maps:
                inner = b",".join(lang + b":" + _one_or_array(v) for lang, v in maps[key].items())
                parts.append(key + b":{" + inner + b"}")
            elif len(values) > 1 or key in arrays:
                parts.append(key + b":[" + b",".join(values) + b"]")
            else:
                parts.append(key + b":" + values[0])
        return b",".join(parts) + b"}"


def _one_or_array(values: list[bytes]) -> bytes:
    return values[0] if len(values) == 1 else b"[" + b",".join(values) + b"]"


def _typed(suffix: bytes, text: bytes, string: bytes) -> bytes:
    """A literal of its term's datatype: a JSON number or boolean where that is exact."""
    if suffix == _INTEGER:
        if text.isdigit() and len(text) < 16 and (text[0] != 48 or len(text) == 1):
            return text  # the common case, without the pattern
        return text if _CANONICAL_INTEGER.fullmatch(text) else string
    if suffix == _BOOLEAN and text in (b"true", b"false"):
        return text
    return string


def _unescape(text: str) -> str:
    """Text with its N-Triples escapes (a backslash and a letter or code point) resolved."""

    def one(match: re.Match[str]) -> str:
        code = match.group(1) or match.group(2)
        return chr(int(code, 16)) if code else _ECHAR.get(match.group(3), match.group(0))

    return _ESCAPE.sub(one, text)


def _iri(iri: bytes) -> bytes:
    return _unescape(iri.decode()).encode() if b"\\" in iri else iri


def _json(text: str) -> bytes:
    return json.dumps(text, ensure_ascii=False).encode()


def _header() -> bytes:
    entries = ",\n".join(f"{json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}"
                         for name, value in jsonld_context().items())  # fmt: skip
    return b'{"@context": {\n' + entries.encode() + _GRAPH


def compact_jsonld(blocks: Iterable[bytes]) -> Iterator[bytes]:
    """The JSON-LD document of canonical N-Triples ``blocks`` (each whole lines), in pieces.

    The context comes first, then ``"@graph"`` with one node object a line in the order of
    the subjects; a comma and a line break separate two node objects and occur nowhere else
    in the graph.

    Raises:
        OutputError: an IRI would read as a compact IRI (its scheme is a prefix's name).
    """
    yield _header()
    first = True
    for nodes in _Writer().nodes(blocks):
        yield nodes if first else b",\n" + nodes
        first = False
    yield _FOOTER if not first else _FOOTER[1:]
