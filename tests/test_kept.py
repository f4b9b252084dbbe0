"""The graph kept on disk for patched builds: loaded in whole lines, trusted only when noted."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.rebuild.kept import KeptStore
from prestatiegraaf.serialize import file_blocks

LINES = b"".join(
    f'<http://e.org/s{i}> <http://e.org/p> "{"x" * (i % 7)}" .\n'.encode() for i in range(50)
)


def test_the_file_is_read_in_whole_lines(tmp_path: Path) -> None:
    graph = tmp_path / "g.nt"
    graph.write_bytes(LINES + b"<http://e.org/last> <http://e.org/p> <http://e.org/o> .")
    with graph.open("rb") as source:
        chunks = list(file_blocks(source, 100))
    assert len(chunks) > 10
    assert b"".join(chunks) == graph.read_bytes()
    assert all(chunk.endswith(b" .\n") for chunk in chunks[:-1])


def test_a_store_is_trusted_for_the_graph_noted_once_kept(tmp_path: Path) -> None:
    graph = tmp_path / "g.nt"
    graph.write_bytes(LINES)
    kept = KeptStore(tmp_path / "cache")
    (tmp_path / "cache").mkdir()
    kept.make(graph)
    assert kept.open("graph-1") is None  # made, not yet kept
    kept.keep("graph-1")
    assert kept.open("graph-2") is None
    store = kept.open("graph-1")
    assert store is not None and len(store) == 50
    removed = ox.Triple(
        ox.NamedNode("http://e.org/s0"), ox.NamedNode("http://e.org/p"), ox.Literal("")
    )
    kept.change(store, [removed], [])
    assert len(store) == 49
    del store
    assert kept.open("graph-1") is None  # changed: trusted again only once kept
    kept.keep("graph-2")
    store = kept.open("graph-2")
    assert store is not None and len(store) == 49
