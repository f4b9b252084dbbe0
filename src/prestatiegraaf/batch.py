"""Extraction of many files and their parts of the graph: cached by content, spread over workers.

Files are independent, so each is read, extracted and mapped to its part of the graph (sorted
N-Triples lines, ready to merge) in worker processes (the cores of the machine by default, one
for a small batch), each file under the time and memory limits of
:class:`~prestatiegraaf.file_limits.FileLimits`: a file over a limit is a :class:`Failure` of
that file alone. Results come back in input order, so the graph is the same whatever the
number of workers. A file whose content, options and program are unchanged is taken from the
cache.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gc
import os
import pickle
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from prestatiegraaf.cache import ExtractionCache, cache_key, keep_entry, pickled, write_atomically
from prestatiegraaf.errors import ExtractionError, PublisherError, SourceError
from prestatiegraaf.extract.extracted import ExtractedDocument, extract_document
from prestatiegraaf.file_limits import FileLimits, Overrun, capped_map
from prestatiegraaf.graph.document_part import document_ntriples
from prestatiegraaf.model import Channel, DocumentInfo
from prestatiegraaf.namespaces import DEFAULT_BASE
from prestatiegraaf.progress import Progress
from prestatiegraaf.resources import example_manifest
from prestatiegraaf.serialize import sorted_part
from prestatiegraaf.sources import load_source

PARALLEL_FROM = 24  # fewer files than this are handled by one worker, forked from the build


@dataclass(frozen=True)
class Job:
    """One file to extract, with the options that shape its extraction."""

    path: Path
    document: DocumentInfo | None
    channel: Channel | None
    encoding: str | None
    base: str
    part: Path | None = None  # where the worker writes the file's part of the graph
    entry: Path | None = None  # where the worker keeps the extracted facts for the cache


@dataclass(frozen=True)
class Processed:
    """A file's extracted facts and its part of the graph."""

    document: ExtractedDocument
    part: Path  # the sorted part of the graph, made with the default prestatie of every section


@dataclass(frozen=True)
class Failure:
    """A source file that could not be read, and why."""

    path: Path
    message: str


@dataclass(frozen=True)
class Packed:
    """A :class:`Processed` with its facts pickled, as it travels back from a worker.

    The worker pickles the facts once, for the cache and for the journey alike.
    """

    data: bytes
    part: Path

    def unpacked(self) -> Processed:
        """The :class:`Processed` this was made from."""
        return Processed(pickle.loads(self.data), self.part)  # noqa: S301 - made by our worker


Outcome = Processed | Failure


def process_one(job: Job, limits: FileLimits | None = None) -> Outcome:
    """Load, extract and map one file in this process; bad input becomes a :class:`Failure`.

    Only a PDF is read under ``limits`` here (in its own child process); :func:`process_batch`
    holds every file to them.
    """
    done = _extracted_and_mapped(job, limits)
    if isinstance(done, Processed) and job.entry is not None:
        keep_entry(job.entry, pickled(done.document), job.part)
    return done


def _process_packed(job: Job, limits: FileLimits | None = None) -> Packed | Failure:
    """:func:`process_one` in a worker process."""
    done = _extracted_and_mapped(job, limits)
    if isinstance(done, Failure):
        return done
    data = pickled(done.document)
    if job.entry is not None:
        keep_entry(job.entry, data, job.part)
    return Packed(data, done.part)


def _extracted_and_mapped(job: Job, limits: FileLimits | None) -> Outcome:
    try:
        source = load_source(
            job.path,
            document=job.document,
            channel=job.channel,
            encoding=job.encoding,
            limits=limits,
        )
        extracted = slim(extract_document(source))
    except (SourceError, ExtractionError) as error:
        return Failure(job.path, str(error))
    if job.part is None:
        raise ValueError("a job needs the path of its part of the graph")
    try:
        write_atomically(job.part, sorted_part(document_ntriples(extracted, job.base)))
    except OSError as error:
        return Failure(job.path, f"cannot write its part of the graph: {error}")
    return Processed(extracted, job.part)


def warm_up() -> None:
    """Load what every file needs once per process: the ontology, code lists, actor register.

    A bundled example is read, extracted and mapped; a worker does this before its first
    file, so that no file's time and memory limits pay for it. A problem is left to the files
    to report.
    """
    sample = min(example_manifest().parent.glob("*.txt"), default=None)
    if sample is not None:
        with contextlib.suppress(PublisherError, OSError):
            document_ntriples(extract_document(load_source(sample)), DEFAULT_BASE)


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
    parts: Path,
    workers: int | None = None,
    cache: ExtractionCache | None = None,
    progress: Progress | None = None,
    keep: set[str] | None = None,
    limits: FileLimits | None = None,
) -> list[Outcome]:
    """Process every job, in input order.

    Args:
        jobs: the files to process.
        parts: folder for the parts of the graph of files not cached (kept by the caller as
            long as the parts are needed); with a cache, parts are kept in the cache.
        workers: worker processes (default: every core this process may use; one for fewer
            than :data:`PARALLEL_FROM` files).
        cache: the cache to read and fill, if any.
        progress: advanced once per file.
        keep: names of cache entries to keep besides those of ``jobs`` (the others go).
        limits: the time and memory each file may take (default: :class:`FileLimits`).

    Raises:
        ProcessLost: a worker could not start, or ended by itself without an answer.

    Inside :func:`long_lived`, the documents are set aside from the cycle collector as soon as
    they are loaded.
    """
    outcomes: list[Outcome | None] = [None] * len(jobs)
    keys: dict[int, str] = {}
    todo: list[tuple[int, Job]] = []
    with collector_paused():
        for index, job in enumerate(jobs):
            target, entry = parts / f"{index}.nt", None
            if cache is not None and job.path.is_file():
                keys[index] = key = cache_key(job.path, job.document, job.channel, job.encoding,
                                              job.base)  # fmt: skip
                target, entry = cache.part_path(key), cache.entry_path(key)
                found = cache.get(key, ExtractedDocument)
                if found is not None and target.is_file():
                    outcomes[index] = hit = Processed(found, target)
                    _advance(progress, hit)
                    continue
            todo.append((index, replace(job, part=target, entry=entry)))
        _set_aside()
    run = _run([job for _, job in todo], workers, limits or FileLimits())
    with contextlib.closing(run):
        for (index, _), outcome in zip(todo, run, strict=True):
            outcomes[index] = outcome
            _advance(progress, outcome)
    if cache is not None:
        cache.prune(set(keys.values()) | (keep or set()))
    _set_aside()
    return [outcome for outcome in outcomes if outcome is not None]


def _run(
    jobs: list[Job], workers: int | None, limits: FileLimits
) -> Generator[Outcome, None, None]:
    """The outcome of each job, in order, as soon as it is known; each file under ``limits``."""
    if not jobs:
        return
    count = workers or default_workers()
    if len(jobs) < PARALLEL_FROM:
        count = 1
    task = functools.partial(_process_packed, limits=limits)
    answers = capped_map(task, jobs, workers=count, limits=limits, what="reading the source files",
                         prepare=warm_up)  # fmt: skip
    with contextlib.closing(answers), collector_paused():  # here results are only unpacked
        for job, done in zip(jobs, answers, strict=True):
            if isinstance(done, Overrun):
                yield Failure(job.path, str(SourceError(done.message(limits), path=job.path)))
            else:
                yield done.unpacked() if isinstance(done, Packed) else done


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while many long-lived objects are made.

    Loading thousands of documents makes millions of objects that live as long as the build;
    every full collection on the way walks all of those made so far, which cost a third of the
    time spent loading them. They form no reference cycles, so nothing waits to be collected.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def long_lived() -> Iterator[None]:
    """A scope in which the loaded documents are set aside from the cycle collector.

    Once loaded, a build's documents live until it ends. Left with the collector, each full
    collection later in the build (extracting a changed file, the reports, validation) walks all
    of them again: over a second of a 6 s rebuild after one file of 3,700 changed. Frozen
    (``gc.freeze``), they are skipped; reference counting still frees whatever is dropped, and
    the scope's end hands them back to the collector.
    """
    token = _LONG_LIVED.set(True)
    try:
        yield
    finally:
        _LONG_LIVED.reset(token)
        gc.unfreeze()


_LONG_LIVED = contextvars.ContextVar("long_lived", default=False)


def _set_aside() -> None:
    if _LONG_LIVED.get():
        gc.freeze()


def _advance(progress: Progress | None, outcome: Outcome) -> None:
    if progress is not None:
        sections = len(outcome.document.sections) if isinstance(outcome, Processed) else 0
        progress.advance(sections=sections)
