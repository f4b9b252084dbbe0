"""Each seed's graph equals its reviewed golden Turtle (``pytest --update-golden`` rewrites)."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from conftest import EXAMPLES, EXPECTED, SEEDS
from prestatiegraaf.extract.extracted import extract_document
from prestatiegraaf.graph import graph_triples
from prestatiegraaf.serialize import turtle_bytes
from prestatiegraaf.sources import load_source
from prestatiegraaf.sources.manifest import read_manifest

DOCUMENTS = {entry.path.name: entry.document for entry in read_manifest(EXAMPLES / "manifest.csv")}


@pytest.mark.parametrize("seed", sorted(SEEDS), ids=str)
def test_seed_graph_matches_golden(seed: str, update_golden: bool) -> None:
    path = SEEDS[seed]
    doc = load_source(path, document=DOCUMENTS[path.name])
    produced = turtle_bytes(graph_triples([extract_document(doc)]))
    golden = EXPECTED / f"{path.stem}.ttl"
    if update_golden:
        golden.write_bytes(produced)
    expected = rdflib.Graph().parse(golden, format="turtle")
    actual = rdflib.Graph().parse(data=produced.decode("utf-8"), format="turtle")
    if not isomorphic(expected, actual):
        _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
        lost = "\n".join(sorted(line for line in missing.serialize(format="nt").splitlines()))
        new = "\n".join(sorted(line for line in extra.serialize(format="nt").splitlines()))
        pytest.fail(f"graph differs from {golden.name}\nmissing:\n{lost}\nunexpected:\n{new}")
