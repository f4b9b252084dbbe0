"""A graph changed in a few of its parts, published by patching the files of the last build.

The last build's record (:mod:`.record`) names the parts its graph was merged from and counts
the lines that more than one part holds. When some parts went and others came, only the
subjects of their lines can change: each such subject's lines are read from the published
N-Triples (a binary search, :mod:`.blocks`), every line's count of parts is corrected, and the
lines still held by a part make the subject's new block. The new blocks are written in every
format by the same writers as a full build, and each graph file is copied around them, so the
files are byte for byte those of a clean build. Anything unexpected declines the patch, and
the build merges and writes the whole graph instead.
"""

from __future__ import annotations

import contextlib
import mmap
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from prestatiegraaf.rebuild.blocks import BLOCKS, BlocksUnclear, Data
from prestatiegraaf.serialize import (
    jsonld_from_ntriples,
    merge_form_subject,
    ntriples_lines,
    sorted_part,
    trig_from_turtle,
    turtle_from_ntriples,
)

PATCH_UPTO = 4
"""A patch is made while the lines that go or come are at most the graph's triples divided by
this; beyond that, merging the graph whole is about as fast."""


class PatchDeclined(Exception):
    """The files of the last build cannot be patched into this graph: build it whole."""


@dataclass(frozen=True)
class GraphPatch:
    """What changes in the graph: the new block of each subject touched (None: gone)."""

    blocks: tuple[tuple[bytes, bytes | None], ...]  # subject IRI, N-Triples lines
    shared: dict[bytes, int]  # lines in more than one part, and in how many, after the patch
    triples: int  # in the graph after the patch
    went: bytes = b""  # the triples that left the graph, as N-Triples
    came: bytes = b""  # the triples that came into it, likewise


def graph_patch(
    graph: Data,
    removed: Iterable[bytes],
    added: Iterable[bytes],
    shared: dict[bytes, int],
    triples: int,
    most: int | None = None,
) -> GraphPatch:
    """The change to the canonical N-Triples ``graph`` when parts go and come.

    Args:
        graph: the published N-Triples (bytes or a memory map).
        removed: the parts that went, each as made by :func:`sorted_part`.
        added: the parts that came, likewise.
        shared: the lines in more than one part of ``graph`` with their counts.
        triples: the number of triples of ``graph``.
        most: the most lines that may change (by default the triples over
            :data:`PATCH_UPTO`).

    Raises:
        PatchDeclined: ``graph`` and the counts do not agree with the parts, or too many
            lines change (see :data:`PATCH_UPTO`).
    """
    change: dict[bytes, int] = {}
    for sign, parts in ((-1, removed), (1, added)):
        for part in parts:
            for line in part.splitlines():
                change[line] = change.get(line, 0) + sign
    touched: dict[bytes, list[bytes]] = {}
    for line, delta in change.items():
        if delta:
            touched.setdefault(merge_form_subject(line), []).append(line)
    if sum(map(len, touched.values())) > (triples // PATCH_UPTO if most is None else most):
        raise PatchDeclined("too much of the graph changed")
    layout = BLOCKS["nt"]
    try:
        body = layout.body(graph)
        cursor, blocks, shared = body[0], [], dict(shared)
        went: list[bytes] = []
        came: list[bytes] = []
        for subject in sorted(touched):
            at = layout.find(graph, subject, cursor, body)
            cursor = at
            before: list[bytes] = []
            if at < body[1] and layout.subject(graph, at) == subject:
                cursor = layout.end_of(graph, at, body[1])
                before = sorted_part(graph[at:cursor]).splitlines()
            lines = _counted(before, touched[subject], change, shared)
            triples += len(lines) - len(before)
            went += sorted(set(before).difference(lines))
            came += sorted(set(lines).difference(before))
            blocks.append((subject, ntriples_lines(lines) if lines else None))
    except BlocksUnclear as exc:
        raise PatchDeclined(f"the published N-Triples: {exc}") from exc
    return GraphPatch(tuple(blocks), shared, triples, ntriples_lines(went), ntriples_lines(came))


def _counted(
    before: list[bytes], touched: list[bytes], change: dict[bytes, int], shared: dict[bytes, int]
) -> list[bytes]:
    """A subject's lines after the change, sorted; ``shared`` is updated for its lines."""
    counts = {line: shared.get(line, 1) for line in before}
    for line in touched:
        if line not in counts and line in shared:
            raise PatchDeclined("a line counted as shared is not in the graph")
        count = counts.get(line, 0) + change[line]
        if count < 0:
            raise PatchDeclined("a part that went holds a line the graph does not have")
        counts[line] = count
        if count > 1:
            shared[line] = count
        else:
            shared.pop(line, None)
    return sorted(line for line, count in counts.items() if count)


@contextlib.contextmanager
def _mapped(path: Path) -> Iterator[tuple[int, mmap.mmap]]:
    """The open file ``path`` (its descriptor) and its bytes, mapped into memory.

    Raises:
        PatchDeclined: the file is empty.
        OSError: it cannot be read.
    """
    with path.open("rb") as source:
        try:
            data = mmap.mmap(source.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError as exc:  # an empty file cannot be mapped
            raise PatchDeclined(f"{path.name} is empty") from exc
        with data:
            yield source.fileno(), data


def write_patched(
    old: Path, target: Path, suffix: str, blocks: Sequence[tuple[bytes, bytes | None]]
) -> None:
    """Write ``old`` with ``blocks`` (in its format, by suffix) in place to ``target``.

    Raises:
        PatchDeclined: ``old`` is empty or not laid out as its format promises.
        OSError: a file cannot be read or written.
    """
    with _mapped(old) as (source, data), target.open("wb", buffering=0) as out:
        try:
            for piece in BLOCKS[suffix].spliced(data, blocks):
                if isinstance(piece, bytes):
                    _write(out.fileno(), piece)
                else:
                    _copy(source, out.fileno(), piece.start, piece.stop)
        except BlocksUnclear as exc:
            raise PatchDeclined(f"{old.name}: {exc}") from exc


def _copy(source: int, target: int, start: int, stop: int) -> None:
    """Copy bytes ``start`` to ``stop`` of the file ``source`` to the end of ``target``.

    The kernel copies them where it can, so the old file is not read through this process's
    memory (a mapped file's pages would count as its own).
    """
    while start < stop:
        try:
            done = os.copy_file_range(source, target, stop - start, start)
        except (AttributeError, OSError):  # not on this system or between these file systems
            done = _write(target, os.pread(source, min(stop - start, 1 << 22), start))
        if done <= 0:
            raise OSError(f"no bytes copied at {start} of {stop}")
        start += done


def _write(target: int, data: bytes) -> int:
    """Write all of ``data`` to the end of ``target`` (a write may take fewer bytes)."""
    view = memoryview(data)
    while view:
        written = os.write(target, view)
        if written <= 0:
            raise OSError("no bytes written")
        view = view[written:]
    return len(data)


def write_patched_ntriples(
    old: Path,
    target: Path,
    removed: Iterable[bytes],
    added: Iterable[bytes],
    shared: dict[bytes, int],
    triples: int,
) -> GraphPatch:
    """Patch the published N-Triples ``old`` into ``target`` (see :func:`graph_patch`).

    Raises:
        PatchDeclined: the patch cannot be made.
        OSError: a file cannot be read or written.
    """
    with _mapped(old) as (_, data):
        patch = graph_patch(data, removed, added, shared, triples)
    write_patched(old, target, "nt", patch.blocks)
    return patch


def write_patched_formats(
    old: Callable[[str], Path], target: Callable[[str], Path], graph: str, patch: GraphPatch
) -> None:
    """Write Turtle, TriG and JSON-LD of the patched graph from the files of the last build.

    Args:
        old: the published file of a suffix.
        target: where to write the new file of a suffix.
        graph: the IRI naming the graph in TriG.
        patch: the change, from :func:`graph_patch`.

    Raises:
        PatchDeclined: a file is not laid out as its format promises.
        OSError: a file cannot be read or written.
    """
    ntriples = b"".join(block for _, block in patch.blocks if block)
    turtle = turtle_from_ntriples(ntriples)
    made = {
        "ttl": turtle,
        "trig": trig_from_turtle(turtle, graph),
        "jsonld": jsonld_from_ntriples(ntriples),
    }
    kept = [subject for subject, block in patch.blocks if block]
    for suffix, data in made.items():
        try:
            written = dict(BLOCKS[suffix].blocks(data)) if kept else {}
            if list(written) != kept:
                raise PatchDeclined(f"the {suffix} writer did not give one block per subject")
            blocks = [(subject, written.get(subject)) for subject, _ in patch.blocks]
            write_patched(old(suffix), target(suffix), suffix, blocks)
        except BlocksUnclear as exc:  # a file of another layout (an earlier release): write whole
            raise PatchDeclined(f"the published {suffix} file: {exc}") from exc
