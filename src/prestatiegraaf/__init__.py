"""prestatiegraaf: the P&C documents of the Province of Overijssel as a linked-data graph.

The library API follows the pipeline: :func:`load_source` (sources), :func:`extract_document`
(extract), :func:`graph_triples` (graph), :func:`turtle_bytes` (serialize) and :func:`build`
for all of it at once.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("prestatiegraaf")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

from prestatiegraaf.errors import PublisherError  # noqa: E402
from prestatiegraaf.extract.extracted import ExtractedDocument, extract_document  # noqa: E402
from prestatiegraaf.graph import build_store, graph_triples  # noqa: E402
from prestatiegraaf.graph.store import load_data  # noqa: E402
from prestatiegraaf.pipeline import BuildOptions, BuildResult, build  # noqa: E402
from prestatiegraaf.query import run_query  # noqa: E402
from prestatiegraaf.serialize import turtle_bytes  # noqa: E402
from prestatiegraaf.sources import load_source  # noqa: E402

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
