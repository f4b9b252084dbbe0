"""The ontology documentation: every ``pg:`` term on one page, each at its own anchor.

The terms' IRIs are ``…/def#Term``, so ``/def#Term`` on the site opens the page at the term.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.namespaces import PG_IRI
from prestatiegraaf.serve.pages import render
from prestatiegraaf.serve.views import RDF_TYPE, Context, TermView

ONTOLOGY_IRI = PG_IRI.rstrip("#")
OWL = "http://www.w3.org/2002/07/owl#"
GROUPS = (
    ("Classes", "class", (OWL + "Class",)),
    ("Object properties", "object property", (OWL + "ObjectProperty",)),
    ("Datatype properties", "datatype property", (OWL + "DatatypeProperty",)),
)


@dataclass(frozen=True)
class Term:
    """A term of the ontology and its statements."""

    anchor: str
    properties: list[tuple[TermView, list[TermView]]]


@dataclass(frozen=True)
class Group:
    """The terms of one kind."""

    name: str
    singular: str
    terms: list[Term]


def load_ontology(path: Path) -> ox.Store:
    """The ontology file in a store of its own."""
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def _term(context: Context, node: ox.NamedNode) -> Term:
    grouped: dict[str, list[object]] = {}
    predicates: dict[str, ox.NamedNode] = {}
    for quad in context.store.quads_for_pattern(node, None, None):
        grouped.setdefault(quad.predicate.value, []).append(quad.object)
        predicates[quad.predicate.value] = quad.predicate
    properties = [
        (
            context.view(predicates[name], predicate=True),
            sorted((context.view(v) for v in grouped[name]), key=lambda v: (v.note, v.text)),
        )
        for name in sorted(grouped, key=context.name)
    ]
    return Term(node.value[len(PG_IRI) :], properties)


def render_ontology(context: Context) -> str:
    """The documentation page of the ontology held by ``context.store``."""
    store = context.store
    terms: dict[str, set[str]] = {}
    for quad in store.quads_for_pattern(None, RDF_TYPE, None):
        subject = quad.subject
        if isinstance(subject, ox.NamedNode) and subject.value.startswith(PG_IRI):
            terms.setdefault(subject.value, set()).add(str(quad.object))
    groups = []
    placed: set[str] = set()
    for name, singular, kinds in GROUPS:
        wanted = {f"<{kind}>" for kind in kinds}
        members = sorted(iri for iri, types in terms.items() if types & wanted)
        placed.update(members)
        groups.append(Group(name, singular, [_term(context, ox.NamedNode(i)) for i in members]))
    others = sorted(set(terms) - placed)
    if others:
        groups.append(
            Group("Other terms", "term", [_term(context, ox.NamedNode(i)) for i in others])
        )
    header = ox.NamedNode(ONTOLOGY_IRI)
    description = ""
    for quad in store.quads_for_pattern(
        header, ox.NamedNode("http://purl.org/dc/terms/description"), None
    ):
        if isinstance(quad.object, ox.Literal) and quad.object.language == "en":
            description = quad.object.value
    title = context.label(header) or "Prestatiegraaf ontology"
    alternates = [
        ("Turtle", context.site.link("def.ttl")),
        ("JSON-LD", context.site.link("def.jsonld")),
    ]
    return render(
        "ontology.html", context,
        title=title, description=description, namespace=PG_IRI, groups=groups,
        alternates=alternates,
    )  # fmt: skip
