"""The ontology as one HTML page per language, made from ``ontology/``.

Every class, property and data structure of ``pg:`` has its section at ``#<local name>`` (so
``/def#Prestatie`` opens the page at the term) with its label and definition in the page's
language (the other language where a text exists only in that one), its superclasses or
superproperties, domains and ranges; terms of the reused vocabularies link out to their IRIs.
The code lists of ``begrippen.ttl`` follow, each concept with its notation. Every text is
escaped, only ``http(s)`` IRIs become links, and the page needs nothing from elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.namespaces import PG_IRI, PREFIXES
from prestatiegraaf.publish.jsonld import CONTEXT_FILE, context_document
from prestatiegraaf.resources import ontology_dir as project_ontology_dir

LANGUAGES = ("nl", "en")
PAGES = {language: f"ontologie.{language}.html" for language in LANGUAGES}
"""The file of each language's page, as a build publishes it."""

_OWL, _RDFS, _SKOS = PREFIXES["owl"], PREFIXES["rdfs"], PREFIXES["skos"]
_RDF = PREFIXES["rdf"]
_TYPE, _DCT = _RDF + "type", PREFIXES["dcterms"]
_FILES = ("prestatiegraaf.ttl", "begrippen.ttl")
_GROUPS = (  # section anchor, the kinds of terms in it
    ("klassen", (_OWL + "Class",)),
    ("objecteigenschappen", (_OWL + "ObjectProperty",)),
    ("datatype-eigenschappen", (_OWL + "DatatypeProperty",)),
    ("structuren", (PREFIXES["qb"] + "DataStructureDefinition",)),
)
_WORDS = {
    "nl": {
        "klassen": "Klassen", "objecteigenschappen": "Objecteigenschappen",
        "datatype-eigenschappen": "Datatype-eigenschappen", "structuren": "Datastructuren",
        "begrippen": "Codelijsten", "contents": "Inhoud", "namespace": "Namespace",
        "prefix": "Prefix", "version": "Versie", "license": "Licentie",
        "sub": "Subklasse van", "subs": "Subklassen", "subproperty": "Subeigenschap van",
        "domain": "Domein", "range": "Bereik", "kind": "Soort", "see": "Zie ook",
        "functional": "functioneel: ten hoogste één waarde", "or": "of",
        "domain of": "Domein van", "range of": "Bereik van", "component": "Componenten",
        "notation": "Code", "label": "Naam", "definition": "Definitie",
        "other": "English", "made": "Gemaakt uit", "context": "JSON-LD-context",
    },
    "en": {
        "klassen": "Classes", "objecteigenschappen": "Object properties",
        "datatype-eigenschappen": "Datatype properties", "structuren": "Data structures",
        "begrippen": "Code lists", "contents": "Contents", "namespace": "Namespace",
        "prefix": "Prefix", "version": "Version", "license": "Licence",
        "sub": "Subclass of", "subs": "Subclasses", "subproperty": "Subproperty of",
        "domain": "Domain", "range": "Range", "kind": "Kind", "see": "See also",
        "functional": "functional: at most one value", "or": "or",
        "domain of": "Domain of", "range of": "Range of", "component": "Components",
        "notation": "Code", "label": "Label", "definition": "Definition",
        "other": "Nederlands", "made": "Made from", "context": "JSON-LD context",
    },
}  # fmt: skip
_CSS = """
body{font:16px/1.5 system-ui,sans-serif;color:#1b1b1b;background:#fff;margin:0}
header,nav,main,footer{max-width:58rem;margin:0 auto;padding:0 1.25rem}
header{padding-top:1.5rem}h1{font-size:1.9rem;margin:.2rem 0}
h2{font-size:1.4rem;border-bottom:2px solid #2a5d8f;padding-bottom:.2rem;margin-top:2.5rem}
h3{font-size:1.15rem;margin:0 0 .3rem}a{color:#1f5a96}code{font-size:.92em}
.switch{float:right}.iri{color:#555;font-size:.85rem;margin:0;word-break:break-all}
.term{border-left:4px solid #d6e2ee;padding:.3rem 0 .3rem 1rem;margin:1.4rem 0}
.term:target{border-left-color:#2a5d8f;background:#f3f7fb}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.5rem 0}
dl.facts dt{font-weight:600}dl.facts dd{margin:0}
nav ul{columns:3 14rem;padding-left:1.1rem;font-size:.92rem}
table{border-collapse:collapse;width:100%;font-size:.92rem}
td,th{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
tr:target{background:#f3f7fb}footer{color:#666;font-size:.85rem;padding:2rem 1.25rem}
"""

Node = ox.NamedNode | ox.BlankNode
Value = ox.NamedNode | ox.BlankNode | ox.Literal


class _Ontology:
    """The statements of the ontology files, by subject and predicate."""

    def __init__(self, folder: Path) -> None:
        self.facts: dict[Node, dict[str, list[Value]]] = {}
        for name in _FILES:
            path = folder / name
            try:
                for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
                    about = self.facts.setdefault(quad.subject, {})
                    about.setdefault(quad.predicate.value, []).append(quad.object)
            except (OSError, SyntaxError) as exc:
                raise OntologyError(f"ontology unreadable: {exc}", path=path) from exc

    def values(self, node: Node, predicate: str) -> list[Value]:
        return self.facts.get(node, {}).get(predicate, [])

    def typed(self, *kinds: str) -> list[ox.NamedNode]:
        """The subjects of any of ``kinds``, sorted by IRI."""
        wanted = {ox.NamedNode(kind) for kind in kinds}
        found = [s for s, about in self.facts.items() if wanted & set(about.get(_TYPE, []))]
        return sorted((s for s in found if isinstance(s, ox.NamedNode)), key=lambda s: s.value)

    def members(self, node: Value) -> list[Value]:
        """The items of the RDF list ``node``."""
        items: list[Value] = []
        while isinstance(node, ox.BlankNode) and len(items) < 10_000:
            items += self.values(node, _RDF + "first")[:1]
            node = (self.values(node, _RDF + "rest") or [ox.NamedNode(_RDF + "nil")])[0]
        return items


class _Page:
    """One language's page of an :class:`_Ontology`."""

    def __init__(self, ontology: _Ontology, language: str) -> None:
        self.ontology, self.language = ontology, language
        self.words = _WORDS[language]
        self.anchors: dict[str, str] = {}  # IRI -> anchor on the page
        terms = [t for _, kinds in _GROUPS for t in ontology.typed(*kinds)]
        for term in terms + ontology.typed(_OWL + "Ontology"):
            if term.value.startswith(PG_IRI):
                self.anchors[term.value] = term.value.removeprefix(PG_IRI)
        taken = set(self.anchors.values()) | {anchor for anchor, _ in _GROUPS} | {"begrippen"}
        for scheme in ontology.typed(_SKOS + "ConceptScheme", _SKOS + "Concept"):
            local = scheme.value.rsplit("/", 1)[-1]
            self.anchors[scheme.value] = local if local not in taken else f"begrip-{local}"

    def plain(self, node: Node, *predicates: str) -> tuple[str, str | None]:
        """The first text of ``predicates`` (escaped) and its language.

        A text in the page's language comes first, then one in the other, then any other.
        """
        for predicate in predicates:
            texts = [v for v in self.ontology.values(node, predicate) if isinstance(v, ox.Literal)]
            mine = [t for t in texts if t.language == self.language]
            for literal in mine or sorted(texts, key=lambda t: t.language not in LANGUAGES):
                return escape(literal.value), literal.language
        return "", None

    def text(self, node: Node, *predicates: str) -> str:
        """:meth:`plain` as HTML, marked when it is in another language."""
        text, language = self.plain(node, *predicates)
        if language and language != self.language:
            return f'<span lang="{escape(language)}">{text}</span>'
        return text

    def label(self, node: ox.NamedNode) -> str:
        return self.text(node, _RDFS + "label", _SKOS + "prefLabel") or escape(_local(node.value))

    def link(self, value: Value) -> str:
        """A term as a link: to its section on this page, or out to its IRI."""
        if isinstance(value, ox.Literal):
            return escape(value.value)
        if isinstance(value, ox.BlankNode):
            union = self.ontology.values(value, _OWL + "unionOf")
            items = self.ontology.members(union[0]) if union else []
            return f" {self.words['or']} ".join(self.link(item) for item in items) or "…"
        iri = value.value
        if iri in self.anchors:
            return f'<a href="#{escape(self.anchors[iri])}">{self._name(iri)}</a>'
        if iri.startswith(("http://", "https://")):
            return f'<a href="{escape(iri)}">{self._name(iri)}</a>'
        return self._name(iri)

    def _name(self, iri: str) -> str:
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda p: -len(p[1])):
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"<code>{escape(prefix)}:{escape(iri[len(namespace) :])}</code>"
        return f"<code>{escape(iri)}</code>"

    def links(self, values: Iterable[Value]) -> str:
        return ", ".join(self.link(v) for v in values)

    def facts(self, rows: Iterable[tuple[str, str]]) -> str:
        """A list of facts; rows without a value are left out."""
        cells = "".join(f"<dt>{self.words[k]}</dt><dd>{v}</dd>" for k, v in rows if v)
        return f'<dl class="facts">{cells}</dl>' if cells else ""

    def term(self, term: ox.NamedNode, kinds: tuple[str, ...]) -> str:
        """The section of one term."""
        on = self.ontology
        iri, words = term.value, self.words
        inverse = [
            (s, p)
            for s, about in on.facts.items()
            for p in (_RDFS + "domain", _RDFS + "range")
            if isinstance(s, ox.NamedNode) and _mentions(on, about.get(p, []), term)
        ]
        functional = ox.NamedNode(_OWL + "FunctionalProperty")
        types = [t for t in on.values(term, _TYPE) if t.value not in kinds and t != functional]
        kind = self.links(types)
        if functional in on.values(term, _TYPE):
            kind = ", ".join(filter(None, [kind, words["functional"]]))
        subclasses = [
            s for s, facts in on.facts.items() if term in facts.get(_RDFS + "subClassOf", [])
        ]
        components = [
            value
            for part in on.values(term, PREFIXES["qb"] + "component")
            if isinstance(part, ox.BlankNode)
            for role in ("dimension", "measure", "attribute")
            for value in on.values(part, PREFIXES["qb"] + role)
        ]
        facts = self.facts(
            [
                ("sub", self.links(on.values(term, _RDFS + "subClassOf"))),
                ("subproperty", self.links(on.values(term, _RDFS + "subPropertyOf"))),
                ("subs", self.links(sorted(subclasses, key=str))),
                ("kind", kind),
                ("domain", self.links(on.values(term, _RDFS + "domain"))),
                ("range", self.links(on.values(term, _RDFS + "range"))),
                ("component", self.links(components)),
                ("domain of", self.links(s for s, p in inverse if p.endswith("domain"))),
                ("range of", self.links(s for s, p in inverse if p.endswith("range"))),
                ("see", self.links(on.values(term, _RDFS + "seeAlso"))),
            ]
        )
        definition = self.text(term, _SKOS + "definition", _RDFS + "comment")
        return (
            f'<article class="term" id="{escape(self.anchors[iri])}">'
            f"<h3>{self.label(term)} {self._name(iri)}</h3>"
            f'<p class="iri">{escape(iri)}</p>'
            + (f"<p>{definition}</p>" if definition else "")
            + facts
            + "</article>\n"
        )

    def scheme(self, scheme: ox.NamedNode) -> str:
        """The section of a code list, with a row for each concept."""
        on = self.ontology
        concepts = [
            c for c in on.typed(_SKOS + "Concept") if scheme in on.values(c, _SKOS + "inScheme")
        ]
        rows = "".join(
            f'<tr id="{escape(self.anchors[c.value])}">'
            f"<td><code>{self.text(c, _SKOS + 'notation')}</code></td>"
            f"<td>{self.label(c)}</td><td>{self.text(c, _SKOS + 'definition')}</td></tr>"
            for c in concepts
        )
        words = self.words
        description = self.text(scheme, _DCT + "description", _SKOS + "definition")
        return (
            f'<article class="term" id="{escape(self.anchors[scheme.value])}">'
            f"<h3>{self.label(scheme)}</h3>"
            f'<p class="iri">{escape(scheme.value)}</p>'
            + (f"<p>{description}</p>" if description else "")
            + f"<table><tr><th>{words['notation']}</th><th>{words['label']}</th>"
            f"<th>{words['definition']}</th></tr>{rows}</table></article>\n"
        )

    def html(self) -> str:
        """The whole page."""
        on, words, language = self.ontology, self.words, self.language
        header = ox.NamedNode(PG_IRI.rstrip("#"))
        title = self.plain(header, _DCT + "title")[0] or "Prestatiegraaf"
        sections, contents = [], []
        for anchor, kinds in _GROUPS:
            terms = [t for t in on.typed(*kinds) if t.value in self.anchors]
            if not terms:
                continue
            items = "".join(f"<li>{self.link(t)}</li>" for t in terms)
            contents.append(f'<li><a href="#{anchor}">{words[anchor]}</a><ul>{items}</ul></li>')
            body = "".join(self.term(t, kinds) for t in terms)
            sections.append(f'<section id="{anchor}"><h2>{words[anchor]}</h2>\n{body}</section>')
        schemes = on.typed(_SKOS + "ConceptScheme")
        if schemes:
            items = "".join(f"<li>{self.link(s)}</li>" for s in schemes)
            contents.append(
                f'<li><a href="#begrippen">{words["begrippen"]}</a><ul>{items}</ul></li>'
            )
            body = "".join(self.scheme(s) for s in schemes)
            sections.append(
                f'<section id="begrippen"><h2>{words["begrippen"]}</h2>\n{body}</section>'
            )
        other = next(lang for lang in LANGUAGES if lang != language)
        meta = self.facts(
            [
                ("namespace", f"<code>{escape(PG_IRI)}</code>"),
                ("prefix", self.text(header, PREFIXES["vann"] + "preferredNamespacePrefix")),
                ("version", self.text(header, _OWL + "versionInfo")),
                ("license", self.links(on.values(header, _DCT + "license"))),
                ("context", f'<a href="{CONTEXT_FILE}">{CONTEXT_FILE}</a>'),
            ]
        )
        return (
            f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            f'<header><p class="switch"><a href="{PAGES[other]}" hreflang="{other}" '
            f'lang="{other}">{words["other"]}</a></p>\n<h1>{title}</h1>\n'
            f"<p>{self.text(header, _DCT + 'description')}</p>\n{meta}</header>\n"
            f"<nav><h2>{words['contents']}</h2><ul>{''.join(contents)}</ul></nav>\n"
            f"<main>\n{''.join(sections)}\n</main>\n"
            f"<footer>{words['made']} {', '.join(f'<code>ontology/{n}</code>' for n in _FILES)}"
            "</footer>\n</body>\n</html>\n"
        )


def _mentions(ontology: _Ontology, values: list[Value], term: ox.NamedNode) -> bool:
    """Whether ``values`` (a domain or range) name ``term``, also inside a union."""
    for value in values:
        if value == term:
            return True
        if isinstance(value, ox.BlankNode):
            union = ontology.values(value, _OWL + "unionOf")
            if union and term in ontology.members(union[0]):
                return True
    return False


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def render_ontology_html(ontology_dir: Path, language: str) -> str:
    """The documentation of the ontology in ``ontology_dir`` as one HTML page.

    Args:
        ontology_dir: the folder holding ``prestatiegraaf.ttl`` and ``begrippen.ttl``.
        language: ``nl`` or ``en``: the language of the page and of the texts shown first.

    Raises:
        ValueError: ``language`` is not one of :data:`LANGUAGES`.
        OntologyError: an ontology file is missing or not valid Turtle.
    """
    if language not in LANGUAGES:
        raise ValueError(f"no ontology page in {language!r}; expected one of {LANGUAGES}")
    return _Page(_Ontology(ontology_dir), language).html()


def vocabulary_files(ontology_dir: Path | None = None) -> dict[str, bytes]:
    """The files a build publishes beside the graph to describe its terms.

    ``context.jsonld`` (the context of ``prestaties.jsonld``) and the ontology's page in
    each language (:data:`PAGES`).

    Raises:
        OntologyError: an ontology file is missing or not valid Turtle.
    """
    folder = ontology_dir or project_ontology_dir()
    pages = {PAGES[lang]: render_ontology_html(folder, lang).encode() for lang in LANGUAGES}
    return {CONTEXT_FILE: context_document(), **pages}
