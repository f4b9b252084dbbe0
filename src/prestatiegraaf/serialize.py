"""Stage 5, serialize: deterministic Turtle and N-Triples, written atomically.

Triples are sorted (subject, ``rdf:type`` first, predicate, object) before they reach the
pyoxigraph writer, so the same graph always gives the same bytes and diffs stay reviewable.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.errors import OutputError
from prestatiegraaf.namespaces import PREFIXES

_RDF_TYPE = PREFIXES["rdf"] + "type"
_SUBJECT_START = re.compile(rb" \.\n(?=[^\t@\n])")


def sorted_triples(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Triples in a stable order: by subject, ``rdf:type`` first, then predicate and object."""

    def key(triple: ox.Triple) -> tuple[str, bool, str, str]:
        predicate = triple.predicate.value
        subject = triple.subject
        name = subject.value if isinstance(subject, ox.NamedNode) else str(subject)
        return (name, predicate != _RDF_TYPE, predicate, str(triple.object))

    return sorted(triples, key=key)


def turtle_bytes(triples: Iterable[ox.Triple], *, ordered: bool = False) -> bytes:
    """Turtle with the project's fixed prefixes and a blank line between subjects.

    Args:
        triples: the graph.
        ordered: the triples are already in :func:`sorted_triples` order.
    """
    data = ox.serialize(
        triples if ordered else sorted_triples(triples),
        format=ox.RdfFormat.TURTLE,
        prefixes=dict(sorted(PREFIXES.items())),
    )
    assert data is not None  # no output target given: the bytes are returned
    head, sep, body = data.partition(b"\n<")
    if not sep:
        return data
    prefixes = b"\n".join(sorted(head.split(b"\n")))
    return prefixes + b"\n\n<" + _SUBJECT_START.sub(b" .\n\n", body)


def ntriples_bytes(triples: Iterable[ox.Triple], *, ordered: bool = False) -> bytes:
    """N-Triples, one line per triple, in :func:`sorted_triples` order."""
    data = ox.serialize(triples if ordered else sorted_triples(triples),
                        format=ox.RdfFormat.N_TRIPLES)  # fmt: skip
    assert data is not None
    return data


def trig_bytes(triples: Sequence[ox.Triple], graph: str) -> bytes:
    """TriG: the (ordered) triples as one named graph."""
    name = ox.NamedNode(graph)
    quads = (ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
    data = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=dict(sorted(PREFIXES.items())))
    assert data is not None
    return data


def jsonld_bytes(triples: Sequence[ox.Triple]) -> bytes:
    """JSON-LD in expanded form (no context to resolve), one node object per subject."""
    data = ox.serialize(triples, format=ox.RdfFormat.JSON_LD)
    assert data is not None
    return data


def published_files(
    ordered: Sequence[ox.Triple], graph: str, stem: str
) -> Iterator[tuple[str, bytes]]:
    """The graph in every published format, one at a time: Turtle, N-Triples, TriG, JSON-LD.

    Args:
        ordered: the graph in :func:`sorted_triples` order.
        graph: the IRI naming the graph in TriG.
        stem: the file name without extension, e.g. ``prestaties``.
    """
    yield f"{stem}.ttl", turtle_bytes(ordered, ordered=True)
    yield f"{stem}.nt", ntriples_bytes(ordered, ordered=True)
    yield f"{stem}.trig", trig_bytes(ordered, graph)
    yield f"{stem}.jsonld", jsonld_bytes(ordered)


def write_files(
    files: Mapping[str, bytes] | Iterable[tuple[str, bytes]], out_dir: Path
) -> list[Path]:
    """Write every file of ``files`` (name → bytes) into ``out_dir``, each atomically.

    All files are first written next to ``out_dir``; only when all of them are complete are
    they moved in place, so a failure leaves the previous output untouched. ``files`` may be
    produced lazily: each file is written as soon as it is made, so large graphs are never
    held in memory in every format at once.

    Raises:
        OutputError: ``out_dir`` cannot be created or written.

    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    except OSError as exc:
        raise OutputError(f"cannot write the output folder: {exc.strerror}", path=out_dir) from exc
    written: list[Path] = []
    items = files.items() if isinstance(files, Mapping) else files
    names: list[str] = []
    try:
        for name, data in items:
            (staging / name).write_bytes(data)
            names.append(name)
            del data
        for name in names:
            os.replace(staging / name, out_dir / name)
            written.append(out_dir / name)
    except OSError as exc:
        raise OutputError(f"cannot write {exc.filename}: {exc.strerror}", path=out_dir) from exc
    finally:
        for leftover in staging.iterdir():
            leftover.unlink()
        staging.rmdir()
    return written
