"""Stage 5, serialize: deterministic Turtle, N-Triples, TriG and JSON-LD.

The graph travels as N-Triples: each part sorted as lines where it is made (:func:`sorted_part`),
the parts merged into one sorted document (:func:`merged_ntriples`), then parsed and written by
pyoxigraph in that order (JSON-LD by :mod:`.publish.jsonld`, node by node), so the same graph
always gives the same bytes. The sorted graph may be a file: it is then read as a stream,
never whole.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from prestatiegraaf.child_process import run_apart
from prestatiegraaf.namespaces import PREFIXES
from prestatiegraaf.publish.jsonld import compact_jsonld

Source = bytes | Path  # canonical N-Triples, in memory or in a file

_TYPE = b"> <" + PREFIXES["rdf"].encode() + b"type> "
# While sorting, rdf:type becomes <\x01> and an IRI's closing "> " becomes "\x02 ", so types
# come first and an IRI sorts before its extensions; N-Triples escapes control characters,
# so neither marker occurs in it and both are replaced back exactly.
_TYPE_FIRST = b"> <\x01> "
_IRI_END, _IRI_END_FIRST = b"> ", b"\x02 "
_BLOCK = 65_536  # lines restored and joined at a time
_READ = 1 << 22  # bytes of Turtle rewritten at a time
_SUBJECT_END = re.compile(rb" \.\n(?=[^\t])")  # a subject's last line, and another follows
APART_FROM = 32 * 1024 * 1024  # bytes of parts from which the merge runs in a child process


def canonical_ntriples(chunks: Iterable[bytes]) -> bytes:
    """N-Triples ``chunks`` merged into one document in the published order.

    Lines are unique and sorted by subject IRI, then ``rdf:type`` before every other
    predicate, then predicate and object as N-Triples text, so the same graph always gives the
    same bytes and diffs stay reviewable. Blank nodes are not supported (the graph has none).
    """
    return merged_ntriples(sorted_part(chunk) for chunk in chunks)


def sorted_part(ntriples: bytes) -> bytes:
    """A part of the graph ready for merging: its lines unique and sorted, in merge form.

    Sorting each part where it is made (in the worker processes) leaves the merge only sorted
    runs to combine, which is much faster than sorting every line of the graph at once. The
    merge form is internal: it is N-Triples only after :func:`merged_ntriples`.
    """
    marked = ntriples.replace(_TYPE, _TYPE_FIRST).replace(_IRI_END, _IRI_END_FIRST)
    lines = set(marked.splitlines())
    lines.discard(b"")
    return b"".join(line + b"\n" for line in sorted(lines))


def merged_ntriples(parts: Iterable[bytes]) -> bytes:
    """Parts made by :func:`sorted_part` as one canonical N-Triples document."""
    return b"".join(_merged_blocks(parts))


def write_merged_ntriples(
    parts: Iterable[bytes], path: Path, shared: dict[bytes, int] | None = None
) -> int:
    """Write :func:`merged_ntriples` of ``parts`` to ``path``; returns the triple count.

    Parts are read one at a time and the file is written block by block, so the graph is
    held in memory only once, as the list of its lines.

    Args:
        parts: the parts, each made by :func:`sorted_part`.
        path: the file to write.
        shared: if given, filled with each line (in merge form) found in more than one part
            and the number of parts it is in.

    Raises:
        OSError: the file cannot be written.
    """
    count = 0
    with path.open("wb") as out:
        for block in _merged_blocks(parts, shared):
            count += block.count(b"\n")
            out.write(block)
    return count


def merge_part_files(
    parts: Sequence[Path],
    path: Path,
    *,
    apart: bool | None = None,
    shared: dict[bytes, int] | None = None,
) -> int:
    """Write the merge of the part files ``parts`` (:func:`sorted_part`) to ``path``.

    The merge holds every line of the graph at once, and the process keeps that memory after
    it; so for large graphs (``apart`` None: from :data:`APART_FROM` bytes of parts) it runs
    in a child process, whose memory goes back to the system before the store is loaded.
    ``shared`` is filled as by :func:`write_merged_ntriples`.

    Returns:
        The number of triples written.

    Raises:
        OSError: a part cannot be read or the file cannot be written.
        ProcessLost: the child process was killed (out of memory).
    """
    if apart is None:
        apart = sum(part.stat().st_size for part in parts) >= APART_FROM
    count_shared = shared is not None
    if apart:
        merged = run_apart("merging the graph's parts", _merge_files, list(parts), path,
                           count_shared)  # fmt: skip
    else:
        merged = _merge_files(parts, path, count_shared)
    if shared is not None:
        shared.update(merged[1])
    return merged[0]


def _merge_files(
    parts: Sequence[Path], path: Path, count_shared: bool
) -> tuple[int, dict[bytes, int]]:
    shared: dict[bytes, int] = {}
    parts_read = (part.read_bytes() for part in parts)
    return write_merged_ntriples(parts_read, path, shared if count_shared else None), shared


def _merged_blocks(
    parts: Iterable[bytes], shared: dict[bytes, int] | None = None
) -> Iterator[bytes]:
    lines: list[bytes] = []
    for part in parts:
        lines.extend(part.splitlines())
    lines.sort(reverse=True)  # sorted runs are merged, not sorted again; the end comes first
    previous = b""  # drops empty lines as well as duplicates
    while lines:
        block = lines[-_BLOCK:]
        del lines[-_BLOCK:]
        block.reverse()
        unique = [line for before, line in itertools.pairwise([previous, *block]) if line != before]
        if shared is not None and len(unique) < len(block):  # n parts: a line comes n times
            for before, line in itertools.pairwise([previous, *block]):
                if line == before and line:
                    shared[line] = shared.get(line, 1) + 1
        previous = block[-1]
        yield ntriples_lines(unique)


def ntriples_lines(lines: Sequence[bytes]) -> bytes:
    """Lines in merge form (see :func:`sorted_part`) as N-Triples, in the same order."""
    merged = b"\n".join(lines) + b"\n" if lines else b""
    return merged.replace(_IRI_END_FIRST, _IRI_END).replace(_TYPE_FIRST, _TYPE)


def merge_form_subject(line: bytes) -> bytes:
    """The subject IRI of a line in merge form."""
    return line[1 : line.index(_IRI_END_FIRST)]


def line_count(ntriples: bytes) -> int:
    """The number of triples of a canonical N-Triples document."""
    return ntriples.count(b"\n")


def to_ntriples(triples: Iterable[ox.Triple]) -> bytes:
    """Triples as canonical N-Triples."""
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None  # no output target given: the bytes are returned
    return canonical_ntriples([data])


def _parsed(ntriples: Source) -> Iterator[ox.Quad]:
    """The triples of canonical N-Triples, which only this program writes.

    Its terms were checked when they were made, so IRIs are not checked again (lenient
    parsing, twice as fast).
    """
    if isinstance(ntriples, Path):
        return ox.parse(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES, lenient=True)
    return ox.parse(input=ntriples, format=ox.RdfFormat.N_TRIPLES, lenient=True)


def turtle_bytes(triples: Iterable[ox.Triple]) -> bytes:
    """Turtle with the project's fixed prefixes and a blank line between subjects."""
    return turtle_from_ntriples(to_ntriples(triples))


def turtle_from_ntriples(ntriples: Source) -> bytes:
    """Canonical N-Triples as Turtle, in the same order, with the project's fixed prefixes."""
    return b"".join(_turtle_blocks(_raw_turtle(ntriples)))


def _raw_turtle(ntriples: Source, output: Path | None = None) -> bytes:
    prefixes = dict(sorted(PREFIXES.items()))
    data = ox.serialize(_parsed(ntriples), output, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    return data or b""


def _turtle_blocks(raw: bytes | Iterable[bytes]) -> Iterator[bytes]:
    """The writer's Turtle with the prefixes sorted and a blank line between subjects.

    ``raw`` comes in blocks of whole lines; the first block yielded is the prefixes and, if
    statements follow, the blank line after them. The writer puts every literal on one line
    (line breaks are escaped) and indents every line of a subject but the first, so a subject
    ends where a line ending in `` .`` is followed by one that does not start with a tab.
    Blocks are rewritten whole: a loop over lines in Python cost more than the writer itself.
    """
    prefixes, body = _split_prefixes([raw] if isinstance(raw, bytes) else raw)
    header = b"".join(sorted(prefixes))
    ended = None  # whether the block before ended a subject; None: no statement yet
    for block in body:
        if not block:
            continue
        if ended is None:
            yield header + b"\n"
        elif ended and not block.startswith(b"\t"):
            yield b"\n"
        yield _SUBJECT_END.sub(b" .\n\n", block)
        ended = block.endswith(b" .\n")
    if ended is None:
        yield header


def _split_prefixes(blocks: Iterable[bytes]) -> tuple[list[bytes], Iterator[bytes]]:
    """The ``@prefix`` lines at the start of ``blocks``, and the blocks of what follows."""
    rest = iter(blocks)
    prefixes: list[bytes] = []
    for block in rest:
        at = 0
        while at < len(block):
            end = block.find(b"\n", at) + 1 or len(block)
            line = block[at:end]
            if line.strip() and not line.startswith(b"@prefix"):
                return prefixes, itertools.chain([block[at:]], rest)
            if line.strip():
                prefixes.append(line if line.endswith(b"\n") else line + b"\n")
            at = end
    return prefixes, rest


def _trig_blocks(turtle: Iterable[bytes], graph: str) -> Iterator[bytes]:
    """TriG from :func:`_turtle_blocks`: its statements in one graph block, indented."""
    blocks = iter(turtle)
    yield next(blocks, b"")  # the prefixes
    first = next(blocks, None)
    if first is None:  # no statements
        return
    yield b"<" + graph.encode() + b"> {\n"
    for block in itertools.chain([first], blocks):
        yield _indented(block)
    yield b"}\n"


def _indented(block: bytes) -> bytes:
    """``block`` with a tab before every line but empty ones (which come one at a time)."""
    if not block:
        return block
    lines = (b"\n" + block).replace(b"\n", b"\n\t").replace(b"\n\t\n", b"\n\n")
    return lines[1:-1] if block.endswith(b"\n") else lines[1:]


def file_blocks(source: BinaryIO, size: int) -> Iterator[bytes]:
    """The bytes of ``source`` in blocks of whole lines, about ``size`` bytes each."""
    rest = b""
    while block := source.read(size):
        block = rest + block
        cut = block.rfind(b"\n") + 1
        rest = block[cut:]
        if cut:
            yield block[:cut]
    if rest:
        yield rest


def trig_from_ntriples(ntriples: Source, graph: str) -> bytes:
    """TriG: canonical N-Triples as one named graph."""
    return trig_from_turtle(turtle_from_ntriples(ntriples), graph)


def trig_from_turtle(turtle: bytes, graph: str) -> bytes:
    """TriG from the Turtle of :func:`turtle_from_ntriples`, without a second pass over triples."""
    if turtle.startswith(b"\n"):  # no prefixes
        return b"".join(_trig_blocks([b"\n", turtle[1:]], graph))
    header, gap, body = turtle.partition(b"\n\n")  # the prefixes end at the first blank line
    return b"".join(_trig_blocks([header + gap, body] if gap else [header], graph))


def jsonld_from_ntriples(ntriples: Source) -> bytes:
    """Compact JSON-LD with its context inline, one node object a line (:mod:`.publish.jsonld`)."""
    if isinstance(ntriples, Path):
        with ntriples.open("rb") as source:
            return b"".join(compact_jsonld(file_blocks(source, _READ)))
    return b"".join(compact_jsonld([ntriples]))


def write_formats(ntriples: Path, target: Callable[[str], Path], graph: str, stem: str) -> None:
    """Write the graph in a file of canonical N-Triples as Turtle, TriG and JSON-LD.

    Every format is streamed from file to file, so no format is ever held in memory whole.

    Args:
        ntriples: the graph, sorted (:func:`canonical_ntriples`).
        target: where to write the file of a name (e.g. a staging folder's).
        graph: the IRI naming the graph in TriG.
        stem: the file name without extension, e.g. ``prestaties``.

    Raises:
        OSError: a file cannot be written.
    """
    write_turtle_and_trig(ntriples, target, graph, stem)
    write_jsonld(ntriples, target, stem)


def write_turtle_and_trig(
    ntriples: Path, target: Callable[[str], Path], graph: str, stem: str
) -> None:
    """Write the Turtle and TriG files of :func:`write_formats` (one pass for both)."""
    turtle, trig = target(f"{stem}.ttl"), target(f"{stem}.trig")
    raw = turtle.with_name(f".{stem}.ttl.raw")
    try:
        _raw_turtle(ntriples, raw)
        with raw.open("rb") as source, turtle.open("wb") as ttl, trig.open("wb") as graph_out:
            blocks = _turtle_blocks(file_blocks(source, _READ))
            graph_out.writelines(_trig_blocks(_tee(blocks, ttl), graph))
    finally:
        raw.unlink(missing_ok=True)


def write_jsonld(ntriples: Path, target: Callable[[str], Path], stem: str) -> None:
    """Write the JSON-LD file of :func:`write_formats`, subject by subject."""
    with ntriples.open("rb") as source, target(f"{stem}.jsonld").open("wb") as out:
        out.writelines(compact_jsonld(file_blocks(source, _READ)))


def _tee(blocks: Iterable[bytes], out: BinaryIO) -> Iterator[bytes]:
    """Write each block to ``out`` as it passes."""
    for block in blocks:
        out.write(block)
        yield block
