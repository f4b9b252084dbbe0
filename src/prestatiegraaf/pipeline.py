"""The build, one library call under the CLI, in the order of its stages.

Sources are collected (:mod:`.sources.collect`), each file is read, extracted and mapped to its
part of the graph in worker processes, cached by content (:mod:`.batch`); the parts are merged,
validated and published by the rules of :mod:`.publish.graph_files`, with the dataset
description and the coverage report beside them.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from prestatiegraaf.batch import Failure, Job, Processed, long_lived, process_batch
from prestatiegraaf.cache import ExtractionCache, write_atomically
from prestatiegraaf.errors import OutputError, SourceError
from prestatiegraaf.extract.extracted import ExtractedDocument
from prestatiegraaf.graph import IriMinter, build_store
from prestatiegraaf.graph.build import graph_chunks
from prestatiegraaf.graph.metadata import dataset_description
from prestatiegraaf.options import BuildOptions
from prestatiegraaf.paths import PathResolver
from prestatiegraaf.progress import Progress
from prestatiegraaf.publish.files import Publication, Staging, write_files
from prestatiegraaf.publish.graph_files import (
    FORMATS,
    STEM,
    Published,
    forget_graph,
    kept_in_order,
    publish_graph,
    reject,
    remember_graph,
    unchanged,
    validation_reports,
)
from prestatiegraaf.publish.lock import make_working_folder, output_lock, remove_working_folder
from prestatiegraaf.publish.ontology_docs import vocabulary_files
from prestatiegraaf.publish.quarantine import LeftOut, Rejected, left_out, without
from prestatiegraaf.rebuild.kept import KeptStore
from prestatiegraaf.rebuild.record import (
    PublishedGraph,
    graph_inputs,
    read_record,
    settings_digest,
)
from prestatiegraaf.report import coverage_json, coverage_report, format_coverage
from prestatiegraaf.serialize import sorted_part, turtle_bytes
from prestatiegraaf.sources.collect import collect_sources, gather_sources
from prestatiegraaf.validate.result import ValidationResult

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    """What a build read and wrote."""

    documents: list[ExtractedDocument]
    triples: int
    files: list[Path]
    warnings: list[str] = field(default_factory=list)
    validation: ValidationResult | None = None
    failures: list[Failure] = field(default_factory=list)
    unchanged: bool = False  # the graph was the last build's: its files were kept as they were
    patched: bool = False  # the last build's graph files were patched where the graph changed
    left_out: list[LeftOut] = field(default_factory=list)  # descriptions quarantined

    @property
    def sections(self) -> int:
        """Number of prestatie sections extracted."""
        return sum(len(doc.sections) for doc in self.documents)


def extract_all(
    options: BuildOptions, progress: Progress | None = None
) -> tuple[list[ExtractedDocument], list[str], list[Failure]]:
    """Load and extract every source; a file that fails does not stop the others.

    Returns:
        The extracted documents, the warnings, and the files that failed.

    Raises:
        ManifestError: a manifest is malformed (nothing can be read reliably then).
    """
    with _parts_folder(options) as parts:
        processed, warnings, failures = process_all(options, parts, progress)
    return [p.document for p in processed], warnings, failures


@contextlib.contextmanager
def _parts_folder(options: BuildOptions) -> Iterator[Path]:
    """A folder for the files' parts of the graph while the build needs them."""
    try:
        options.out_dir.mkdir(parents=True, exist_ok=True)
        folder = make_working_folder(options.out_dir, ".parts-")
    except OSError as exc:
        raise OutputError(f"cannot write the output folder: {exc}", path=options.out_dir) from exc
    try:
        yield folder
    finally:
        remove_working_folder(folder)


def process_all(
    options: BuildOptions,
    parts: Path,
    progress: Progress | None = None,
    last: PublishedGraph | None = None,
) -> tuple[list[Processed], list[str], list[Failure]]:
    """Load, extract and map every source (see :func:`extract_all`).

    Each file's part of the graph is written into the cache or, without one, into ``parts``.
    The parts of the last build's graph stay in the cache until the next graph is published;
    ``last`` is its record when the caller has read it already. Every file is held to
    ``options.limits``. With ``options.keep_going`` a symbolic link in a folder to a file
    outside it is a failure of that file; without, it stops the build before a file is read.
    """
    if options.keep_going:
        sources, refused = gather_sources(options.inputs, options.manifest)
    else:
        sources, refused = collect_sources(options.inputs, options.manifest), []
    jobs = [
        Job(path, info, options.channel, options.encoding, options.base) for path, info in sources
    ]
    cache = ExtractionCache(options.cache_folder) if options.cache else None
    if progress is not None:
        progress.total = len(jobs)
    last = read_record(options.cache_folder) if options.cache and last is None else last
    keep = {Path(name).stem for name in last.parts} if last is not None else set()
    outcomes = process_batch(
        jobs,
        parts=parts,
        workers=options.workers,
        cache=cache,
        progress=progress,
        keep=keep,
        limits=options.limits,
    )
    processed = [o for o in outcomes if isinstance(o, Processed)]
    failures = [Failure(error.path or Path(), str(error)) for error in refused]
    failures += [o for o in outcomes if isinstance(o, Failure)]
    warnings: list[str] = []
    shown = PathResolver().shown
    for extracted in (p.document for p in processed):
        path = shown(extracted.source.path)
        if not extracted.source.document.known:
            warnings.append(
                f"{path}: document unknown (no title such as 'Begroting 2017' "
                "in the text or file name); add it to a manifest"
            )
        warnings.extend(_not_understood(path, extracted))
    return processed, warnings, failures


def _not_understood(path: str, extracted: ExtractedDocument) -> list[str]:
    return [
        f"{path}:{part.span.line if part.span else '?'}: {section.code} {part.where}: "
        f"not understood: {part.text[:80]}"
        for section in extracted.sections
        for part in section.unparsed
    ]


def build(options: BuildOptions) -> BuildResult:
    """Build the graph of all inputs and publish it to ``options.out_dir``.

    Nothing is written unless every step succeeded; files are replaced atomically.

    Raises:
        PublisherError: bad input (exit code 2) or output that cannot be written.

    """
    progress = Progress(0)
    try:
        return _build(options, progress)
    finally:
        progress.close()


def _build(options: BuildOptions, progress: Progress) -> BuildResult:
    with output_lock(options.out_dir), _parts_folder(options) as parts, long_lived():
        return _build_from(options, parts, progress)


def _build_from(options: BuildOptions, parts_folder: Path, progress: Progress) -> BuildResult:
    last = read_record(options.cache_folder) if options.cache else None
    processed, warnings, failures = process_all(options, parts_folder, progress, last)
    documents = [p.document for p in processed]
    report = coverage_report(documents, [(f.path, f.message) for f in failures])
    if failures and (not options.keep_going or not documents):
        write_files(_coverage_files(report), options.failed_folder)
        raise SourceError(_failure_message(failures, len(documents), options))
    iris = IriMinter(options.base)
    parts = _part_files(documents, options, [p.part for p in processed], parts_folder)
    settings = settings_digest(options.settings()) if options.cache else ""
    inputs = graph_inputs(parts, options.cache_folder, settings) if settings else ""
    kept = last if unchanged(options, inputs, last) else None
    store = KeptStore(options.cache_folder) if options.cache and options.validate else None
    left: list[LeftOut] = []
    try:
        with Publication(options.out_dir) as staging:
            if kept is None:
                made: list[Path | None] = [p.part for p in processed]
                graph, left = _publish(parts, (documents, made, parts_folder), options, staging,
                                       iris, progress, (last, settings), store)  # fmt: skip
            else:
                log.info("graph unchanged since the last build: its files are kept")
                for name in kept.names:
                    staging.keep(name)
                graph = Published(kept.triples, kept.validation, kept.shared)
                progress.stage(graph.triples)
            count, validation = graph.triples, graph.validation
            dumps = [staging.folder / f"{STEM}.{suffix}" for suffix in FORMATS]
            description = dataset_description(documents, iris, dumps[FORMATS.index("nt")], dumps)
            staging.write("dataset.ttl", turtle_bytes(description))
            reports = validation_reports(validation, left) if validation and kept is None else {}
            if left:
                report["quarantined"] = [item.as_dict() for item in left]
            for name, data in (vocabulary_files() | _coverage_files(report) | reports).items():
                staging.write(name, data)
            if kept is None:
                forget_graph(options)
            written = staging.commit()
            _forget_failure(options)
        if kept is None and options.cache:
            if not left:  # a graph with sections left out is no graph of these parts
                graph_files = [f"{STEM}.{suffix}" for suffix in FORMATS] + list(reports)
                remember_graph(options, (inputs, settings), graph, graph_files, parts)
            ExtractionCache(options.cache_folder).prune({part.stem for part in parts})
            if store is not None and not left:
                store.keep(inputs)
    finally:
        if store is not None:
            store.discard()
    log.info("wrote %d triples from %d sections", count, len(documents))
    files = written if kept is None else kept_in_order(written, kept, options.out_dir)
    return BuildResult(documents, count, files, warnings, validation, failures,
                       unchanged=kept is not None, patched=graph.patched,
                       left_out=left)  # fmt: skip


def _publish(
    parts: list[Path],
    extracted: tuple[list[ExtractedDocument], list[Path | None], Path],
    options: BuildOptions,
    staging: Staging,
    iris: IriMinter,
    progress: Progress,
    last: tuple[PublishedGraph | None, str],
    store: KeptStore | None,
) -> tuple[Published, list[LeftOut]]:
    """Validate and write the graph files; with ``--quarantine``, those of what conforms.

    ``extracted`` holds the documents, the parts the workers made of them (None where not
    made) and the folder for parts made here. Without ``options.quarantine`` this is
    :func:`publish_graph`. With it, a graph that does not conform is made again without the
    sections of the descriptions that own a failing finding (their documents are mapped
    again, so history, labels and shared resources are what a build without those sections
    gives), validated again in full and written whole; the descriptions left out are
    returned.

    Raises:
        ValidationFailed: the graph does not conform, and leaving out descriptions does not
            help (a shared resource fails, or what is left still fails); the reports of the
            whole graph are written.
    """
    try:
        return publish_graph(parts, options, staging, iris, progress, last, store), []
    except Rejected as rejected:  # the error's frames hold the store: keep only the verdict
        rejection = rejected.rejection
    documents, made, folder = extracted
    left, drop = left_out(rejection, documents, iris)
    if not left:
        raise reject(rejection.result, options)
    log.info("leaving out %s that do not conform", _descriptions(len(left)))
    touched = {i for i, _ in drop}
    sound = _part_files(without(documents, drop), options,
                        [None if i in touched else part for i, part in enumerate(made)],
                        folder)  # fmt: skip
    try:
        return publish_graph(sound, options, staging, iris, progress, (None, ""), None), left
    except Rejected as rejected:
        remaining = rejected.rejection.result.counts
    why = (
        f"leaving out {_descriptions(len(left))} with violations does not make the rest conform "
        f"({remaining['Violation']} violations, {remaining['Warning']} warnings remain, such as "
        "those of a resource that descriptions share); --quarantine cannot help"
    )
    raise reject(rejection.result, options, why)


def _descriptions(count: int) -> str:
    return f"{count} description{'s' if count != 1 else ''}"


def _part_files(
    documents: list[ExtractedDocument],
    options: BuildOptions,
    parts: list[Path | None],
    folder: Path,
) -> list[Path]:
    """The files of every part of the graph: those made by the workers, and the rest."""
    files: list[Path] = []
    for chunk in graph_chunks(documents, options.base, parts, sorted_part, options.links):
        if isinstance(chunk, bytes):
            files.append(_made_part(chunk, options, folder, len(files)))
        else:
            files.append(chunk)
    return files


def _made_part(chunk: bytes, options: BuildOptions, folder: Path, index: int) -> Path:
    """The file of a part made in this process: with a cache, stored there by its content."""
    if options.cache:
        stored = options.cache_folder / f"made-{hashlib.sha256(chunk).hexdigest()}.nt"
        with contextlib.suppress(OSError):  # not stored: the build goes on without a patch
            if not stored.is_file():
                stored.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(stored, chunk)
            return stored
    made = folder / f"made-{index}.nt"
    made.write_bytes(chunk)
    return made


def _coverage_files(report: dict[str, object]) -> dict[str, bytes]:
    """The coverage report as JSON and as a readable table."""
    return {
        "report.json": coverage_json(report).encode(),
        "report.txt": format_coverage(report).encode("utf-8"),
    }


_FAILURE_REPORTS = frozenset(
    {"report.txt", "report.json", "validation-report.txt", "validation-report.ttl"}
)


def _forget_failure(options: BuildOptions) -> None:
    """Remove the reports of a failed build once a build published: they no longer apply.

    Only a folder holding nothing but those reports is removed.
    """
    folder = options.failed_folder
    try:
        names = {entry.name for entry in folder.iterdir()}
    except OSError:
        return
    if names <= _FAILURE_REPORTS:
        for name in names:
            (folder / name).unlink(missing_ok=True)
        folder.rmdir()


def _failure_message(failures: list[Failure], succeeded: int, options: BuildOptions) -> str:
    """One line per failed file, and what happened to the build."""
    lines = [f.message for f in failures]
    if succeeded:
        lines.append(
            f"{len(failures)} of {len(failures) + succeeded} files failed; nothing published "
            f"(--keep-going publishes the others); report in "
            f"{options.failed_folder / 'report.txt'}"
        )
    return "\n".join(lines)


__all__ = [
    "BuildOptions",
    "BuildResult",
    "build",
    "build_store",
    "collect_sources",
    "extract_all",
    "process_all",
]
