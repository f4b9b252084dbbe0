"""Stage 3, graph: pyoxigraph stores for built graphs, in memory or loaded from files.

Built graphs are read in every format a build writes. A store holds one graph: the named
graphs of TriG and JSON-LD files are read into the default graph, which is what queries and
shapes read. Nothing is fetched: a JSON-LD file whose ``@context`` is another document is
read only when that is the ``context.jsonld`` a build writes beside it.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from prestatiegraaf.errors import SourceError

DATA_SUFFIXES = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
}
"""The formats read, by suffix; a file with another suffix is read as Turtle."""
CONTEXT_FILE = "context.jsonld"  # the context a build writes beside its JSON-LD
_CONTEXT_REFERENCE = re.compile(rb'\s*\{\s*"@context"\s*:\s*("(?:[^"\\]|\\.)*")\s*,?')
_HEAD = 1 << 16  # bytes read to find a JSON-LD file's @context


def build_store(triples: Iterable[ox.Triple]) -> ox.Store:
    """An in-memory pyoxigraph store holding ``triples`` in its default graph."""
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None  # no output target given: the bytes are returned
    return ntriples_store(data)


def ntriples_store(ntriples: bytes | Path) -> ox.Store:
    """An in-memory pyoxigraph store holding N-Triples this program wrote (bytes or a file).

    The terms were checked when they were made, so the text is read without checking IRIs
    and language tags again (lenient parsing: a sixth faster). Use :func:`load_data` for
    files from elsewhere.
    """
    store = ox.Store()
    if isinstance(ntriples, Path):
        store.bulk_load(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES, lenient=True)
    else:
        store.bulk_load(input=ntriples, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    return store


def data_files(paths: Sequence[Path]) -> list[Path]:
    """The RDF files named by ``paths``: files as given, folders by their ``*.ttl`` files.

    A folder without Turtle gives its files of the first other format it holds (N-Triples,
    TriG, JSON-LD), so a folder holding one format of a build is read too.

    Raises:
        SourceError: a path is missing, or a folder holds no file in a format read.

    """
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise SourceError("data not found; expected a Turtle file or a build folder", path=path)
        if path.is_dir():
            found = next(
                (found for suffix in DATA_SUFFIXES if (found := sorted(path.glob(f"*{suffix}")))),
                [],
            )
            if not found:
                raise SourceError("folder holds no .ttl file; build into it first", path=path)
            files.extend(found)
        else:
            files.append(path)
    return files


def load_data(paths: Sequence[Path]) -> ox.Store:
    """An in-memory store with every file of ``paths``, in the default graph.

    Raises:
        SourceError: a file is missing or is not valid RDF (the message gives the line), or a
            JSON-LD file needs a context from elsewhere.

    """
    store = ox.Store()
    for path in data_files(paths):
        fmt = DATA_SUFFIXES.get(path.suffix.lower(), ox.RdfFormat.TURTLE)
        try:
            if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES):
                store.bulk_load(path=str(path), format=fmt)
            else:
                with _opened(path, fmt) as data:
                    store.bulk_extend(_in_default_graph(ox.parse(data, format=fmt)))
        except SyntaxError as exc:
            if "remote context" in str(exc).lower():
                raise SourceError(_REMOTE, path=path) from None
            raise SourceError(f"not valid RDF: {exc}", path=path) from exc
        except OSError as exc:
            raise SourceError(f"cannot be read: {exc.strerror}", path=path) from exc
        except MemoryError as exc:  # pyoxigraph's reader buffers one term at most 16 MiB
            raise SourceError(
                f"holds a term larger than the RDF reader takes ({exc})", path=path
            ) from None
    return store


_REMOTE = (
    "its @context is a document elsewhere, which is not fetched; expected an inline context "
    f"or {CONTEXT_FILE} beside the file"
)


def _in_default_graph(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    for quad in quads:
        yield ox.Quad(quad.subject, quad.predicate, quad.object)


def _opened(path: Path, fmt: ox.RdfFormat) -> BinaryIO:
    """``path`` opened for reading; a JSON-LD file with its ``context.jsonld`` inline.

    Raises:
        SourceError: the file refers to a context that is not the one beside it.
        OSError: a file cannot be read.
    """
    data = path.open("rb")
    if fmt != ox.RdfFormat.JSON_LD:
        return data
    head = data.read(_HEAD)
    found = _CONTEXT_REFERENCE.match(head)
    if found is None:  # an inline context, or none: nothing to resolve
        data.seek(0)
        return data
    data.close()
    reference = json.loads(found.group(1))
    context = path.with_name(CONTEXT_FILE)
    if reference != CONTEXT_FILE:
        raise SourceError(f"{_REMOTE} (it refers to {reference!r})", path=path)
    if not context.is_file():
        raise SourceError(f"its @context {CONTEXT_FILE} is not beside it", path=path)
    try:
        inline = json.loads(context.read_bytes())["@context"]
    except (ValueError, KeyError, TypeError) as exc:
        raise SourceError(f"not a JSON-LD context: {exc}", path=context) from None
    opening = b'{"@context": ' + json.dumps(inline).encode()
    rest = path.open("rb")
    rest.seek(found.end(1))
    return io.BufferedReader(_Joined(opening, rest))


class _Joined(io.RawIOBase):
    """The bytes ``first``, then the rest of the open file ``rest``."""

    def __init__(self, first: bytes, rest: BinaryIO) -> None:
        self.first, self.rest = first, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self.first:
            size = min(len(buffer), len(self.first))
            buffer[:size], self.first = self.first[:size], self.first[size:]
            return size
        data = self.rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self.rest.close()
        super().close()
