"""What changed for each prestatie between two documents of a built graph.

The fields compared are those the fact kinds declare (:attr:`.graph.kinds.GraphKind.compared`).

Descriptions are matched by the prestatie they describe (so renumbering within a coalition
period is followed), actions by their text (an action that moved to another number but kept
its words is not reported as dropped and added).
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

import pyoxigraph as ox

from prestatiegraaf.errors import QueryError
from prestatiegraaf.graph.kinds import Comparison, Way, graph_kinds
from prestatiegraaf.namespaces import sparql_prefixes
from prestatiegraaf.sources.normalize import fold

REWORDED = 0.55  # least similarity for two action texts to be the same action, reworded
_PREFIXES = sparql_prefixes()


@cache
def _comparisons() -> tuple[Comparison, ...]:
    """The fields ``diff`` compares, as the fact kinds declare them."""
    return tuple(c for kind in graph_kinds() for c in kind.compared)


@cache
def _facts_query() -> str:
    """One row per compared value of every description in ``<DOCUMENT>``."""
    branches = [f'{{ {c.pattern} BIND("{c.field}" AS ?kind) }}' for c in _comparisons()]
    branches.append('{ BIND("beschrijving" AS ?kind) }')
    return (
        _PREFIXES
        + "SELECT ?d ?p ?code ?title ?kind ?key ?value WHERE {\n"
        + "  ?d dcterms:isPartOf <DOCUMENT> ; pg:beschrijft ?p ; dcterms:title ?title .\n"
        + "  ?p skos:notation ?code .\n  "
        + "\n  UNION ".join(branches)
        + "\n}\n"
    )


@dataclass
class PrestatieChange:
    """The differences for one prestatie between document A and document B."""

    code: str
    title: str
    status: str  # "changed", "unchanged", "added" (only in B) or "dropped" (only in A)
    actions_added: list[str] = field(default_factory=list)
    actions_dropped: list[str] = field(default_factory=list)
    actions_reworded: list[dict[str, str]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)  # field, before, after


@dataclass
class DocumentDiff:
    """All prestatie changes between two documents."""

    document_a: str
    document_b: str
    prestaties: list[PrestatieChange]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return asdict(self)


def _value(row: ox.QuerySolution, name: str) -> str:
    """The lexical value of a bound variable ("" when unbound)."""
    term = row[name]
    return str(term.value) if term is not None else ""


def find_document(store: ox.Store, name: str) -> str:
    """The IRI of the document titled (or identified by) ``name``.

    Raises:
        QueryError: no document matches; the message lists the documents there are.

    """
    result = store.query(_PREFIXES + "SELECT ?d ?t WHERE { ?d a pg:Document ; dcterms:title ?t }")
    assert isinstance(result, ox.QuerySolutions)
    documents = {_value(row, "d"): _value(row, "t") for row in result}
    wanted = name.strip().casefold()
    for iri, title in documents.items():
        if wanted in (title.casefold(), iri.casefold()) or iri.casefold().endswith("/" + wanted):
            return iri
    known = ", ".join(sorted(documents.values())) or "none"
    raise QueryError(f"no document {name!r} in the data; documents: {known}")


def _facts(store: ox.Store, document: str) -> dict[str, dict[str, Any]]:
    result = store.query(_facts_query().replace("DOCUMENT", document))
    assert isinstance(result, ox.QuerySolutions)
    sets = {c.field for c in _comparisons() if c.way is Way.SET}
    found: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(dict))
    for row in result:
        kind, value = _value(row, "kind"), _value(row, "value")
        entry = found[_value(row, "p")]
        entry["code"], entry["title"] = _value(row, "code"), _value(row, "title")
        entry["titel"] = {"": entry["title"]}
        if kind == "beschrijving" or row["value"] is None:
            continue
        key = _value(row, "key")
        if kind in sets:
            entry[kind] = sorted({*entry.get(kind, []), value})
        else:
            entry[kind][key] = value
    return found


def diff_documents(
    store: ox.Store, document_a: str, document_b: str, code: str | None = None
) -> DocumentDiff:
    """Compare what two documents say of each prestatie (optionally of one code only).

    Raises:
        QueryError: a document is not in the data.

    """
    iri_a, iri_b = find_document(store, document_a), find_document(store, document_b)
    facts_a, facts_b = _facts(store, iri_a), _facts(store, iri_b)
    changes = []
    for prestatie in sorted(set(facts_a) | set(facts_b)):
        a, b = facts_a.get(prestatie), facts_b.get(prestatie)
        current = b or a
        assert current is not None
        if code is not None and current["code"] != code:
            continue
        changes.append(_compare(a, b))
    changes.sort(key=lambda c: [int(x) if x.isdigit() else 0 for x in c.code.split(".")])
    return DocumentDiff(_title(store, iri_a), _title(store, iri_b), changes)


def _title(store: ox.Store, iri: str) -> str:
    result = store.query(_PREFIXES + f"SELECT ?t WHERE {{ <{iri}> dcterms:title ?t }}")
    assert isinstance(result, ox.QuerySolutions)
    return next((_value(row, "t") for row in result), iri)


def _compare(a: dict[str, Any] | None, b: dict[str, Any] | None) -> PrestatieChange:
    if a is None or b is None:
        present = b or a
        assert present is not None
        status = "added" if a is None else "dropped"
        return PrestatieChange(present["code"], present["title"], status)
    change = PrestatieChange(b["code"], b["title"], "unchanged")
    fields = {way: [c.field for c in _comparisons() if c.way is way] for way in Way}
    for name in fields[Way.ACTIONS]:
        _compare_actions(a.get(name, {}), b.get(name, {}), change)
    for name in ["titel", *fields[Way.KEYED]]:
        for key in sorted(set(a.get(name, {})) | set(b.get(name, {}))):
            before, after = a.get(name, {}).get(key), b.get(name, {}).get(key)
            if before != after:
                change.changes.append({"field": f"{name} {key}".strip(), "before": before,
                                       "after": after})  # fmt: skip
    for name in fields[Way.SET]:
        if a.get(name, []) != b.get(name, []):
            change.changes.append({"field": name, "before": a.get(name, []),
                                   "after": b.get(name, [])})  # fmt: skip
    if change.changes or change.actions_added or change.actions_dropped or change.actions_reworded:
        change.status = "changed"
    return change


def _compare_actions(a: dict[str, str], b: dict[str, str], change: PrestatieChange) -> None:
    """Match actions by text: identical, reworded (similar enough), or added/dropped."""
    left = {text for text in a.values()}
    right = {text for text in b.values()}
    same = left & right
    left, right = left - same, right - same
    for before in sorted(left):
        best = max(right, key=lambda after: _ratio(before, after), default=None)
        if best is not None and _ratio(before, best) >= REWORDED:
            change.actions_reworded.append({"before": before, "after": best})
            right.discard(best)
        else:
            change.actions_dropped.append(before)
    change.actions_added.extend(sorted(right))


def _ratio(a: str, b: str) -> float:
    """Similarity of two action texts.

    Word overlap, or how much of the shorter one the longer one contains (an action extended
    with new sentences is the same action).
    """
    left, right = _words(a), _words(b)
    if not left or not right:
        return 0.0
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks())
    return max(matcher.ratio(), kept / min(len(left), len(right)) * 0.8)


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^\w%]+", fold(text)) if w]


def _shown(value: Any) -> str:
    if value is None or value == []:
        return "(not stated)"
    return ", ".join(value) if isinstance(value, list) else str(value)


def format_diff(diff: DocumentDiff) -> str:
    """A readable report: one block per prestatie that changed, was added or dropped."""
    lines = [f"{diff.document_a} -> {diff.document_b}"]
    for c in diff.prestaties:
        if c.status == "unchanged":
            continue
        lines.append(f"\n{c.code} {c.title}: {c.status}")
        lines.extend(f"  + action: {text}" for text in c.actions_added)
        lines.extend(f"  - action: {text}" for text in c.actions_dropped)
        for pair in c.actions_reworded:
            lines.append(f"  ~ action: {pair['before']}\n         -> {pair['after']}")
        for item in c.changes:
            before, after = (_shown(item[k]) for k in ("before", "after"))
            lines.append(f"  ~ {item['field']}: {before} -> {after}")
    unchanged = sum(1 for c in diff.prestaties if c.status == "unchanged")
    lines.append(f"\n{len(diff.prestaties) - unchanged} prestaties differ, {unchanged} unchanged")
    return "\n".join(lines) + "\n"
