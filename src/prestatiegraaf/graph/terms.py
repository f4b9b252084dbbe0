"""Stage 3, graph: pyoxigraph terms for our vocabulary and a small triple collector."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache, lru_cache

import pyoxigraph as ox

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.model import Span
from prestatiegraaf.namespaces import BEGRIP_IRI, PG_IRI, PREFIXES
from prestatiegraaf.resources import ontology_file
from prestatiegraaf.vocabulary import terms

XSD = PREFIXES["xsd"]
RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
_SPACE, _NOT_SPACE = re.compile(r"\s+"), re.compile(r"\S")
_SPACE_OR_HYPHEN, _NOT_SPACE_OR_HYPHEN = re.compile(r"[\s\-]+"), re.compile(r"[^\s\-]")


@cache
def pg(name: str) -> ox.NamedNode:
    """A term of our ontology.

    Raises:
        OntologyError: ``ontology/prestatiegraaf.ttl`` does not define ``name``.
    """
    if name not in terms():
        raise OntologyError(f"pg:{name} is not defined in the ontology", path=ontology_file())
    return ox.NamedNode(PG_IRI + name)


@cache
def std(curie: str) -> ox.NamedNode:
    """A term of a standard vocabulary by CURIE: ``std("skos:notation")``."""
    prefix, local = curie.split(":", 1)
    return ox.NamedNode(PREFIXES[prefix] + local)


@cache
def concept(scheme: str, code: str) -> ox.NamedNode:
    """A concept of one of our code lists: ``concept("kleur", "groen")``."""
    return ox.NamedNode(f"{BEGRIP_IRI}{scheme}-{code}")


def text(value: str, language: str = "nl") -> ox.Literal:
    """A language-tagged string."""
    return ox.Literal(value, language=language)


def plain(value: str) -> ox.Literal:
    """An xsd:string."""
    return ox.Literal(value)


def integer(value: int) -> ox.Literal:
    """An xsd:integer."""
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def decimal(value: Decimal) -> ox.Literal:
    """An xsd:decimal without trailing zeros (``40``, ``2.5``)."""
    normal = format(value.normalize(), "f")
    return ox.Literal(normal, datatype=ox.NamedNode(XSD + "decimal"))


def boolean(value: bool) -> ox.Literal:
    """An xsd:boolean."""
    return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))


def year(value: int) -> ox.Literal:
    """An xsd:gYear."""
    return ox.Literal(f"{value:04d}", datatype=ox.NamedNode(XSD + "gYear"))


Object = ox.NamedNode | ox.Literal


def narrow(span: Span, phrase: str, text: str) -> Span:
    """The part of ``span`` where ``phrase`` stands, or ``span`` itself if it is not found.

    White space and line breaks may differ between phrase and text, and so may hyphens
    between words (a PDF breaks ``Tech-Your-Future`` over two lines): both are compared
    without white space first, then also without hyphens.
    """
    for gap, kept in ((_SPACE, _NOT_SPACE), (_SPACE_OR_HYPHEN, _NOT_SPACE_OR_HYPHEN)):
        needle = gap.sub("", phrase)
        if not needle:
            return span
        squeezed, places = _squeezed(text, span.start, span.end, kept)
        at = squeezed.find(needle)
        if at >= 0:
            start, end = span.start + places[at], span.start + places[at + len(needle) - 1] + 1
            line = span.line + text.count("\n", span.start, start)
            return Span(line, start, end, text[start:end])
    return span


@lru_cache(maxsize=16)
def _squeezed(text: str, start: int, end: int, kept: re.Pattern[str]) -> tuple[str, list[int]]:
    """The characters of ``text[start:end]`` that ``kept`` keeps, and where each stands.

    Many facts of one section narrow their quote inside the same span (an action's targets,
    a long list's actions): the squeezed window is made once for all of them, so narrowing
    costs time linear in the window, not in the window times the facts.
    """
    window = text[start:end]
    places = [match.start() for match in kept.finditer(window)]
    return "".join(window[i] for i in places), places


class Triples:
    """Collects triples; facts with provenance get their quote and source document."""

    def __init__(self) -> None:
        self.items: list[ox.Triple] = []
        self._nodes: dict[str, ox.NamedNode] = {}  # one node per IRI: IRIs repeat a lot

    def node(self, iri: str) -> ox.NamedNode:
        """The (shared) node for ``iri``."""
        found = self._nodes.get(iri)
        if found is None:
            found = self._nodes[iri] = ox.NamedNode(iri)
        return found

    def add(self, subject: str | ox.NamedNode, predicate: ox.NamedNode, obj: Object) -> None:
        """Add one triple; a string subject is an IRI."""
        node = self.node(subject) if isinstance(subject, str) else subject
        self.items.append(ox.Triple(node, predicate, obj))

    def link(self, subject: str, predicate: ox.NamedNode, target: str) -> None:
        """Add a triple whose object is the IRI ``target``."""
        self.items.append(ox.Triple(self.node(subject), predicate, self.node(target)))

    def typed(self, subject: str, *classes: ox.NamedNode) -> None:
        """State the classes of ``subject``."""
        for cls in classes:
            self.add(subject, RDF_TYPE, cls)

    def provenance(
        self,
        fact: str,
        span: Span | None,
        document: str,
        source: str,
        text: str,
        phrase: str | None = None,
    ) -> None:
        """Link ``fact`` to its document and, when known, to the exact text it came from.

        The quote is cut from ``text`` (the decoded source file) by the span's offsets, so
        quote and offsets always agree; with ``phrase`` the quote narrows to where that
        phrase stands inside the span (white space and line breaks may differ).
        """
        self.link(fact, std("prov:wasDerivedFrom"), document)
        if span is None:
            return
        if phrase:
            span = narrow(span, phrase, text)
        resource, selector = f"{fact}/bron", f"{fact}/bron/citaat"
        self.link(fact, pg("bron"), resource)
        self.typed(resource, std("oa:SpecificResource"))
        self.link(resource, std("oa:hasSource"), source)
        self.link(resource, std("oa:hasSelector"), selector)
        self.typed(selector, std("oa:TextQuoteSelector"), std("oa:TextPositionSelector"))
        self.add(selector, std("oa:exact"), plain(text[span.start : span.end]))
        self.add(selector, std("oa:start"), integer(span.start))
        self.add(selector, std("oa:end"), integer(span.end))
        self.add(selector, pg("regel"), integer(span.line))
