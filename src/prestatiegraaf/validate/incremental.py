"""Stage 4, validate: after a few triples changed, validate again only what they can reach.

For every compiled query (:mod:`.engine`) the edges of its triple patterns are known
(:mod:`.patterns`). A changed triple that an edge matches can only change the results of the
focus nodes that a match through it reaches, and a match instantiates every edge of its scope
and of the scopes around it; so walking those edges from the changed triple, in the graph
before and after the change, along any spanning tree (each variable reached once, so the walk
never runs round the pattern's cycles) finds every focus node whose results may differ: the
*candidates*. Their results are computed again on a small store holding every triple that a
match from a candidate can use (the same walk from ``?this``, in the new graph), and replace
their old results; the results of every other focus node stand.

A query whose patterns the walk cannot follow (a part not joined to ``?this`` by triple
patterns, a form :mod:`.patterns` does not read) is run over the whole graph instead, and
its old results are all replaced.
"""

from __future__ import annotations

import logging
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import pyoxigraph as ox

from prestatiegraaf.validate.compiler import CompiledQuery
from prestatiegraaf.validate.engine import ValidationIssue, run_query
from prestatiegraaf.validate.pattern_graph import Edge, Opaque, Reads, Step, Var
from prestatiegraaf.validate.patterns import read_patterns

log = logging.getLogger(__name__)
THIS = Var("this")
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Group = tuple[str, str]  # source shape, component: the results of a group are replaced together


@dataclass(frozen=True)
class Change:
    """The triples that left the graph and those that came into it."""

    removed: tuple[ox.Triple, ...]
    added: tuple[ox.Triple, ...]


class _Lookups:
    """Triples next to a term in a store, and in triples outside it (the ones removed)."""

    def __init__(self, store: ox.Store, extra: Iterable[ox.Triple] = ()) -> None:
        self.store = store
        self.outgoing: dict[Term, list[ox.Triple]] = defaultdict(list)
        self.incoming: dict[Term, list[ox.Triple]] = defaultdict(list)
        for triple in extra:
            self.outgoing[triple.subject].append(triple)
            self.incoming[triple.object].append(triple)
        self.memo: dict[tuple[Term, ox.NamedNode | None, bool], list[ox.Triple]] = {}

    def triples(
        self, term: Term, predicate: ox.NamedNode | None, outgoing: bool
    ) -> list[ox.Triple]:
        """The triples with ``term`` as subject (``outgoing``) or object, by ``predicate``."""
        key = (term, predicate, outgoing)
        found = self.memo.get(key)
        if found is not None:
            return found
        if outgoing:
            if isinstance(term, ox.Literal):
                found = []
            else:
                found = [q.triple for q in self.store.quads_for_pattern(term, predicate, None)]
            extra = self.outgoing.get(term, ())
        else:
            found = [q.triple for q in self.store.quads_for_pattern(None, predicate, term)]
            extra = self.incoming.get(term, ())
        found += [t for t in extra if predicate is None or t.predicate == predicate]
        self.memo[key] = found
        return found

    def follow(
        self, edge: Edge, terms: set[Term], forward: bool, used: set[ox.Triple] | None = None
    ) -> set[Term]:
        """The terms ``edge`` leads to from ``terms`` (from its start when ``forward``)."""
        reached = set(terms) if edge.optional else set()
        frontier, seen = set(terms), set(terms)
        while frontier:
            following: set[Term] = set()
            for term in frontier:
                for step in edge.steps:
                    for other, triple in self._step(term, step, forward):
                        if used is not None:
                            used.add(triple)
                        following.add(other)
            reached |= following
            if not edge.closure:
                break
            frontier = following - seen
            seen |= following
        return reached

    def _step(self, term: Term, step: Step, forward: bool) -> Iterable[tuple[Term, ox.Triple]]:
        outgoing = step.inverse != forward
        for triple in self.triples(term, step.predicate, outgoing):
            yield (triple.object if outgoing else triple.subject), triple


@dataclass
class _Query:
    """A compiled query with the edges it reads, or None when they cannot be walked."""

    query: CompiledQuery

    @cached_property
    def reads(self) -> Reads | None:
        return _readable(self.query.text, f"{self.query.shape.id} {self.query.component}")

    @property
    def group(self) -> Group:
        return (self.query.shape.id, self.query.component)


def _readable(text: str, name: str) -> Reads | None:
    """The edges of a query over ``?this``, or None when the walk cannot follow them."""
    try:
        reads = read_patterns(text)
    except Opaque as why:
        log.info("%s: read in full (%s)", name, why)
        return None
    return reads if _joined(reads) else None


def _scopes(reads: Reads) -> set[int]:
    return {edge.scope for edge in reads.edges} | {0}


def _available(reads: Reads, scope: int) -> list[Edge]:
    chain = reads.chain(scope)
    return [edge for edge in reads.edges if edge.scope in chain]


def _joined(reads: Reads) -> bool:
    """Whether, in every scope, each pattern is joined to ``?this`` by patterns."""
    for scope in _scopes(reads):
        edges = _available(reads, scope)
        if not edges:
            continue
        nodes = {THIS}
        grew = True
        while grew:
            grew = False
            for edge in edges:
                ends = [e for e in (edge.start, edge.end) if isinstance(e, Var)]
                if any(e in nodes for e in ends) and not all(e in nodes for e in ends):
                    nodes.update(ends)
                    grew = True
        for edge in edges:
            ends = [e for e in (edge.start, edge.end) if isinstance(e, Var)]
            if not ends or not all(e in nodes for e in ends):
                return False
    return True


def _walk(
    edges: Sequence[Edge],
    seeds: dict[Var, set[Term]],
    lookups: _Lookups,
    used: set[ox.Triple] | None = None,
) -> dict[Var, set[Term]]:
    """The terms of each variable reached from ``seeds`` along a spanning tree of ``edges``.

    With ``used``, the triples of every edge between reached variables are collected too.
    """
    incident: dict[Var, list[Edge]] = defaultdict(list)
    for edge in edges:
        for end in {edge.start, edge.end}:
            if isinstance(end, Var):
                incident[end].append(edge)
    terms = {var: set(found) for var, found in seeds.items()}
    queue = deque(terms)
    while queue:
        var = queue.popleft()
        for edge in incident[var]:
            forward = edge.start == var
            other = edge.end if forward else edge.start
            if isinstance(other, Var) and other not in terms:
                terms[other] = lookups.follow(edge, terms[var], forward, used)
                queue.append(other)
    if used is not None:  # the other edges, from the side already walked
        for edge in edges:
            if isinstance(edge.start, Var) and edge.start in terms:
                lookups.follow(edge, terms[edge.start], True, used)
            elif isinstance(edge.end, Var) and edge.end in terms:
                lookups.follow(edge, terms[edge.end], False, used)
    return terms


def _candidates(reads: Reads | None, change: Change, lookups: _Lookups) -> set[Term] | None:
    """The focus nodes of a query whose results the change may alter (None: any of them)."""
    if reads is None:
        return None
    seeds: dict[int, dict[Var, set[Term]]] = defaultdict(lambda: defaultdict(set))
    constant_hit = set()
    for triple in (*change.removed, *change.added):
        for index, edge in enumerate(reads.edges):
            for step in edge.steps:
                if step.predicate is not None and step.predicate != triple.predicate:
                    continue
                start, end = (
                    (triple.object, triple.subject)
                    if step.inverse
                    else (triple.subject, triple.object)
                )
                if edge.closure:  # the triple is one link of a chain: walk to both its ends
                    before = {start} | lookups.follow(edge, {start}, False)
                    after = {end} | lookups.follow(edge, {end}, True)
                else:
                    before, after = {start}, {end}
                if not any(isinstance(e, Var) for e in (edge.start, edge.end)):
                    constant_hit.add(index)
                for node, found in ((edge.start, before), (edge.end, after)):
                    if isinstance(node, Var):
                        seeds[index][node] |= found
    if constant_hit:
        return None
    focus: set[Term] = set()
    for index, seeded in seeds.items():
        edge = reads.edges[index]
        walked = _walk(_available(reads, edge.scope), dict(seeded), lookups)
        if THIS not in walked:  # cannot happen for a joined query; stay safe
            return None
        focus |= walked[THIS]
    return focus


def revalidate_store(
    store: ox.Store,
    change: Change,
    queries: Sequence[CompiledQuery],
    last: Sequence[ValidationIssue],
) -> list[ValidationIssue] | None:
    """The validation results of ``store`` after ``change``, given those before it (``last``).

    ``store`` holds the graph after the change; ``queries`` are those that produced ``last``.
    Returns None when results cannot be worked out this way (blank nodes in the change or in
    the results, whose labels differ from store to store).
    """
    if _blank(change) or any(i.focus_node.startswith("_:") for i in last):
        return None
    wrapped = [_Query(query) for query in queries]
    before = _Lookups(store, change.removed)
    local: dict[Group, set[Term]] = defaultdict(set)
    whole: set[Group] = set()
    for query in wrapped:
        found = _candidates(query.reads, change, before)
        if found is None:
            whole.add(query.group)
        else:
            local[query.group] |= found
    local = {group: found for group, found in local.items() if found and group not in whole}
    after = _Lookups(store)
    used: set[ox.Triple] = set()
    for query in wrapped:
        found = local.get(query.group)
        if found and query.reads is not None:
            for scope in _scopes(query.reads):
                _walk(_available(query.reads, scope), {THIS: found}, after, used)
    small = ox.Store()
    small.extend(ox.Quad(t.subject, t.predicate, t.object) for t in used)
    fresh: set[ValidationIssue] = set()
    given = dict(queries[0].given) if queries else {}  # the same for every query of the shapes
    for query in wrapped:
        if query.group in whole:
            fresh.update(run_query(store, query.query))
        elif query.group in local:
            texts = {_text(term, given) for term in local[query.group]}
            fresh.update(i for i in run_query(small, query.query) if i.focus_node in texts)
    if any(i.focus_node.startswith("_:") for i in fresh):
        return None
    replaced = {group: {_text(t, given) for t in found} for group, found in local.items()}
    kept = [
        issue
        for issue in last
        if (group := (issue.source_shape, issue.component)) not in whole
        and issue.focus_node not in replaced.get(group, ())
    ]
    log.info(
        "validated again: %d of %d constraint groups, %d in full, %d triples around %d focus nodes",
        len(local) + len(whole), len({q.group for q in wrapped}), len(whole), len(used),
        sum(len(found) for found in local.values()),
    )  # fmt: skip
    return sorted({*kept, *fresh}, key=ValidationIssue.sort_key)


def touched(store: ox.Store, change: Change, queries: Sequence[str]) -> set[str] | None:
    """The ``?this`` of the solutions of ``queries`` that ``change`` may alter.

    ``store`` holds the graph after the change. A focus node outside the set has the same
    solutions before and after. None when that cannot be worked out (blank nodes in the
    change, a query the walk cannot follow).
    """
    if _blank(change):
        return None
    lookups = _Lookups(store, change.removed)
    found: set[Term] = set()
    for number, text in enumerate(queries):
        more = _candidates(_readable(text, f"query {number + 1}"), change, lookups)
        if more is None:
            return None
        found |= more
    return {_text(term) for term in found}


def _blank(change: Change) -> bool:
    return any(
        isinstance(term, ox.BlankNode)
        for triple in (*change.removed, *change.added)
        for term in (triple.subject, triple.object)
    )


def _text(term: Term, given: dict[str, str] | None = None) -> str:
    """A focus node as :class:`ValidationIssue` writes it (a literal as ``given``, if there)."""
    text = term.value if isinstance(term, ox.NamedNode) else str(term)
    return (given or {}).get(text, text)
