"""Stage 3, graph: the history of a prestatie over the planning & control cycle.

Codes are renumbered between coalition periods, so a prestatie is a code *within a period*.
Inside one period the same code can still change meaning: a title that shares too few words
with the earlier titles of that code starts a new prestatie. Each document's description is a
version of its prestatie (``dcterms:isVersionOf``) and a revision of the description before it
in cycle order (``prov:wasRevisionOf``). A prestatie that keeps its title under another code is
linked to its namesake: ``dcterms:replaces`` across periods, ``skos:related`` within one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from prestatiegraaf.extract.extracted import ExtractedDocument
from prestatiegraaf.graph.iris import IriMinter, coalition_period
from prestatiegraaf.graph.terms import Triples, std
from prestatiegraaf.model import DocumentInfo, DocumentKind

SAME_PRESTATIE = 0.4  # least share of title words for one code to stay one prestatie
_WORD = re.compile(r"[^\W\d_]{3,}")
_STOP = {"het", "een", "van", "voor", "met", "aan", "door", "over", "als", "die", "dat", "en"}
_CYCLE = {DocumentKind.BEGROTING: 0, DocumentKind.VOORJAARSNOTA: 2, DocumentKind.JAARVERSLAG: 4}


def cycle_key(info: DocumentInfo) -> tuple[int, int, str]:
    """Sort key of documents in P&C order.

    Within a year: Begroting, Monitor I, Voorjaarsnota, Monitor II, Jaarverslag.
    """
    if info.kind is DocumentKind.MONITOR:
        rank = 3 if info.period == "II" else 1
    else:
        rank = _CYCLE.get(info.kind, 9) if info.kind else 9
    return (info.year or 0, rank, info.title)


def title_words(title: str) -> frozenset[str]:
    """The content words of a title, for comparing titles across documents."""
    return frozenset(w for w in _WORD.findall(title.casefold()) if w not in _STOP)


def similar(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two titles share enough words to name the same prestatie."""
    if not a or not b:
        return a == b
    return len(a & b) / len(a | b) >= SAME_PRESTATIE


@dataclass
class Version:
    """One description: where it stands in the cycle and what it is called there."""

    key: tuple[int, int, str]
    description: str
    title: str


@dataclass
class PrestatieIndex:
    """Which prestatie each (document, code) describes, and the versions of each prestatie."""

    iris: IriMinter
    assigned: dict[tuple[str, str], str] = field(default_factory=dict)
    versions: dict[str, list[Version]] = field(default_factory=lambda: defaultdict(list))

    def prestatie(self, document_slug: str, code: str) -> str:
        """The prestatie IRI a document's section with ``code`` describes."""
        return self.assigned[(document_slug, code)]


def index_prestaties(documents: Sequence[ExtractedDocument], iris: IriMinter) -> PrestatieIndex:
    """Assign every section to a prestatie, walking the documents in cycle order."""
    index = PrestatieIndex(iris)
    clusters: dict[tuple[str, str], list[tuple[str, set[str]]]] = defaultdict(list)
    ordered = sorted(documents, key=lambda d: cycle_key(d.source.document))
    for extracted in ordered:
        info = extracted.source.document
        doc_slug = iris.document_slug(info, extracted.source.path)
        period = coalition_period(info.year)
        for section in extracted.sections:
            words = title_words(section.title)
            known = clusters[(section.code, period)]
            match = next((iri for iri, seen in known if similar(words, frozenset(seen))), None)
            if match is None:
                suffix = "" if not known else f"-{len(known) + 1}"
                match = iris.prestatie(section.code + suffix, period)
                known.append((match, set()))
            next(seen for iri, seen in known if iri == match).update(words)
            index.assigned[(doc_slug, section.code)] = match
            description = iris.description(doc_slug, section.code)
            index.versions[match].append(Version(cycle_key(info), description, section.title))
    return index


def history_triples(index: PrestatieIndex, out: Triples, periods: dict[str, str]) -> None:
    """Link versions in cycle order, and prestaties that share a title under other codes."""
    for versions in index.versions.values():
        ordered = sorted(versions, key=lambda v: v.key)
        for earlier, later in zip(ordered, ordered[1:], strict=False):
            out.link(later.description, std("prov:wasRevisionOf"), earlier.description)
    by_title: dict[frozenset[str], set[str]] = defaultdict(set)
    for prestatie, versions in index.versions.items():
        for version in versions:
            by_title[title_words(version.title)].add(prestatie)
    for words, prestaties in by_title.items():
        if not words or len(prestaties) < 2:
            continue
        ordered_iris = sorted(prestaties, key=lambda iri: (periods[iri], iri))
        for earlier_iri, later_iri in zip(ordered_iris, ordered_iris[1:], strict=False):
            same_period = periods[earlier_iri] == periods[later_iri]
            relation = std("skos:related") if same_period else std("dcterms:replaces")
            out.link(later_iri, relation, earlier_iri)
