"""Extraction of many files and their parts of the graph: cached by content, spread over workers.

Files are independent, so each is read, extracted and mapped to its part of the graph (as
N-Triples) in a pool of processes (the cores of the machine by default); results come back in
input order, so the graph is the same whatever the number of workers. A file whose content,
options and program are unchanged is taken from the cache.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from prestatiegraaf.cache import ExtractionCache, cache_key
from prestatiegraaf.errors import ExtractionError, SourceError
from prestatiegraaf.extract.facts import ExtractedDocument, extract_document
from prestatiegraaf.graph.document import document_ntriples
from prestatiegraaf.model import Channel, DocumentInfo
from prestatiegraaf.progress import Progress
from prestatiegraaf.sources import load_source

PARALLEL_FROM = 24  # fewer files than this are not worth starting worker processes for


@dataclass(frozen=True)
class Job:
    """One file to extract, with the options that shape its extraction."""

    path: Path
    document: DocumentInfo | None
    channel: Channel | None
    encoding: str | None
    base: str


@dataclass(frozen=True)
class Processed:
    """A file's extracted facts and its part of the graph."""

    document: ExtractedDocument
    part: bytes  # N-Triples, made with the default prestatie of every section


@dataclass(frozen=True)
class Failure:
    """A source file that could not be read, and why."""

    path: Path
    message: str


Outcome = Processed | Failure


def process_one(job: Job) -> Outcome:
    """Load, extract and map one file; bad input becomes a :class:`Failure`, not an exception."""
    try:
        source = load_source(
            job.path, document=job.document, channel=job.channel, encoding=job.encoding
        )
        extracted = slim(extract_document(source))
    except (SourceError, ExtractionError) as error:
        return Failure(job.path, str(error))
    return Processed(extracted, document_ntriples(extracted, job.base))


def slim(extracted: ExtractedDocument) -> ExtractedDocument:
    """Drop what only extraction needs (every line and element) before results travel.

    The graph stage reads the facts, the source's path, document, channel and text; passing
    the rest between processes and through the cache would only cost time.
    """
    return replace(extracted, source=replace(extracted.source, lines=(), elements=()))


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def process_batch(
    jobs: Sequence[Job],
    *,
    workers: int | None = None,
    cache: ExtractionCache | None = None,
    progress: Progress | None = None,
) -> list[Outcome]:
    """Process every job, in input order."""
    outcomes: list[Outcome | None] = [None] * len(jobs)
    keys: dict[int, str] = {}
    for index, job in enumerate(jobs):
        if cache is None or not job.path.is_file():
            continue
        keys[index] = cache_key(job.path, job.document, job.channel, job.encoding, job.base)
        hit = cache.get(keys[index], Processed)
        if hit is not None:
            outcomes[index] = hit
            _advance(progress, hit)
    todo = [i for i, outcome in enumerate(outcomes) if outcome is None]
    for index, outcome in zip(todo, _run([jobs[i] for i in todo], workers), strict=True):
        outcomes[index] = outcome
        _advance(progress, outcome)
        if cache is not None and index in keys and isinstance(outcome, Processed):
            cache.put(keys[index], outcome)
    if cache is not None:
        cache.prune(set(keys.values()))
    return [outcome for outcome in outcomes if outcome is not None]


def _run(jobs: list[Job], workers: int | None) -> list[Outcome]:
    count = workers or default_workers()
    if count <= 1 or len(jobs) < PARALLEL_FROM:
        return [process_one(job) for job in jobs]
    context = multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")
    chunk = max(1, len(jobs) // (count * 8))
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
        return list(pool.map(process_one, jobs, chunksize=chunk))


def _advance(progress: Progress | None, outcome: Outcome) -> None:
    if progress is not None:
        sections = len(outcome.document.sections) if isinstance(outcome, Processed) else 0
        progress.advance(sections=sections)
