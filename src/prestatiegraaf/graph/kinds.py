"""Stage 3, graph: the fact-kind seam — how one kind of fact becomes triples, and what it states.

Every fact kind of :mod:`prestatiegraaf.extract` has a module of the same name here that
defines ``KIND``, a :class:`GraphKind`: the function that maps a section's facts of that kind,
the ontology terms it states (checked against the ontology and the shapes by the tests), the
properties that lead from a description to the resources it owns (the validation report
follows them to find a finding's prestatie), and what ``diff`` compares between documents.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from prestatiegraaf.extract.extracted import ExtractedDocument
from prestatiegraaf.extract.kinds import fact_kinds
from prestatiegraaf.graph.iris import IriMinter
from prestatiegraaf.graph.terms import Triples, pg
from prestatiegraaf.model import PrestatieSection, Span


@dataclass(frozen=True)
class Context:
    """Where a description belongs: its IRI, the document, source file and prestatie."""

    iris: IriMinter
    description: str
    document: str
    source: str
    prestatie: str
    period: str
    text: str  # the decoded source file the spans point into


def add_fact(
    out: Triples, ctx: Context, iri: str, cls: str, span: Span | None, phrase: str | None = None
) -> None:
    """State that ``iri`` is a fact of class ``cls`` read from ``span`` (narrowed to ``phrase``)."""
    out.typed(iri, pg(cls))
    out.provenance(iri, span, ctx.document, ctx.source, ctx.text, phrase)


class Way(StrEnum):
    """How ``diff`` compares the values of one field between two documents."""

    KEYED = "keyed"  # a value per key (budget figure, aspect): changed values are shown
    SET = "set"  # a set of values (targets, people): shown when the sets differ
    ACTIONS = "actions"  # action texts by number: matched by their words (added/dropped/reworded)


@dataclass(frozen=True)
class Comparison:
    """One field that ``diff`` compares: a SPARQL group over ``?d`` binding ``?key`` and ``?value``.

    ``?d`` is a description; the group may use the prefixes of :data:`..namespaces.PREFIXES`.
    """

    field: str
    pattern: str
    way: Way


@dataclass(frozen=True)
class GraphKind:
    """How the facts of one kind are stated in the graph.

    Attributes:
        name: the name of the fact kind (:mod:`prestatiegraaf.extract.kinds`).
        map: adds a section's facts of this kind to the triples.
        properties: local names of the ontology properties it states.
        classes: local names of the ontology classes it gives its resources.
        parts: properties from a description (or one of its facts) to the resources it owns.
        compared: the fields ``diff`` compares.
        shared: adds what all documents together say (resources named by several documents).
    """

    name: str
    map: Callable[[PrestatieSection, Context, Triples], None]
    properties: tuple[str, ...]
    classes: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    compared: tuple[Comparison, ...] = ()
    shared: Callable[[Sequence[ExtractedDocument], IriMinter, Triples], None] | None = None


@cache
def graph_kinds() -> tuple[GraphKind, ...]:
    """Every graph kind of this package, in the order of the fact kinds.

    Raises:
        RuntimeError: a fact kind lacks its graph module or the other way round (a
            programming error, caught by the tests).
    """
    package = importlib.import_module(__package__ or "prestatiegraaf.graph")
    found: dict[str, GraphKind] = {}
    for module in pkgutil.iter_modules(package.__path__):
        kind = getattr(importlib.import_module(f"{package.__name__}.{module.name}"), "KIND", None)
        if isinstance(kind, GraphKind):
            found[kind.name] = kind
    order = [kind.name for kind in fact_kinds()]
    unpaired = sorted(set(order) ^ set(found))
    if unpaired:
        raise RuntimeError(f"fact kinds without both an extract and a graph module: {unpaired}")
    return tuple(found[name] for name in order)
