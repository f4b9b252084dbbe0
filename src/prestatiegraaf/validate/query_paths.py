"""Stage 4, validate: the property paths of a query, read and broken into pattern edges.

:func:`read_property_path` reads a SPARQL property path into a :class:`PathExpression`;
:func:`add_path_edges` turns it into :class:`~.pattern_graph.Edge` values: a sequence into a
chain of edges through fresh variables, an inverse into an edge the other way, an alternative
of single predicates into one edge with a choice of steps, and ``p*``, ``p+``, ``p?`` into
one edge that is a closure or optional.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from prestatiegraaf.validate.pattern_graph import Edge, Node, Opaque, Step, Var
from prestatiegraaf.validate.query_tokens import QueryCursor

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True)
class PathExpression:
    """A property path as read: a step, or a sequence, alternative, inverse or repeat of parts."""

    kind: str  # "step", "seq", "alt", "inv", "mod"
    parts: tuple[PathExpression, ...] = ()
    step: Step | None = None
    modifier: str = ""


def read_property_path(cursor: QueryCursor) -> PathExpression:
    """The property path at ``cursor``: alternatives of sequences of (inverse) elements.

    Raises:
        Opaque: the path holds a form that is not read.
    """
    return _read_series(cursor, "|", _read_sequence, "alt")


def _read_sequence(cursor: QueryCursor) -> PathExpression:
    """A sequence of possibly inverse elements."""
    return _read_series(cursor, "/", _read_inverse, "seq")


def _read_series(
    cursor: QueryCursor,
    separator: str,
    part: Callable[[QueryCursor], PathExpression],
    kind: str,
) -> PathExpression:
    """Parts read by ``part`` between ``separator`` signs; one part is itself."""
    parts = [part(cursor)]
    while cursor.peek()[1] == separator:
        cursor.take()
        parts.append(part(cursor))
    return parts[0] if len(parts) == 1 else PathExpression(kind, tuple(parts))


def _read_inverse(cursor: QueryCursor) -> PathExpression:
    """An element, or ``^`` and an element."""
    if cursor.peek()[1] == "^":
        cursor.take()
        return PathExpression("inv", (_read_element(cursor),))
    return _read_element(cursor)


def _read_element(cursor: QueryCursor) -> PathExpression:
    """A predicate, ``a``, a bracketed path or a negated set, with its ``*``, ``+`` or ``?``."""
    kind, text = cursor.take()
    if kind in ("iri", "pname"):
        primary = PathExpression("step", step=Step(ox.NamedNode(cursor.read_iri(kind, text))))
    elif kind == "word" and text == "a":
        primary = PathExpression("step", step=Step(ox.NamedNode(RDF_TYPE)))
    elif text == "(":
        primary = read_property_path(cursor)
        cursor.expect(")")
    elif text == "!":  # a negated property set: any predicate, either way
        _skip_negated(cursor)
        either_way = (
            PathExpression("step", step=Step(None)),
            PathExpression("step", step=Step(None, inverse=True)),
        )
        primary = PathExpression("alt", either_way)
    else:
        raise Opaque(f"{text!r} is not read as a path")
    if cursor.peek()[1] in ("*", "+", "?") and cursor.peek()[0] == "punct":
        return PathExpression("mod", (primary,), modifier=cursor.take()[1])
    return primary


def _skip_negated(cursor: QueryCursor) -> None:
    """Step past the predicates of a negated property set."""
    if cursor.peek()[1] == "(":
        while cursor.take()[1] != ")":
            pass
    else:
        if cursor.peek()[1] == "^":
            cursor.take()
        cursor.take()


def add_path_edges(
    edges: list[Edge],
    start: Node,
    end: Node,
    path: PathExpression,
    scope: int,
    fresh: Iterator[int],
) -> None:
    """Append to ``edges`` the edges by which ``path`` joins ``start`` to ``end`` in ``scope``.

    ``fresh`` numbers the variables between the parts of a sequence.

    Raises:
        Opaque: a repeat or an alternative holds more than single steps.
    """
    if path.kind == "step":
        assert path.step is not None
        edges.append(Edge(start, end, (path.step,), scope))
    elif path.kind == "inv":
        add_path_edges(edges, end, start, path.parts[0], scope, fresh)
    elif path.kind == "alt":  # one edge: a walk through it must follow every branch
        edges.append(Edge(start, end, _collect_single_steps(path), scope))
    elif path.kind == "seq":
        nodes = [start, *(Var(f"_/{next(fresh)}") for _ in path.parts[1:]), end]
        for part, (a, b) in zip(path.parts, itertools.pairwise(nodes), strict=True):
            add_path_edges(edges, a, b, part, scope, fresh)
    else:  # a modifier over a path of single steps
        steps = _collect_single_steps(path.parts[0])
        many = path.modifier in ("*", "+")
        edges.append(Edge(start, end, steps, scope, closure=many,
                          optional=path.modifier in ("*", "?")))  # fmt: skip


def _collect_single_steps(path: PathExpression, inverse: bool = False) -> tuple[Step, ...]:
    """The steps of a path of alternatives and inverses of single predicates."""
    if path.kind == "step":
        assert path.step is not None
        return (Step(path.step.predicate, path.step.inverse != inverse),)
    if path.kind == "inv":
        return _collect_single_steps(path.parts[0], not inverse)
    if path.kind == "alt":
        return tuple(step for part in path.parts for step in _collect_single_steps(part, inverse))
    raise Opaque("a repeated path or an alternative of more than single steps is not read")
