"""prestatiegraaf: the P&C documents of the Province of Overijssel as a linked-data graph.

The library API follows the pipeline: :func:`load_source` (sources), :func:`extract_document`
(extract), :func:`graph_triples` (graph), :func:`turtle_bytes` (serialize) and :func:`build`
for all of it at once.
"""

from prestatiegraaf.errors import PublisherError
from prestatiegraaf.extract.extracted import ExtractedDocument, extract_document
from prestatiegraaf.graph import build_store, graph_triples
from prestatiegraaf.graph.store import load_data
from prestatiegraaf.pipeline import BuildOptions, BuildResult, build
from prestatiegraaf.query import run_query
from prestatiegraaf.serialize import turtle_bytes
from prestatiegraaf.sources import load_source
from prestatiegraaf.version import __version__

__all__ = [
    "BuildOptions",
    "BuildResult",
    "ExtractedDocument",
    "PublisherError",
    "__version__",
    "build",
    "build_store",
    "extract_document",
    "graph_triples",
    "load_data",
    "load_source",
    "run_query",
    "turtle_bytes",
]
