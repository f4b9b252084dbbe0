"""What the graph says about one resource, as a resource page shows it.

Its statements, the links to it, its source quotes and, for a prestatie, its history over
the documents.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from prestatiegraaf.namespaces import PG_IRI, sparql_prefixes
from prestatiegraaf.serve.views import RDF_TYPE, Context, TermView

MAX_INCOMING = 300
_CYCLE = {"begroting": 0, "voorjaarsnota": 2, "jaarverslag": 4}
_PRESTATIE = ox.NamedNode(PG_IRI + "Prestatie")


@dataclass(frozen=True)
class Quote:
    """A source quote: the text, the file and line it was read from, the fact it supports."""

    text: str
    file: TermView | None
    line: str
    fact: TermView


@dataclass(frozen=True)
class Version:
    """What one document says of a prestatie: one row of its history."""

    description: TermView
    document: str
    title: str
    actions: int
    budgeted: float | None
    spent: float | None
    score: str
    order: tuple[int, int, str]


@dataclass(frozen=True)
class Description:
    """Everything a resource page shows."""

    iri: str
    label: str
    types: list[TermView]
    properties: list[tuple[TermView, list[TermView]]]
    incoming: list[tuple[TermView, TermView]]
    incoming_more: bool
    quotes: list[Quote]
    history: list[Version]


def exists(store: ox.Store, iri: str) -> bool:
    """Whether the graph names ``iri`` at all (as subject, object or property)."""
    node = ox.NamedNode(iri)
    for pattern in ((node, None, None), (None, None, node), (None, node, None)):
        for _ in store.quads_for_pattern(*pattern):
            return True
    return False


def statements(store: ox.Store, iri: str) -> list[ox.Triple]:
    """The statements about ``iri``, with those about the blank nodes they reach."""
    found: list[ox.Triple] = []
    todo: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(iri)]
    seen: set[str] = set()
    while todo:
        node = todo.pop()
        if str(node) in seen:
            continue
        seen.add(str(node))
        for quad in store.quads_for_pattern(node, None, None):
            found.append(ox.Triple(quad.subject, quad.predicate, quad.object))
            if isinstance(quad.object, ox.BlankNode):
                todo.append(quad.object)
    return found


def describe(context: Context, iri: str) -> Description:
    """The description of ``iri`` in the graph of ``context``."""
    node = ox.NamedNode(iri)
    store = context.store
    grouped: dict[str, list[object]] = {}
    predicates: dict[str, ox.NamedNode] = {}
    types: list[TermView] = []
    for quad in store.quads_for_pattern(node, None, None):
        if quad.predicate == RDF_TYPE:
            types.append(context.view(quad.object))
            continue
        grouped.setdefault(quad.predicate.value, []).append(quad.object)
        predicates[quad.predicate.value] = quad.predicate
    properties = [
        (
            context.view(predicates[name], predicate=True),
            sorted((context.view(v, here=iri) for v in grouped[name]), key=_order),
        )
        for name in sorted(grouped, key=context.name)
    ]
    incoming: list[tuple[TermView, TermView]] = []
    more = False
    for quad in store.quads_for_pattern(None, None, node):
        if len(incoming) == MAX_INCOMING:  # a code-list concept may have thousands
            more = True
            break
        incoming.append((context.view(quad.subject), context.view(quad.predicate, predicate=True)))
    incoming.sort(key=lambda pair: (pair[1].text, pair[0].text))
    is_prestatie = any(
        q.object == _PRESTATIE for q in store.quads_for_pattern(node, RDF_TYPE, None)
    )
    return Description(
        iri=iri,
        label=context.title(node),
        types=sorted(types, key=lambda v: v.text),
        properties=properties,
        incoming=incoming,
        incoming_more=more,
        quotes=quotes(context, iri),
        history=history(context, iri) if is_prestatie else [],
    )


def quotes(context: Context, iri: str) -> list[Quote]:
    """The source quotes of ``iri`` and of the parts it owns (IRIs below its own)."""
    node = ox.NamedNode(iri)
    parts = {
        q.object.value
        for q in context.store.quads_for_pattern(node, None, None)
        if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(iri + "/")
    }
    owners = [iri, *sorted(parts)]
    position = {owner: index for index, owner in enumerate(owners)}
    values = " ".join(f"<{owner}>" for owner in owners)
    query = (
        sparql_prefixes()
        + f"""
        SELECT ?owner ?source ?exact ?line WHERE {{
          VALUES ?owner {{ {values} }}
          ?owner pg:bron ?bron . ?bron oa:hasSelector ?selector . ?selector oa:exact ?exact .
          OPTIONAL {{ ?selector pg:regel ?line }}
          OPTIONAL {{ ?bron oa:hasSource ?source }}
        }}"""
    )
    found = []
    for row in context.store.query(query):  # type: ignore[union-attr]
        owner, source, exact, line = row[0], row[1], row[2], row[3]
        found.append(
            Quote(
                text=_text(exact),
                file=_file(context, source),
                line=_text(line),
                fact=context.view(owner, here=iri),
            )
        )
    found.sort(
        key=lambda q: (
            position.get(q.fact.title, 0),
            q.file.text if q.file else "",
            _number(q.line),
        )
    )
    return found


def history(context: Context, iri: str) -> list[Version]:
    """What each document says of the prestatie ``iri``, in planning & control order."""
    query = (
        sparql_prefixes()
        + f"""
        SELECT ?description ?documentTitle ?year ?period ?kind ?title ?begroot ?besteed
               ?score (COUNT(DISTINCT ?action) AS ?actions)
        WHERE {{
          ?description pg:beschrijft <{iri}> ; dcterms:isPartOf ?document .
          ?document dcterms:title ?documentTitle .
          OPTIONAL {{ ?document pg:jaar ?year }}
          OPTIONAL {{ ?document pg:periode ?period }}
          OPTIONAL {{ ?document pg:documentsoort/skos:notation ?kind }}
          OPTIONAL {{ ?description dcterms:title ?title }}
          OPTIONAL {{ ?description pg:actie ?action }}
          OPTIONAL {{ ?description pg:lasten ?budget .
                     OPTIONAL {{ ?budget pg:begroot ?begroot }}
                     OPTIONAL {{ ?budget pg:besteed ?besteed }} }}
          OPTIONAL {{ ?description pg:kleurscore ?colour .
                     ?colour pg:aspect begrip:aspect-integraal ; pg:kleur/skos:notation ?score }}
        }}
        GROUP BY ?description ?documentTitle ?year ?period ?kind ?title ?begroot ?besteed ?score
    """
    )
    versions = []
    for row in context.store.query(query):  # type: ignore[union-attr]
        description, document, year, period, kind, title = (row[i] for i in range(6))
        budgeted, spent, score, actions = row[6], row[7], row[8], row[9]
        period_text = _text(period)
        rank = _CYCLE.get(_text(kind), 9)
        if _text(kind) == "monitor":
            rank = 3 if period_text == "II" else 1
        versions.append(
            Version(
                description=context.view(description),
                document=_text(document),
                title=_text(title),
                actions=int(_number(_text(actions)) or 0),
                budgeted=_amount(budgeted),
                spent=_amount(spent),
                score=_text(score),
                order=(int(_number(_text(year)) or 0), rank, _text(document)),
            )
        )
    return sorted(versions, key=lambda v: v.order)


def _file(context: Context, source: object) -> TermView | None:
    """A source file, named by its file name."""
    if not isinstance(source, ox.NamedNode):
        return None
    name = context.label(source) or source.value.rsplit("/", 1)[-1]
    return TermView(name, "iri", context.site.href(source.value), source.value)


def _order(view: TermView) -> tuple[str, float, str]:
    """Values in a natural order: ``Actie 2`` before ``Actie 10``."""
    head, _, last = view.text.partition(" ")
    number = last.split(" ")[0]
    return (head, _number(number) if number.isdigit() else 0.0, view.text)


def _text(term: object) -> str:
    return term.value if isinstance(term, ox.Literal) else ""


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return 0.0


def _amount(term: object) -> float | None:
    if isinstance(term, ox.Literal):
        try:
            return float(term.value)
        except ValueError:
            return None
    return None
