"""Stage 3, graph: extracted facts to RDF in a pyoxigraph store."""

from prestatiegraaf.graph.build import graph_triples
from prestatiegraaf.graph.iris import IriMinter, coalition_period
from prestatiegraaf.graph.store import build_store, load_data

__all__ = ["IriMinter", "build_store", "coalition_period", "graph_triples", "load_data"]
