"""Resource pages: a resource of the graph as HTML, Turtle, N-Triples or JSON-LD.

Pure functions of the graph, the IRI and the site, so that a static site can be made with
them as well as served. Every text is escaped by the templates (autoescape).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
import pyoxigraph as ox

from prestatiegraaf.namespaces import PG_IRI, PREFIXES
from prestatiegraaf.resources import queries_dir
from prestatiegraaf.serve.describe import describe, exists, statements
from prestatiegraaf.serve.evaluate import Answer
from prestatiegraaf.serve.site import ONTOLOGY_PATH
from prestatiegraaf.serve.views import Context, TermView, json_term_view

RDF_SUFFIXES = {".ttl": "turtle", ".jsonld": "jsonld", ".nt": "ntriples"}
RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "ntriples": ox.RdfFormat.N_TRIPLES,
}
BAR_WIDTH = 160
MAX_INDEX = 500


@cache
def environment() -> jinja2.Environment:
    """The templates, with every value escaped."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("prestatiegraaf.serve", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the templates ship in the package: no stat of them per page
    )


def render(template: str, context: Context, **values: Any) -> str:
    """A template filled with ``values`` and the site's common ones."""
    site = context.site
    return (
        environment()
        .get_template(template)
        .render(
            root=site.root,
            endpoint=site.endpoint,
            home=site.link(""),
            ontology=site.link(ONTOLOGY_PATH, page=True),
            **values,
        )
    )


def money(amount: float | None) -> str:
    """Whole euros with thin grouping: ``1.532.000``; empty when unknown."""
    if amount is None:
        return ""
    return f"{amount:,.0f}".replace(",", ".")


def render_resource(context: Context, iri: str) -> str | None:
    """The HTML page of ``iri``; None when the graph does not name it."""
    if not exists(context.store, iri):
        return None
    description = describe(context, iri)
    path = context.site.path_of(iri) or ""
    alternates = [
        (name, context.site.link(path + suffix))
        for name, suffix in (("Turtle", ".ttl"), ("JSON-LD", ".jsonld"), ("N-Triples", ".nt"))
    ]
    largest = max(
        [v.budgeted or 0 for v in description.history]
        + [v.spent or 0 for v in description.history],
        default=0,
    )

    def bar(amount: float | None) -> str:
        return f"{BAR_WIDTH * (amount or 0) / largest:.1f}" if largest else "0"

    return render(
        "resource.html", context,
        d=description, alternates=alternates, money=money, bar=bar, scale=largest > 0,
        realisation=realisation(context.store, iri) if description.history else [],
    )  # fmt: skip


_OBSERVATION = ox.NamedNode(PG_IRI + "Indicatorwaarneming")
_RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")


def realisation(store: ox.Store, prestatie: str) -> list[dict[str, str]]:
    """The rows of ``queries/doelrealisatie.rq`` for one prestatie; none without measured values."""
    if next(iter(store.quads_for_pattern(None, _RDF_TYPE, _OBSERVATION)), None) is None:
        return []
    query = _realisation_query() + f"\nVALUES ?prestatie {{ {ox.NamedNode(prestatie)} }}\n"
    rows = store.query(query)
    if not isinstance(rows, ox.QuerySolutions):  # pragma: no cover - the file is a SELECT
        return []
    names = [v.value for v in rows.variables]
    return [
        {n: (t.value if t is not None else "") for n, t in zip(names, r, strict=True)} for r in rows
    ]


@cache
def _realisation_query() -> str:
    return (queries_dir() / "doelrealisatie.rq").read_text("utf-8")


def resource_rdf(store: ox.Store, iri: str, fmt: str) -> bytes | None:
    """What the graph states about ``iri`` in ``fmt`` (``turtle``, ``jsonld``, ``ntriples``).

    None when the graph does not name ``iri``; a resource that is only linked to gives an
    empty document.
    """
    if not exists(store, iri):
        return None
    prefixes = PREFIXES if fmt == "turtle" else None
    data = ox.serialize(statements(store, iri), format=RDF_FORMATS[fmt], prefixes=prefixes)
    return data or b""


def render_index(
    context: Context, prefix: str, subjects: Sequence[ox.NamedNode] | None = None
) -> str | None:
    """A page listing the resources whose IRI starts with ``prefix``.

    For a namespace IRI such as ``…/id/begrip/``; None when no resource is under it.
    ``subjects``: the first of them in IRI order, when the caller knows them already (a
    static site lists every folder and should not scan the store for each).
    """
    if not prefix.endswith("/") or '"' in prefix or "\\" in prefix:
        return None
    if subjects is None:
        found = context.store.query(
            f'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{prefix}")) }} '
            f"ORDER BY ?s LIMIT {MAX_INDEX + 1}"
        )
        assert isinstance(found, ox.QuerySolutions)
        subjects = [row[0] for row in found]
    items = [context.view(subject) for subject in subjects[: MAX_INDEX + 1]]
    if not items:
        return None
    return render(
        "index.html", context, prefix=prefix, items=items[:MAX_INDEX], more=len(items) > MAX_INDEX
    )


@dataclass(frozen=True)
class ResultTable:
    """A query's answer as the results page shows it."""

    columns: list[str]
    rows: list[list[TermView | None]]
    boolean: bool | None
    cut: int | None
    unit: str


def result_table(answer: Answer, context: Context) -> ResultTable:
    """The table of an answer evaluated for a page (JSON results, or N-Triples)."""
    unit = "triples" if answer.kind == "triples" else "rows"
    if answer.kind == "triples":
        triples = ox.parse(answer.body, ox.RdfFormat.N_TRIPLES)
        rows: list[list[TermView | None]] = [
            [context.view(t.subject), context.view(t.predicate, predicate=True),
             context.view(t.object)]
            for t in triples
        ]  # fmt: skip
        return ResultTable(["subject", "predicate", "object"], rows, None, answer.cut, unit)
    data = json.loads(answer.body)
    if "boolean" in data:
        return ResultTable([], [], bool(data["boolean"]), None, unit)
    names = list(data["head"]["vars"])
    rows = [
        [json_term_view(b[n], context) if n in b else None for n in names]
        for b in data["results"]["bindings"]
    ]
    return ResultTable(names, rows, None, answer.cut, unit)


def render_error(context: Context, status: int, heading: str, message: str) -> str:
    """An error page."""
    return render("error.html", context, status=status, heading=heading, message=message)
