"""The build: sources → extract → graph → serialize, as one library call under the CLI."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.batch import Failure, Job, Processed, long_lived, process_batch
from prestatiegraaf.cache import ExtractionCache, write_atomically
from prestatiegraaf.errors import OutputError, SourceError, ValidationFailed
from prestatiegraaf.extract.extracted import ExtractedDocument
from prestatiegraaf.graph import IriMinter, build_store
from prestatiegraaf.graph.build import graph_chunks
from prestatiegraaf.graph.metadata import dataset_triples
from prestatiegraaf.graph.store import ntriples_store
from prestatiegraaf.model import Channel, DocumentInfo
from prestatiegraaf.namespaces import DEFAULT_BASE
from prestatiegraaf.paths import PathResolver
from prestatiegraaf.progress import Progress
from prestatiegraaf.publish.files import Staging, write_files
from prestatiegraaf.publish.kept import KeptStore
from prestatiegraaf.publish.lock import output_lock
from prestatiegraaf.publish.patch import (
    GraphPatch,
    PatchDeclined,
    write_patched_formats,
    write_patched_ntriples,
)
from prestatiegraaf.publish.record import (
    PublishedGraph,
    files_digest,
    forget_record,
    graph_inputs,
    keep_record,
    published_graph,
    read_record,
    settings_digest,
)
from prestatiegraaf.report import coverage_json, coverage_report, format_coverage
from prestatiegraaf.resources import shapes_dir
from prestatiegraaf.serialize import (
    merge_part_files,
    sorted_part,
    turtle_bytes,
    write_jsonld,
    write_turtle_and_trig,
)
from prestatiegraaf.sources import SOURCE_SUFFIXES
from prestatiegraaf.sources.manifest import read_manifest
from prestatiegraaf.validate.formats import format_text, format_turtle
from prestatiegraaf.validate.incremental import Change
from prestatiegraaf.validate.result import (
    Severity,
    ValidationResult,
    load_project_shapes,
    revalidate_graph,
    validate_graph,
)
from prestatiegraaf.validate.shapes import shape_files

log = logging.getLogger(__name__)
STEM = "prestaties"
MAIN_FILE = f"{STEM}.ttl"
FORMATS = ("ttl", "nt", "trig", "jsonld")
REPORT_FILE = "validation-report.txt"


@dataclass(frozen=True)
class BuildOptions:
    """What to build and how."""

    inputs: tuple[Path, ...] = ()
    manifest: Path | None = None
    out_dir: Path = Path("output")
    base: str = DEFAULT_BASE
    channel: Channel | None = None
    encoding: str | None = None  # None: UTF-8 for text, the page's own charset for HTML
    validate: bool = True
    keep_going: bool = False
    workers: int | None = None  # None: every core this process may use
    cache: bool = True
    shapes: Path | None = None
    fail_on: Severity = Severity.VIOLATION


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

    @property
    def sections(self) -> int:
        """Number of prestatie sections extracted."""
        return sum(len(doc.sections) for doc in self.documents)


def collect_sources(options: BuildOptions) -> list[tuple[Path, DocumentInfo | None]]:
    """The files to read, each with its document from a manifest where one describes it.

    Folders are searched recursively for text and markdown files; a ``manifest.csv`` in a
    folder describes the files it names. The manifest given explicitly wins.

    Raises:
        SourceError: an input does not exist or holds no source file.
        ManifestError: a manifest is malformed.

    """
    described: dict[Path, DocumentInfo] = {}
    given: dict[Path, Path] = {}  # resolved path -> the path as the user wrote it
    resolved = PathResolver()
    manifests = [options.manifest] if options.manifest else []
    for item in options.inputs:
        if item.is_dir() and (item / "manifest.csv").is_file():
            manifests.insert(0, item / "manifest.csv")
    for manifest in manifests:
        for entry in read_manifest(manifest):
            key = resolved(entry.path)
            described[key] = entry.document
            given.setdefault(key, entry.path)
    for item in options.inputs:
        for path in _files(item):
            given.setdefault(resolved(path), path)
    return [(path, described.get(key)) for key, path in given.items()]


def _files(item: Path) -> list[Path]:
    if not item.exists():
        raise SourceError("file not found", path=item)
    if item.is_file():
        return [item]
    found = sorted(
        p
        for p in item.rglob("*")
        if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES and not p.name.startswith(".")
    )
    if not found:
        raise SourceError(f"folder holds no source files ({', '.join(SOURCE_SUFFIXES)})", path=item)
    return found


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
        with tempfile.TemporaryDirectory(prefix=".parts-", dir=options.out_dir) as folder:
            yield Path(folder)
    except OSError as exc:
        raise OutputError(f"cannot write the output folder: {exc}", path=options.out_dir) from exc


def process_all(
    options: BuildOptions,
    parts: Path,
    progress: Progress | None = None,
    last: PublishedGraph | None = None,
) -> tuple[list[Processed], list[str], list[Failure]]:
    """Load, extract and map every source (see :func:`extract_all`).

    Each file's part of the graph is written into the cache or, without one, into ``parts``.
    The parts of the last build's graph stay in the cache until the next graph is published;
    ``last`` is its record when the caller has read it already.
    """
    sources = collect_sources(options)
    jobs = [
        Job(path, info, options.channel, options.encoding, options.base) for path, info in sources
    ]
    cache = ExtractionCache(_cache_folder(options)) if options.cache else None
    if progress is not None:
        progress.total = len(jobs)
    last = read_record(_cache_folder(options)) if options.cache and last is None else last
    keep = {Path(name).stem for name in last.parts} if last is not None else set()
    outcomes = process_batch(
        jobs, parts=parts, workers=options.workers, cache=cache, progress=progress, keep=keep
    )
    processed = [o for o in outcomes if isinstance(o, Processed)]
    failures = [o for o in outcomes if isinstance(o, Failure)]
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
    last = read_record(_cache_folder(options)) if options.cache else None
    processed, warnings, failures = process_all(options, parts_folder, progress, last)
    documents = [p.document for p in processed]
    report = coverage_report(documents, [(f.path, f.message) for f in failures])
    if failures and (not options.keep_going or not documents):
        write_files(_coverage_files(report), options.out_dir)
        raise SourceError(_failure_message(failures, len(documents), options))
    iris = IriMinter(options.base)
    parts = _part_files(documents, options, [p.part for p in processed], parts_folder)
    settings = settings_digest(_settings(options)) if options.cache else ""
    inputs = graph_inputs(parts, _cache_folder(options), settings) if settings else ""
    kept = last if _unchanged(options, inputs, last) else None
    store = KeptStore(_cache_folder(options)) if options.cache and options.validate else None
    try:
        with Staging(options.out_dir) as staging:
            if kept is None:
                graph = _publish_graph(parts, options, staging, iris, progress, (last, settings),
                                       store)  # fmt: skip
            else:
                log.info("graph unchanged since the last build: its files are kept")
                graph = _Published(kept.triples, kept.validation, kept.shared)
                progress.stage(graph.triples)
            count, validation = graph.triples, graph.validation
            staging.write("dataset.ttl", turtle_bytes(dataset_triples(documents, iris, count)))
            reports = _reports(validation) if validation and kept is None else {}
            for name, data in (_coverage_files(report) | reports).items():
                staging.write(name, data)
            if kept is None:
                _forget_record(options)
            written = staging.commit()
        if kept is None and options.cache:
            graph_files = [f"{STEM}.{suffix}" for suffix in FORMATS] + list(reports)
            _remember(options, (inputs, settings), graph, graph_files, parts)
            ExtractionCache(_cache_folder(options)).prune({part.stem for part in parts})
            if store is not None:
                store.keep(inputs)
    finally:
        if store is not None:
            store.discard()
    log.info("wrote %d triples from %d sections", count, len(documents))
    files = written if kept is None else _in_order(written, kept, options.out_dir)
    return BuildResult(documents, count, files, warnings, validation, failures,
                       unchanged=kept is not None, patched=graph.patched)  # fmt: skip


@dataclass(frozen=True)
class _Published:
    """The graph files a build wrote (or kept)."""

    triples: int
    validation: ValidationResult | None
    shared: dict[bytes, int] | None  # lines in more than one part (None: parts not all stored)
    patched: bool = False  # patched from the last build's files


def _publish_graph(
    parts: list[Path],
    options: BuildOptions,
    staging: Staging,
    iris: IriMinter,
    progress: Progress,
    last: tuple[PublishedGraph | None, str],
    store: KeptStore | None = None,
) -> _Published:
    """Validate and write the graph files into ``staging``.

    When only a few parts changed since the last build (``last``: its record and the digest
    of this build's settings), its files are patched (see :mod:`.publish.patch`); otherwise
    the parts are merged and every format written whole. With ``store``, the graph is also
    kept in a store on disk for the next build, or that store is patched too.

    Raises:
        ValidationFailed: the graph does not conform (its reports are written).
        OutputError: a file cannot be written.
    """
    for suffix in FORMATS:  # listed first, in this order, whichever thread writes them
        staging.path(f"{STEM}.{suffix}")
    graph = staging.path(f"{STEM}.nt")  # from here on the graph is read as a stream
    name = iris.dataset("prestatiegraaf")
    record, settings = last
    stored = _all_stored(parts, options)
    changed = _changed_parts(parts, options, record, settings) if stored else None
    try:
        if changed is not None and record is not None and record.shared is not None:
            try:
                return _publish_patched(changed, record, options, staging, name, progress, store)
            except PatchDeclined as exc:
                log.info("graph files written whole: %s", exc)
        shared: dict[bytes, int] | None = {} if stored else None
        count = merge_part_files(parts, graph, shared=shared)
        progress.stage(count)

        # in this order on the writer thread; the validating thread, once done, takes the
        # ones not started yet from the end (JSON-LD first), so the two finish close together
        writes = [lambda: write_turtle_and_trig(graph, staging.path, name, STEM)]
        if store is not None:
            writes.append(lambda: store.make(graph))
        writes.append(lambda: write_jsonld(graph, staging.path, STEM))
        validation = _gate_while(graph, options, writes)
    except OSError as exc:
        raise OutputError(f"cannot write the graph: {exc}", path=options.out_dir) from exc
    return _Published(count, validation, shared)


def _publish_patched(
    changed: tuple[list[bytes], list[bytes]],
    last: PublishedGraph,
    options: BuildOptions,
    staging: Staging,
    name: str,
    progress: Progress,
    store: KeptStore | None = None,
) -> _Published:
    """Patch the last build's graph files with the parts that went and came.

    The last graph's kept store (see :mod:`.publish.kept`), when ``store`` has it, is patched
    too and validated in place of a store of the whole graph in memory.

    Raises:
        PatchDeclined: the files cannot be patched.
        ValidationFailed: the graph does not conform.
        OSError: a file cannot be read or written.
    """
    assert last.shared is not None
    published = options.out_dir / f"{STEM}.nt"
    graph = staging.path(f"{STEM}.nt")
    patch = write_patched_ntriples(published, graph, *changed, last.shared, last.triples)
    progress.stage(patch.triples)

    change = _change(patch)
    opened = _changed_store(store, last.inputs, change)
    make = store.make if store is not None and opened is None else None

    def write() -> None:
        old = lambda suffix: options.out_dir / f"{STEM}.{suffix}"  # noqa: E731
        new = lambda suffix: staging.path(f"{STEM}.{suffix}")  # noqa: E731
        write_patched_formats(old, new, name, patch)
        if make is not None:
            make(graph)

    log.info("graph files patched: %d subjects changed", len(patch.blocks))
    before = (change, last.validation) if last.validation is not None else None
    validation = _gate_while(graph, options, [write], before, opened)
    return _Published(patch.triples, validation, patch.shared, True)


def _changed_store(store: KeptStore | None, inputs: str, change: Change) -> ox.Store | None:
    """The kept store of the last graph (``inputs``) with ``change`` made to it, if usable.

    None when there is none, or it could not be changed: the graph is then validated in
    memory and a new store made from it.
    """
    opened = store.open(inputs) if store is not None else None
    if store is None or opened is None:
        return None
    return opened if store.change(opened, change.removed, change.added) else None


def _change(patch: GraphPatch) -> Change:
    """The triples that left the graph and came into it with ``patch``."""

    def read(data: bytes) -> tuple[ox.Triple, ...]:
        parsed = ox.parse(input=data, format=ox.RdfFormat.N_TRIPLES, lenient=True)
        return tuple(quad.triple for quad in parsed)

    return Change(read(patch.went), read(patch.came))


def _changed_parts(
    parts: list[Path], options: BuildOptions, last: PublishedGraph | None, settings: str
) -> tuple[list[bytes], list[bytes]] | None:
    """The parts that went since the last build and those that came, if a patch is worth it.

    ``parts`` must all be stored (see :func:`_all_stored`). Only when the settings and the
    program are the last build's, its files are as it left them, and the changed parts are
    smaller than the graph.
    """
    if last is None or not last.parts:
        return None
    if last.settings != settings:
        return None
    if not last.still_in(options.out_dir):
        return None
    before, now = Counter(last.parts), Counter(part.name for part in parts)
    folder = _cache_folder(options)
    went = [folder / name for name in sorted((before - now).elements())]
    came = [folder / name for name in sorted((now - before).elements())]
    try:  # parts as large as the graph: most of it changed, a merge is as fast
        if (
            sum(p.stat().st_size for p in went + came)
            > (options.out_dir / f"{STEM}.nt").stat().st_size
        ):
            return None
        return [p.read_bytes() for p in went], [p.read_bytes() for p in came]
    except OSError:  # a part of the last build is gone: nothing to patch from
        return None


def _all_stored(parts: list[Path], options: BuildOptions) -> bool:
    """Whether every part is kept in the cache, under a name that stands for its content."""
    return options.cache and all(part.parent == _cache_folder(options) for part in parts)


def _cache_folder(options: BuildOptions) -> Path:
    """Where the build keeps what it made of each file, and the record of its last graph."""
    return options.out_dir / ".cache"


def _settings(options: BuildOptions) -> list[str]:
    """Everything besides the parts that the graph files and their validation depend on."""
    settings = [options.base, f"pyoxigraph {ox.__version__}", f"validate {options.validate}"]
    if options.validate:
        shapes = shape_files(options.shapes or shapes_dir())
        settings += [f"fail on {options.fail_on.value}", files_digest(shapes)]
    return settings


def _unchanged(options: BuildOptions, inputs: str, last: PublishedGraph | None) -> bool:
    """Whether the last build published this very graph and its files are intact.

    Without a cache there is no digest of the inputs (``inputs`` is empty) and no record.
    """
    return (
        bool(inputs)
        and last is not None
        and last.inputs == inputs
        and last.still_in(options.out_dir)
    )


def _remember(
    options: BuildOptions,
    digests: tuple[str, str],
    graph: _Published,
    names: list[str],
    parts: list[Path],
) -> None:
    """Keep the record of the graph files ``names`` just published (see :mod:`.publish.record`).

    ``digests`` are those of the inputs and of the settings.
    """
    inputs, settings = digests
    stored = tuple(part.name for part in parts) if graph.shared is not None else ()
    try:
        record = published_graph(inputs, graph.triples, options.out_dir, names, graph.validation,
                                 settings=settings, parts=stored, shared=graph.shared)  # fmt: skip
    except OSError as exc:  # gone already: the next build will simply be a full one
        log.info("record of the build not kept: %s", exc)
        return
    keep_record(_cache_folder(options), record)


def _forget_record(options: BuildOptions) -> None:
    """Drop the record of the last graph before its files are replaced.

    Raises:
        OutputError: the record cannot be removed.
    """
    try:
        forget_record(_cache_folder(options))
    except OSError as exc:
        raise OutputError(f"cannot update the cache: {exc}", path=_cache_folder(options)) from exc


def _in_order(written: list[Path], kept: PublishedGraph, out_dir: Path) -> list[Path]:
    """The files of a build that kept its graph files, in the order a full build lists them."""
    graph = [out_dir / name for name in kept.names if name.startswith(f"{STEM}.")]
    reports = [out_dir / name for name in kept.names if not name.startswith(f"{STEM}.")]
    return graph + written + reports


def _part_files(
    documents: list[ExtractedDocument],
    options: BuildOptions,
    parts: list[Path | None],
    folder: Path,
) -> list[Path]:
    """The files of every part of the graph: those made by the workers, and the rest."""
    files: list[Path] = []
    for chunk in graph_chunks(documents, options.base, parts, form=sorted_part):
        if isinstance(chunk, bytes):
            files.append(_made_part(chunk, options, folder, len(files)))
        else:
            files.append(chunk)
    return files


def _made_part(chunk: bytes, options: BuildOptions, folder: Path, index: int) -> Path:
    """The file of a part made in this process: with a cache, stored there by its content."""
    if options.cache:
        stored = _cache_folder(options) / f"made-{hashlib.sha256(chunk).hexdigest()}.nt"
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


def _failure_message(failures: list[Failure], succeeded: int, options: BuildOptions) -> str:
    """One line per failed file, and what happened to the build."""
    lines = [f.message for f in failures]
    if succeeded:
        lines.append(
            f"{len(failures)} of {len(failures) + succeeded} files failed; nothing published "
            f"(--keep-going publishes the others); report in {options.out_dir / 'report.txt'}"
        )
    return "\n".join(lines)


def _reports(result: ValidationResult) -> dict[str, bytes]:
    """The validation report as readable text and as a SHACL report in Turtle."""
    return {
        REPORT_FILE: format_text(result).encode("utf-8"),
        "validation-report.ttl": format_turtle(result).encode("utf-8"),
    }


def _gate_while(
    ntriples: Path,
    options: BuildOptions,
    writes: Sequence[Callable[[], None]],
    before: tuple[Change, ValidationResult] | None = None,
    store: ox.Store | None = None,
) -> ValidationResult | None:
    """Validate (see :func:`_gate`) while a second thread runs ``writes``, in order.

    Loading the store takes one core and the format writers another, so the two overlap.
    Once validated, this thread takes over the writes the other has not started, from the
    last. The formats are only published if the gate passes; when it or a write fails, the
    writes not started are dropped.

    Raises:
        ValidationFailed: the graph does not conform.
        PatchDeclined: patched formats cannot be written.
        OSError: a format cannot be written.
    """
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="formats") as writer:
        queued = [(writer.submit(work), work) for work in writes]
        try:
            validation = _gate(ntriples, options, before, store) if options.validate else None
            for future, work in reversed(queued):
                if future.cancel():  # not started: done here rather than waited for
                    work()
            for future, _ in queued:
                if not future.cancelled():
                    future.result()
        except BaseException:
            for future, _ in queued:
                future.cancel()
            raise
    return validation


def _gate(
    ntriples: Path,
    options: BuildOptions,
    before: tuple[Change, ValidationResult] | None = None,
    store: ox.Store | None = None,
) -> ValidationResult:
    """Validate before publishing; on failure write only the reports and stop.

    ``before`` is the change since the last build and that build's result: then only what the
    change can reach is validated again (see :mod:`.validate.incremental`), on ``store`` when
    it holds the graph already, else on a store loaded from ``ntriples``.

    Raises:
        ValidationFailed: the graph does not conform at ``options.fail_on``.

    """
    shapes = load_project_shapes(options.shapes)
    result, memory = None, None
    if before is not None:
        change, last = before
        if store is None:
            store = memory = ntriples_store(ntriples)
        result = revalidate_graph(store, change, last, shapes, options.fail_on)
    if result is None:  # in memory: the kept store on disk is slower for every query
        data = memory if memory is not None else ntriples_store(ntriples)
        result = validate_graph(data, shapes, options.fail_on)
    if result.conforms:
        return result
    write_files(_reports(result), options.out_dir)
    counts = result.counts
    raise ValidationFailed(
        f"graph does not conform to the shapes ({counts['Violation']} violations, "
        f"{counts['Warning']} warnings); nothing published, report in "
        f"{options.out_dir / REPORT_FILE}"
    )


__all__ = [
    "BuildOptions",
    "BuildResult",
    "build",
    "build_store",
    "collect_sources",
    "extract_all",
    "process_all",
]
