"""``prestatiegraaf link``: reconcile actors, people and places against a SPARQL endpoint.

What is reconciled, and the type each kind must have, is in :mod:`.subjects`. One bounded
SELECT per resource, sent one at a time through the project's remote-query client
(SPARQLWrapper, identifying User-Agent, a timeout on every request, ``Retry-After`` honoured
on 429 and 503): the items whose label or alternative label, in Dutch or English, is one of
the resource's names, and whether each has the type its kind asks for. One item of
the right type is proposed; several are ambiguous; none (or none of the right type) is no
match. Every decision is written to the linkset, so a later run asks nothing for it. A result
that may have been cut short decides nothing.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from prestatiegraaf.extract.register import RegisteredActor
from prestatiegraaf.link.linkset import (
    AMBIGUOUS,
    NO_MATCH,
    PROPOSED,
    Link,
    read_linksets,
    write_linkset,
)
from prestatiegraaf.link.subjects import (
    KINDS,
    TYPE_CONSTRAINTS,
    Subject,
    from_actor,
    gather,
)
from prestatiegraaf.stores.addresses import StoreError
from prestatiegraaf.stores.client import RETRIES
from prestatiegraaf.stores.remote_query import run_remote_query
from prestatiegraaf.version import __version__

WIKIDATA = "https://query.wikidata.org/sparql"
TARGET = "wikidata"
LIMIT = 50  # candidate rows asked for at most; an answer this long may be cut and decides nothing


def normalised(label: str) -> str:
    """A label compared without case, accents, curly quotes or doubled spaces."""
    text = unicodedata.normalize("NFKD", label.replace("’", "'").replace("‘", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def sparql_string(value: str) -> str:
    """``value`` as a SPARQL string literal, every special character escaped."""
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


def candidate_query(labels: Iterable[str], type_pattern: str) -> str:
    """The bounded SELECT for the items labelled with any of ``labels`` (nl, en).

    ``?typed`` tells whether the item matches ``type_pattern``, a graph pattern on ``?item``.
    """
    values = " ".join(
        f"{sparql_string(label)}@{lang}" for label in sorted(set(labels)) for lang in ("nl", "en")
    )
    return (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "PREFIX wdt: <http://www.wikidata.org/prop/direct/>\n"
        "SELECT DISTINCT ?item ?label ?via ?typed WHERE {\n"
        f"  VALUES ?label {{ {values} }}\n"
        '  { ?item rdfs:label ?label . BIND("label" AS ?via) }\n'
        '  UNION { ?item skos:altLabel ?label . BIND("alt" AS ?via) }\n'
        f"  BIND(EXISTS {{ {type_pattern} }} AS ?typed)\n"
        f"}}\nORDER BY ?item ?via ?label\nLIMIT {LIMIT}\n"
    )


@dataclass
class Candidate:
    """An item found for a resource: the labels it matched by, and whether its type fits."""

    item: str
    typed: bool = False
    exact: bool = False  # its label is the resource's preferred label


def decide(subject: Subject, rows: Sequence[Sequence[str]], endpoint: str, today: str) -> Link:
    """The decision for ``subject`` from the rows (item, label, via, typed) of its query."""
    found: dict[str, Candidate] = {}
    for item, label, via, typed in rows:
        candidate = found.setdefault(item, Candidate(item))
        candidate.typed = candidate.typed or typed == "true"
        if via == "label" and normalised(label) == normalised(subject.label):
            candidate.exact = True
    fitting = [c for c in found.values() if c.typed]
    base = Link(subject.iri, TARGET, NO_MATCH, "none", f"prestatiegraaf link {__version__}", today,
                Decimal("0"), endpoint)  # fmt: skip
    if len(fitting) == 1:
        best = fitting[0]
        method = "exact-label" if best.exact else "alternative-label"
        confidence = Decimal("0.90") if best.exact else Decimal("0.70")
        return Link(base.subject, TARGET, PROPOSED, method, base.agent, today, confidence,
                    endpoint, obj=best.item)  # fmt: skip
    if len(fitting) > 1:
        return Link(base.subject, TARGET, AMBIGUOUS, "none", base.agent, today, Decimal("0"),
                    endpoint, note=f"{len(fitting)} candidates of the right type",
                    candidates=tuple(sorted(c.item for c in fitting)))  # fmt: skip
    if found:
        others = tuple(sorted(found))
        note = "candidates of another type only"
        return Link(base.subject, TARGET, NO_MATCH, "none", base.agent, today, Decimal("0"),
                    endpoint, note=note, candidates=others)  # fmt: skip
    return base


@dataclass
class LinkRun:
    """What one ``link`` run did."""

    asked: int = 0
    decided: dict[str, int] = field(default_factory=dict)  # status -> count
    known: int = 0  # resources with a decision already: no query sent

    def summary(self) -> str:
        """One line for the terminal."""
        parts = ", ".join(f"{n} {status}" for status, n in sorted(self.decided.items()))
        return (f"{self.asked} queries sent; {self.known} already decided"
                + (f"; new: {parts}" if parts else ""))  # fmt: skip


def run_link(
    folder: Path,
    *,
    endpoint: str = WIKIDATA,
    kinds: Sequence[str] = KINDS,
    timeout: float = 30.0,
    today: str | None = None,
    actors: Sequence[RegisteredActor] | None = None,
    subjects: Sequence[Subject] | None = None,
    data: Sequence[Path] | None = None,
    retries: int = RETRIES,
    sleep: Callable[[float], None] = time.sleep,
) -> LinkRun:
    """Reconcile the resources of ``kinds`` not decided yet; decisions go to ``wikidata.ttl``.

    The resources are ``subjects`` and ``actors`` when either is given, else the register's
    actors and the people and places of the built graph ``data`` (:func:`.subjects.gather`).
    The decisions made before a failure are written before it is raised.

    Raises:
        StoreError: the endpoint cannot be reached, times out, refuses, or cut a result.
        OntologyError: a linkset file or the actor register cannot be read.
        SourceError: a file of ``data`` is missing or is not RDF.
    """
    day = today or date.today().isoformat()
    existing = read_linksets(folder)
    path = folder / f"{TARGET}.ttl"
    own = list(existing.get(path, []))
    decided = {(link.subject, link.target) for links in existing.values() for link in links}
    if subjects is None and actors is None:
        todo = gather(kinds, data)
    else:
        todo = [*(subjects or ()), *map(from_actor, actors or ())]
    run = LinkRun()
    try:
        for subject in todo:
            if subject.kind not in kinds:
                continue
            if (subject.iri, TARGET) in decided:
                run.known += 1
                continue
            labels = [subject.label, *subject.alt_labels]
            query = candidate_query(labels, TYPE_CONSTRAINTS[subject.kind])
            run.asked += 1
            answer = run_remote_query(
                query, endpoint, timeout=timeout, published_only=False,
                expect_max_rows=LIMIT, retries=retries, sleep=sleep,
            )  # fmt: skip
            if answer.cut is not None:
                raise StoreError(
                    f"the answer for {subject.label!r} is incomplete ({answer.cut}): not decided"
                )
            link = decide(subject, answer.result().rows, endpoint, day)
            own.append(link)
            decided.add((subject.iri, TARGET))
            run.decided[link.status] = run.decided.get(link.status, 0) + 1
    finally:
        if run.decided:
            write_linkset(path, own)
    return run
