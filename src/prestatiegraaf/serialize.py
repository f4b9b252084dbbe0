"""Stage 5, serialize: deterministic Turtle, N-Triples, TriG and JSON-LD.

The graph travels as N-Triples: each part sorted as lines where it is made (:func:`sorted_part`),
the parts merged into one sorted document (:func:`merged_ntriples`), then parsed and written by
pyoxigraph in that order, so the same graph always gives the same bytes. The sorted graph may
be a file: it is then read as a stream, never whole.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from prestatiegraaf.apart import run_apart
from prestatiegraaf.namespaces import PREFIXES

Source = bytes | Path  # canonical N-Triples, in memory or in a file

_TYPE = b"> <" + PREFIXES["rdf"].encode() + b"type> "
# While sorting, rdf:type becomes <\x01> and an IRI's closing "> " becomes "\x02 ", so types
# come first and an IRI sorts before its extensions; N-Triples escapes control characters,
# so neither marker occurs in it and both are replaced back exactly.
_TYPE_FIRST = b"> <\x01> "
_IRI_END, _IRI_END_FIRST = b"> ", b"\x02 "
_BLOCK = 65_536  # lines restored and joined at a time
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


def write_merged_ntriples(parts: Iterable[bytes], path: Path) -> int:
    """Write :func:`merged_ntriples` of ``parts`` to ``path``; returns the triple count.

    Parts are read one at a time and the file is written block by block, so the graph is
    held in memory only once, as the list of its lines.

    Raises:
        OSError: the file cannot be written.
    """
    count = 0
    with path.open("wb") as out:
        for block in _merged_blocks(parts):
            count += block.count(b"\n")
            out.write(block)
    return count


def merge_part_files(parts: Sequence[Path], path: Path, *, apart: bool | None = None) -> int:
    """Write the merge of the part files ``parts`` (:func:`sorted_part`) to ``path``.

    The merge holds every line of the graph at once, and the process keeps that memory after
    it; so for large graphs (``apart`` None: from :data:`APART_FROM` bytes of parts) it runs
    in a child process, whose memory goes back to the system before the store is loaded.

    Returns:
        The number of triples written.

    Raises:
        OSError: a part cannot be read or the file cannot be written.
        ProcessLost: the child process was killed (out of memory).
    """
    if apart is None:
        apart = sum(part.stat().st_size for part in parts) >= APART_FROM
    if apart:
        return run_apart(_merge_files, list(parts), path)
    return _merge_files(parts, path)


def _merge_files(parts: Sequence[Path], path: Path) -> int:
    return write_merged_ntriples((part.read_bytes() for part in parts), path)


def _merged_blocks(parts: Iterable[bytes]) -> Iterator[bytes]:
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
        previous = block[-1]
        merged = b"\n".join(unique) + b"\n" if unique else b""
        yield merged.replace(_IRI_END_FIRST, _IRI_END).replace(_TYPE_FIRST, _TYPE)


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
    return b"".join(_turtle_lines(_raw_turtle(ntriples).splitlines(keepends=True)))


def _raw_turtle(ntriples: Source, output: Path | None = None) -> bytes:
    prefixes = dict(sorted(PREFIXES.items()))
    data = ox.serialize(_parsed(ntriples), output, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    return data or b""


def _turtle_lines(raw: Iterable[bytes]) -> Iterator[bytes]:
    """The writer's Turtle lines with the prefixes sorted and a blank line between subjects.

    The writer puts every literal on one line (line breaks are escaped), so a line that does
    not start with a tab begins a subject.
    """
    lines = (line for line in raw if line.strip())
    prefixes: list[bytes] = []
    body: bytes | None = None
    for line in lines:
        if not line.startswith(b"@prefix"):
            body = line
            break
        prefixes.append(line if line.endswith(b"\n") else line + b"\n")
    yield from sorted(prefixes)
    if body is None:
        return
    yield b"\n"
    ended = False
    for line in itertools.chain([body], lines):
        if ended and not line.startswith(b"\t"):
            yield b"\n"
        yield line
        ended = line.endswith(b" .\n")


def _trig_lines(turtle: Iterable[bytes], graph: str) -> Iterator[bytes]:
    """TriG lines from :func:`_turtle_lines`: its statements in one graph block."""
    lines = iter(turtle)
    for line in lines:
        yield line
        if line == b"\n":  # the blank line after the prefixes
            break
    else:
        return
    yield b"<" + graph.encode() + b"> {\n"
    for line in lines:
        yield line if line == b"\n" else b"\t" + line
    yield b"}\n"


def trig_from_ntriples(ntriples: Source, graph: str) -> bytes:
    """TriG: canonical N-Triples as one named graph."""
    return trig_from_turtle(turtle_from_ntriples(ntriples), graph)


def trig_from_turtle(turtle: bytes, graph: str) -> bytes:
    """TriG from the Turtle of :func:`turtle_from_ntriples`, without a second pass over triples."""
    return b"".join(_trig_lines(turtle.splitlines(keepends=True), graph))


def jsonld_from_ntriples(ntriples: Source) -> bytes:
    """JSON-LD in expanded form (no context to resolve), one node object per subject."""
    data = ox.serialize(_parsed(ntriples), format=ox.RdfFormat.JSON_LD)
    assert data is not None
    return data


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
    turtle, trig = target(f"{stem}.ttl"), target(f"{stem}.trig")
    raw = turtle.with_name(f".{stem}.ttl.raw")
    try:
        _raw_turtle(ntriples, raw)
        with raw.open("rb") as source, turtle.open("wb") as ttl, trig.open("wb") as graph_out:
            lines = _turtle_lines(source)
            graph_out.writelines(_trig_lines(_tee(lines, ttl), graph))
    finally:
        raw.unlink(missing_ok=True)
    ox.serialize(_parsed(ntriples), str(target(f"{stem}.jsonld")), format=ox.RdfFormat.JSON_LD)


def _tee(lines: Iterable[bytes], out: BinaryIO) -> Iterator[bytes]:
    """Write each line to ``out`` as it passes."""
    for line in lines:
        out.write(line)
        yield line
