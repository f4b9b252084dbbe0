"""How RDF terms are shown on a page: labels, short names and links, as plain values.

The templates receive :class:`TermView` values only; they escape every text they show, and a
term is a link only when :meth:`.Site.href` gives one (never for a ``javascript:`` IRI).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from prestatiegraaf.namespaces import PG_IRI, PREFIXES
from prestatiegraaf.serve.site import Site

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD = "http://www.w3.org/2001/XMLSchema#"
_LABELS = [
    ox.NamedNode(PREFIXES[prefix] + name)
    for prefix, name in (
        ("skos", "prefLabel"),
        ("rdfs", "label"),
        ("dcterms", "title"),
        ("foaf", "name"),
        ("dcterms", "identifier"),
        ("skos", "notation"),
    )
]
LONG_TEXT = 120
MAX_REMEMBERED = 100_000
_PLAIN = {XSD + name for name in ("string", "integer", "decimal", "double")}
_NOTATION = ox.NamedNode(PREFIXES["skos"] + "notation")
_DESCRIBES = ox.NamedNode(PG_IRI + "beschrijft")
_PART_OF = ox.NamedNode(PREFIXES["dcterms"] + "isPartOf")
_CODE = re.compile(r"\d+(?:\.\d+)*")


@dataclass(frozen=True)
class TermView:
    """A term as a page shows it.

    Attributes:
        text: what is shown.
        kind: ``iri``, ``literal`` or ``bnode``.
        href: where it links to, or None.
        title: the full IRI or value, shown on hover.
        note: a literal's language tag or short datatype name.
        long: the text is long enough to be shown as a paragraph.
    """

    text: str
    kind: str
    href: str | None = None
    title: str = ""
    note: str = ""
    long: bool = False


@dataclass
class Context:
    """What rendering needs: the graph, the ontology (for term labels) and the site."""

    store: ox.Store
    site: Site
    ontology: ox.Store | None = None
    language: str = "nl"
    _labels: dict[str, str | None] = field(default_factory=dict, repr=False)

    def _remember(self, key: str, value: str | None) -> None:
        if len(self._labels) >= MAX_REMEMBERED:  # a long-running server browses the graph
            self._labels.clear()
        self._labels[key] = value

    def label(self, node: ox.NamedNode | ox.BlankNode) -> str | None:
        """The best label of ``node`` in the graph or the ontology, None when it has none."""
        key = str(node)
        if key not in self._labels:
            self._remember(key, self._find_label(node))
        return self._labels[key]

    def _find_label(self, node: ox.NamedNode | ox.BlankNode) -> str | None:
        for store in (self.store, self.ontology):
            if store is None:
                continue
            for predicate in _LABELS:
                values = [q.object for q in store.quads_for_pattern(node, predicate, None)]
                literals = [v for v in values if isinstance(v, ox.Literal)]
                if literals:
                    return _preferred(literals, self.language).value
        return None

    def name(self, iri: str) -> str:
        """A short name of ``iri``: ``pg:actie`` when a known prefix fits, else the IRI."""
        for prefix, namespace in PREFIXES.items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri

    def kind(self, node: ox.NamedNode) -> str | None:
        """The label of the first class of ``node`` that has one."""
        for quad in self.store.quads_for_pattern(node, RDF_TYPE, None):
            if isinstance(quad.object, ox.NamedNode):
                found = self.label(quad.object)
                if found:
                    return found
        return None

    def _first(self, node: ox.NamedNode, predicate: ox.NamedNode) -> object:
        for quad in self.store.quads_for_pattern(node, predicate, None):
            return quad.object
        return None

    def code(self, node: ox.NamedNode) -> str:
        """The code of ``node`` (``5.2.1``), or of the prestatie a description describes."""
        for subject in (node, self._first(node, _DESCRIBES)):
            if isinstance(subject, ox.NamedNode):
                notation = self._first(subject, _NOTATION)
                if isinstance(notation, ox.Literal) and _CODE.fullmatch(notation.value):
                    return notation.value
        return ""

    def title(self, node: ox.NamedNode) -> str:
        """How ``node`` is named on a page: its label, with its code and its document."""
        key = "title " + node.value
        if key not in self._labels:
            self._remember(key, self._title(node))
        return self._labels[key] or ""

    def _title(self, node: ox.NamedNode) -> str:
        label, code = self.label(node), self.code(node)
        if label is None:
            if self.name(node.value) != node.value:
                return self.name(node.value)
            last = node.value.rstrip("/").rsplit("/", 1)[-1]
            kind = self.kind(node)
            if kind and kind.casefold() == last.casefold():
                return kind
            return f"{kind} {last}" if kind else last
        if label == code or (code and label == code.rsplit(".", 1)[-1]):
            kind = self.kind(node)
            title = f"{kind} {label}" if kind else label
        else:
            title = f"{code} {label}" if code and code not in label else label
        document = self._first(node, _PART_OF)
        if isinstance(document, ox.NamedNode) and document != node:
            name = self.label(document)
            if name and name not in title:
                title += f" — {name}"
        return title

    def owner(self, iri: str) -> str | None:
        """The nearest resource of the graph whose IRI ``iri`` hangs below, if any."""
        key = "owner " + iri
        if key not in self._labels:
            found = None
            head = iri.rstrip("/")
            while "/" in head and self.site.path_of(head := head.rsplit("/", 1)[0]):
                if any(True for _ in self.store.quads_for_pattern(ox.NamedNode(head), None, None)):
                    found = head
                    break
            self._remember(key, found)
        return self._labels[key]

    def view(self, term: object, *, predicate: bool = False, here: str = "") -> TermView:
        """The view of any term; a predicate is shown by its short name.

        A resource without a label of its own is named after the one its IRI hangs below,
        unless that is ``here``, the page it is shown on.
        """
        if isinstance(term, ox.NamedNode):
            iri = term.value
            if predicate:
                return TermView(self.name(iri), "iri", self.site.href(iri), iri)
            text = self.title(term)
            owner = self.owner(iri) if self.label(term) is None else None
            if owner is not None and owner != here:
                text += " · " + self.title(ox.NamedNode(owner))
            return TermView(text, "iri", self.site.href(iri), iri)
        if isinstance(term, ox.Literal):
            return literal_view(term)
        if isinstance(term, ox.BlankNode):
            return TermView(self.label(term) or f"_:{term.value}", "bnode", title="blank node")
        return TermView(str(term), "literal")


def _preferred(literals: list[ox.Literal], language: str) -> ox.Literal:
    for literal in literals:
        if literal.language == language:
            return literal
    for literal in literals:
        if not literal.language:
            return literal
    return literals[0]


def literal_view(literal: ox.Literal) -> TermView:
    """A literal: its value, with its language tag or a short datatype name."""
    note = literal.language or ""
    datatype = literal.datatype.value
    if not note and datatype not in _PLAIN:
        note = "xsd:" + datatype[len(XSD) :] if datatype.startswith(XSD) else datatype
    value = literal.value
    return TermView(value, "literal", None, value, note, len(value) > LONG_TEXT or "\n" in value)


def json_term_view(binding: dict[str, object], context: Context) -> TermView:
    """A term of the W3C SPARQL JSON results format."""
    kind, value = binding.get("type"), str(binding.get("value", ""))
    if kind == "uri":
        iri = value
        return TermView(context.name(iri), "iri", context.site.href(iri), iri)
    if kind == "bnode":
        return TermView(f"_:{value}", "bnode", title="blank node")
    if kind == "literal" or kind == "typed-literal":
        language = binding.get("xml:lang")
        datatype = binding.get("datatype")
        literal = ox.Literal(
            value,
            language=str(language) if language else None,
            datatype=ox.NamedNode(str(datatype)) if datatype and not language else None,
        )
        return literal_view(literal)
    return TermView(str(value), "literal")
