"""Stage 3, graph: extracted facts to RDF in a pyoxigraph store."""

from prestatiegraaf.graph.build import build_store, graph_triples
from prestatiegraaf.graph.iris import IriMinter, coalition_period

__all__ = ["IriMinter", "build_store", "coalition_period", "graph_triples"]
