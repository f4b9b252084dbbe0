"""Stage 3, graph: pyoxigraph stores for built graphs, in memory or loaded from files."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.errors import SourceError

DATA_SUFFIXES = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES}


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

    Raises:
        SourceError: a path is missing, or a folder has no Turtle file.

    """
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise SourceError("data not found; expected a Turtle file or a build folder", path=path)
        if path.is_dir():
            found = sorted(path.glob("*.ttl"))
            if not found:
                raise SourceError("folder holds no .ttl file; build into it first", path=path)
            files.extend(found)
        else:
            files.append(path)
    return files


def load_data(paths: Sequence[Path]) -> ox.Store:
    """An in-memory store with every file of ``paths``.

    Raises:
        SourceError: a file is missing or is not valid RDF (the message gives the line).

    """
    store = ox.Store()
    for path in data_files(paths):
        fmt = DATA_SUFFIXES.get(path.suffix.lower(), ox.RdfFormat.TURTLE)
        try:
            store.bulk_load(path=str(path), format=fmt)
        except SyntaxError as exc:
            raise SourceError(f"not valid RDF: {exc}", path=path) from exc
        except OSError as exc:
            raise SourceError(f"cannot be read: {exc.strerror}", path=path) from exc
        except MemoryError as exc:  # pyoxigraph's reader buffers one term at most 16 MiB
            raise SourceError(
                f"holds a term larger than the RDF reader takes ({exc})", path=path
            ) from None
    return store
