"""Stage 6, publish: the rules by which a graph's files are validated and published.

The graph is validated before anything is published; a graph that does not conform leaves
only its reports. The files are written whole (the parts merged, each format written from the
merged N-Triples) or, where only a few parts changed since the last build, patched from that
build's files (:mod:`..rebuild.patch`). Validation runs on one core while the formats are
written on the other; the writes are only published when the gate passes.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.errors import OutputError, ValidationFailed
from prestatiegraaf.graph import IriMinter
from prestatiegraaf.graph.store import ntriples_store
from prestatiegraaf.options import BuildOptions
from prestatiegraaf.progress import Progress
from prestatiegraaf.publish.files import Staging, write_files
from prestatiegraaf.publish.quarantine import (
    LeftOut,
    Rejected,
    Rejection,
    failing,
    format_left_out,
    owning_descriptions,
)
from prestatiegraaf.rebuild.kept import KeptStore
from prestatiegraaf.rebuild.patch import (
    GraphPatch,
    PatchDeclined,
    write_patched_formats,
    write_patched_ntriples,
)
from prestatiegraaf.rebuild.record import (
    PublishedGraph,
    forget_record,
    keep_record,
    published_graph,
)
from prestatiegraaf.serialize import merge_part_files, write_jsonld, write_turtle_and_trig
from prestatiegraaf.validate.formats import format_text, format_turtle
from prestatiegraaf.validate.incremental import Change
from prestatiegraaf.validate.result import (
    ValidationResult,
    load_project_shapes,
    revalidate_graph,
    validate_graph,
)

log = logging.getLogger(__name__)
STEM = "prestaties"
MAIN_FILE = f"{STEM}.ttl"
FORMATS = ("ttl", "nt", "trig", "jsonld")
REPORT_FILE = "validation-report.txt"


@dataclass(frozen=True)
class Published:
    """The graph files a build wrote (or kept)."""

    triples: int
    validation: ValidationResult | None
    shared: dict[bytes, int] | None  # lines in more than one part (None: parts not all stored)
    patched: bool = False  # patched from the last build's files


def publish_graph(
    parts: list[Path],
    options: BuildOptions,
    staging: Staging,
    iris: IriMinter,
    progress: Progress,
    last: tuple[PublishedGraph | None, str],
    store: KeptStore | None = None,
) -> Published:
    """Validate and write the graph files into ``staging``.

    When only a few parts changed since the last build (``last``: its record and the digest
    of this build's settings), its files are patched (see :mod:`..rebuild.patch`); otherwise
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
        validation = gate_while(graph, options, writes)
    except OSError as exc:
        raise OutputError(f"cannot write the graph: {exc}", path=options.out_dir) from exc
    return Published(count, validation, shared)


def _publish_patched(
    changed: tuple[list[bytes], list[bytes]],
    last: PublishedGraph,
    options: BuildOptions,
    staging: Staging,
    name: str,
    progress: Progress,
    store: KeptStore | None = None,
) -> Published:
    """Patch the last build's graph files with the parts that went and came.

    The last graph's kept store (see :mod:`..rebuild.kept`), when ``store`` has it, is patched
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
    validation = gate_while(graph, options, [write], before, opened)
    return Published(patch.triples, validation, patch.shared, True)


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
    folder = options.cache_folder
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
    return options.cache and all(part.parent == options.cache_folder for part in parts)


def validation_reports(
    result: ValidationResult, left_out: Sequence[LeftOut] = ()
) -> dict[str, bytes]:
    """The validation report as readable text and as a SHACL report in Turtle.

    The text report starts with the descriptions ``left_out`` of the graph (``--quarantine``)
    and what was wrong with them; the rest reports on the graph published.
    """
    return {
        REPORT_FILE: (format_left_out(left_out) + format_text(result)).encode("utf-8"),
        "validation-report.ttl": format_turtle(result).encode("utf-8"),
    }


def gate_while(
    ntriples: Path,
    options: BuildOptions,
    writes: Sequence[Callable[[], None]],
    before: tuple[Change, ValidationResult] | None = None,
    store: ox.Store | None = None,
) -> ValidationResult | None:
    """Validate (see :func:`gate`) while a second thread runs ``writes``, in order.

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
            validation = gate(ntriples, options, before, store) if options.validate else None
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


def gate(
    ntriples: Path,
    options: BuildOptions,
    before: tuple[Change, ValidationResult] | None = None,
    store: ox.Store | None = None,
) -> ValidationResult:
    """Validate before publishing; on failure write only the reports and stop.

    ``before`` is the change since the last build and that build's result: then only what the
    change can reach is validated again (see :mod:`..validate.incremental`), on ``store`` when
    it holds the graph already, else on a store loaded from ``ntriples``.

    With ``options.quarantine`` a graph that does not conform is reported to the caller
    (:class:`Rejected`, with the description that owns each failing focus node) and nothing
    is written here.

    Raises:
        ValidationFailed: the graph does not conform at ``options.fail_on``.
        Rejected: so, and ``options.quarantine`` asks for what conforms to be published.

    """
    shapes = load_project_shapes(options.shapes)
    result, memory, data = None, None, store
    if before is not None:
        change, last = before
        if data is None:
            data = memory = ntriples_store(ntriples)
        result = revalidate_graph(data, change, last, shapes, options.fail_on)
    if result is None:  # in memory: the kept store on disk is slower for every query
        data = memory if memory is not None else ntriples_store(ntriples)
        result = validate_graph(data, shapes, options.fail_on)
    if result.conforms:
        return result
    if options.quarantine:  # the caller leaves out what it can, and writes the reports
        assert data is not None
        focus = {finding.issue.focus_node for finding in failing(result)}
        rejection = Rejection(result, owning_descriptions(data, focus))
        raise Rejected(failure_message(result, options), rejection)
    raise reject(result, options)


def failure_message(result: ValidationResult, options: BuildOptions) -> str:
    """What a build says when its graph does not conform."""
    counts = result.counts
    return (
        f"graph does not conform to the shapes ({counts['Violation']} violations, "
        f"{counts['Warning']} warnings); nothing published, report in "
        f"{options.failed_folder / REPORT_FILE}"
    )


def reject(result: ValidationResult, options: BuildOptions, why: str = "") -> ValidationFailed:
    """Write the reports of a graph that does not conform; the error that stops the build.

    ``why`` is added to the message (as its own line).

    Raises:
        OutputError: the reports cannot be written.
    """
    write_files(validation_reports(result), options.failed_folder)
    return ValidationFailed("\n".join(filter(None, [why, failure_message(result, options)])))


def unchanged(options: BuildOptions, inputs: str, last: PublishedGraph | None) -> bool:
    """Whether the last build published this very graph and its files are intact.

    Without a cache there is no digest of the inputs (``inputs`` is empty) and no record.
    """
    return (
        bool(inputs)
        and last is not None
        and last.inputs == inputs
        and last.still_in(options.out_dir)
    )


def remember_graph(
    options: BuildOptions,
    digests: tuple[str, str],
    graph: Published,
    names: list[str],
    parts: list[Path],
) -> None:
    """Keep the record of the graph files ``names`` just published (see :mod:`..rebuild.record`).

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
    keep_record(options.cache_folder, record)


def forget_graph(options: BuildOptions) -> None:
    """Drop the record of the last graph before its files are replaced.

    Raises:
        OutputError: the record cannot be removed.
    """
    try:
        forget_record(options.cache_folder)
    except OSError as exc:
        raise OutputError(f"cannot update the cache: {exc}", path=options.cache_folder) from exc


def kept_in_order(written: list[Path], kept: PublishedGraph, out_dir: Path) -> list[Path]:
    """The files of a build that kept its graph files, in the order a full build lists them."""
    graph = [out_dir / name for name in kept.names if name.startswith(f"{STEM}.")]
    reports = [out_dir / name for name in kept.names if not name.startswith(f"{STEM}.")]
    return graph + written + reports
