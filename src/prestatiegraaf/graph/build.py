"""Stage 3, graph: assemble the whole graph from extracted documents into a pyoxigraph store.

The same prestatie (code within a coalition period), actor, person and decision is one
resource whatever document mentions it; each document's description of a prestatie is a
resource of its own, so the history over the planning & control cycle stays queryable.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.extract.extracted import ExtractedDocument
from prestatiegraaf.graph.document_part import (
    default_prestatie,
    document_ntriples,
    document_triples,
)
from prestatiegraaf.graph.history import (
    PrestatieIndex,
    cycle_key,
    history_triples,
    index_prestaties,
)
from prestatiegraaf.graph.iris import IriMinter, coalition_period
from prestatiegraaf.graph.kinds import graph_kinds
from prestatiegraaf.graph.links import describe_links
from prestatiegraaf.graph.terms import Triples, pg, std, text
from prestatiegraaf.namespaces import DEFAULT_BASE, PROVINCE_IRI
from prestatiegraaf.resources import code_lists_file


def graph_triples(
    documents: Sequence[ExtractedDocument], base: str = DEFAULT_BASE
) -> list[ox.Triple]:
    """Every triple of the graph for ``documents`` (duplicates removed, unordered)."""
    iris = IriMinter(base)
    index = index_prestaties(documents, iris)
    items: list[ox.Triple] = []
    for extracted, prestaties in zip(documents, overrides(documents, index), strict=True):
        items.extend(document_triples(extracted, iris, prestaties).items)
    items.extend(shared_triples(documents, index).items)
    return list(dict.fromkeys([*items, *code_lists()]))


def graph_ntriples(
    documents: Sequence[ExtractedDocument],
    base: str = DEFAULT_BASE,
    parts: list[Path | None] | None = None,
    form: Callable[[bytes], bytes] | None = None,
    links: Path | None = None,
) -> Iterator[bytes]:
    """The graph for ``documents`` as chunks: one per document, then the shared part.

    The chunks of :func:`graph_chunks`, with each stored part read when its turn comes.
    """
    for chunk in graph_chunks(documents, base, parts, form, links):
        yield chunk.read_bytes() if isinstance(chunk, Path) else chunk


def graph_chunks(
    documents: Sequence[ExtractedDocument],
    base: str = DEFAULT_BASE,
    parts: list[Path | None] | None = None,
    form: Callable[[bytes], bytes] | None = None,
    links: Path | None = None,
) -> Iterator[Path | bytes]:
    """The graph for ``documents`` in chunks: one per document, then the shared part.

    Args:
        documents: the extracted documents.
        base: the base of every IRI.
        parts: per document, the file of its part as made by ``form`` of
            :func:`document_ntriples` with the default prestaties (in a worker process, or
            from the cache); None where not made yet.
        form: what becomes of the N-Triples of every chunk made here, so that they match the
            files in ``parts`` (by default they stay N-Triples).
        links: the folder of linksets whose accepted links are published (default links/).

    Yields:
        A document's stored part where it can be used as it is (the file, not read), else
        the chunk made here.
    """
    iris = IriMinter(base)
    index = index_prestaties(documents, iris)
    made = parts if parts is not None else [None] * len(documents)
    shape = form or (lambda chunk: chunk)
    for extracted, part, prestaties in zip(documents, made, overrides(documents, index),
                                           strict=True):  # fmt: skip
        if part is None or prestaties:
            yield shape(document_ntriples(extracted, base, prestaties))
        else:
            yield part
    shared = [*shared_triples(documents, index, links).items, *code_lists()]
    data = ox.serialize(shared, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None  # no output target given: the bytes are returned
    yield shape(data)


def overrides(
    documents: Sequence[ExtractedDocument], index: PrestatieIndex
) -> list[dict[str, str]]:
    """Per document, the sections whose prestatie is not the default one for their code."""
    found: list[dict[str, str]] = []
    for extracted in documents:
        doc_slug = index.iris.document_slug(extracted.source.document, extracted.source.path)
        changed = {}
        for section in extracted.sections:
            assigned = index.prestatie(doc_slug, section.code)
            if assigned != default_prestatie(extracted, section.code, index.iris):
                changed[section.code] = assigned
        found.append(changed)
    return found


def shared_triples(
    documents: Sequence[ExtractedDocument], index: PrestatieIndex, links: Path | None = None
) -> Triples:
    """What no single document holds: the province, history, labels, actors and datasets."""
    iris = index.iris
    out = Triples()
    _province(out)
    titles: dict[str, list[tuple[tuple[int, int, str], str]]] = defaultdict(list)
    periods: dict[str, str] = {}
    for extracted in documents:
        info = extracted.source.document
        doc_slug = iris.document_slug(info, extracted.source.path)
        period = coalition_period(info.year)
        for goal in extracted.goals:
            titles[iris.goal(goal.code, period)].append((cycle_key(info), goal.title))
        for section in extracted.sections:
            prestatie = index.prestatie(doc_slug, section.code)
            periods[prestatie] = period
            titles[prestatie].append((cycle_key(info), section.title))
    history_triples(index, out, periods)
    _labels(out, titles)
    for kind in graph_kinds():
        if kind.shared is not None:
            kind.shared(documents, iris, out)
    _datasets(out, iris)
    describe_links(iris, out, links)
    return out


@cache
def code_lists() -> tuple[ox.Triple, ...]:
    """The SKOS code lists shipped with the ontology, published with every graph.

    Raises:
        OntologyError: the code-list file is missing or not valid Turtle.

    """
    path = code_lists_file()
    try:
        return tuple(
            ox.Triple(q.subject, q.predicate, q.object)
            for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        )
    except (OSError, SyntaxError) as exc:
        raise OntologyError(f"code lists unreadable: {exc}", path=path) from exc


def _province(out: Triples) -> None:
    out.typed(PROVINCE_IRI, std("org:FormalOrganization"))
    out.add(PROVINCE_IRI, std("skos:prefLabel"), text("Provincie Overijssel"))


def _labels(out: Triples, titles: dict[str, list[tuple[tuple[int, int, str], str]]]) -> None:
    """The most frequent title is the prefLabel (ties: the latest document); others altLabels."""
    for prestatie, seen in titles.items():
        counts = Counter(title for _, title in seen)
        latest = {title: key for key, title in sorted(seen)}
        best = max(counts, key=lambda title: (counts[title], latest[title]))
        out.add(prestatie, std("skos:prefLabel"), text(best))
        for title in sorted(set(counts) - {best}):
            out.add(prestatie, std("skos:altLabel"), text(title))


def _datasets(out: Triples, iris: IriMinter) -> None:
    for name, structure, title in (
        ("lasten", "lastenStructuur", "Lasten per prestatie en document"),
        ("budgetopbouw", "budgetopbouwStructuur", "Budgetopbouw per prestatie en document"),
    ):
        dataset = iris.dataset(name)
        out.typed(dataset, std("qb:DataSet"))
        out.link(dataset, std("qb:structure"), pg(structure).value)
        out.add(dataset, std("dcterms:title"), text(title))
