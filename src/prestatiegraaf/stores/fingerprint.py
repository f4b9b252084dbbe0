"""What a graph holds, in two numbers that are the same wherever it is kept.

A graph's fingerprint is its number of distinct triples and the SHA-256 of its canonical
N-Quads: literals in their canonical form (as Oxigraph keeps them: ``"05"^^xsd:int`` is
``"5"^^xsd:integer``), blank nodes relabelled by RDFC-1.0 (the W3C RDF Dataset
Canonicalization), one statement a line as pyoxigraph writes them, lines sorted. The same
graph gives the same fingerprint whether it was read from a build folder or fetched back
from a store, whatever labels the store gave its blank nodes and however it wrote literals.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox


@dataclass(frozen=True)
class Fingerprint:
    """Distinct triples and the hex SHA-256 of the canonical, sorted N-Quads."""

    triples: int
    sha256: str

    def __str__(self) -> str:
        return f"{self.triples} triples, rdfc-1.0 sha256 {self.sha256[:12]}"


EMPTY = Fingerprint(0, hashlib.sha256(b"").hexdigest())


def fingerprint(data: bytes | Path, fmt: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> Fingerprint:
    """The fingerprint of the graph in ``data`` (bytes or a file) written as ``fmt``.

    Raises:
        SyntaxError: ``data`` is not valid in ``fmt``.

    """
    store = ox.Store()  # keeps literals in their canonical form
    if isinstance(data, Path):
        store.bulk_load(path=str(data), format=fmt, to_graph=ox.DefaultGraph())
    else:
        store.bulk_load(input=data, format=fmt, to_graph=ox.DefaultGraph())
    canonical = store.dump(format=ox.RdfFormat.N_QUADS)
    assert canonical is not None  # no output target given: the bytes are returned
    parsed = ox.parse(canonical, format=ox.RdfFormat.N_QUADS)
    return dataset_fingerprint(ox.Dataset(_in_default_graph(parsed)))


def dataset_fingerprint(dataset: ox.Dataset) -> Fingerprint:
    """The fingerprint of the statements of ``dataset`` (canonicalised in place)."""
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    written = ox.serialize(dataset, format=ox.RdfFormat.N_QUADS)
    assert written is not None  # no output target given: the bytes are returned
    lines = sorted(written.splitlines())
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line)
        digest.update(b"\n")
    return Fingerprint(len(lines), digest.hexdigest())


def _in_default_graph(statements: Iterable[ox.Triple | ox.Quad]) -> Iterator[ox.Quad]:
    for statement in statements:
        if isinstance(statement, ox.Quad) and statement.graph_name == ox.DefaultGraph():
            yield statement
        else:
            yield ox.Quad(statement.subject, statement.predicate, statement.object)
