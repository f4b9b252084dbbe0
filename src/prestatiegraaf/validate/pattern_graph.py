"""Stage 4, validate: the graph of a query's triple patterns, as :mod:`.patterns` reads it.

The variables and terms of a SELECT query are joined by :class:`Edge` values: one predicate
or a choice of predicates (:class:`Step`), read forwards or backwards, once or as a closure.
Each edge belongs to the *scope* it must match in: the query's WHERE group (scope 0), a UNION
branch, an OPTIONAL, MINUS or EXISTS group; :class:`Reads` records how the scopes nest, which
is what :mod:`.incremental` walks along.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox


class Opaque(ValueError):
    """The query uses a form whose reads are not worked out; it reads the whole graph."""


@dataclass(frozen=True)
class Var:
    """A variable of the query (renamed when it is local to a sub-SELECT)."""

    name: str


Node = Var | ox.NamedNode | ox.Literal | ox.BlankNode


@dataclass(frozen=True)
class Step:
    """One predicate of a path (None: any predicate), read forwards or backwards."""

    predicate: ox.NamedNode | None
    inverse: bool = False


@dataclass(frozen=True)
class Edge:
    """``start`` reaches ``end`` by one of ``steps``, or by a chain of them (``closure``)."""

    start: Node
    end: Node
    steps: tuple[Step, ...]
    scope: int
    closure: bool = False  # p* or p+ (with ``optional`` also the start itself)
    optional: bool = False  # p? or p*: the start itself is reached too


@dataclass
class Reads:
    """The edges of a query, and how its scopes nest (scope 0 is the query's WHERE group)."""

    edges: list[Edge] = field(default_factory=list)
    parents: dict[int, int] = field(default_factory=dict)  # scope -> enclosing scope

    def chain(self, scope: int) -> set[int]:
        """``scope`` and every scope around it."""
        found = {scope}
        while scope in self.parents:
            scope = self.parents[scope]
            found.add(scope)
        return found
