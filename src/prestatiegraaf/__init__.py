"""prestatiegraaf: the P&C documents of the Province of Overijssel as a linked-data graph.

The library API follows the pipeline: :func:`load_source` (sources), :func:`extract_document`
(extract), :func:`graph_triples` (graph), :func:`turtle_bytes` (serialize) and :func:`build`
for all of it at once.

The names are imported when first used, so that the command line starts (and handles
Ctrl-C) before the libraries behind them are loaded.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from prestatiegraaf.version import __version__

if TYPE_CHECKING:
    from prestatiegraaf.errors import PublisherError
    from prestatiegraaf.extract.extracted import ExtractedDocument, extract_document
    from prestatiegraaf.graph import build_store, graph_triples
    from prestatiegraaf.graph.store import load_data
    from prestatiegraaf.pipeline import BuildOptions, BuildResult, build
    from prestatiegraaf.query import run_query
    from prestatiegraaf.serialize import turtle_bytes
    from prestatiegraaf.sources import load_source

_HOMES = {
    "PublisherError": "prestatiegraaf.errors",
    "ExtractedDocument": "prestatiegraaf.extract.extracted",
    "extract_document": "prestatiegraaf.extract.extracted",
    "build_store": "prestatiegraaf.graph",
    "graph_triples": "prestatiegraaf.graph",
    "load_data": "prestatiegraaf.graph.store",
    "BuildOptions": "prestatiegraaf.pipeline",
    "BuildResult": "prestatiegraaf.pipeline",
    "build": "prestatiegraaf.pipeline",
    "run_query": "prestatiegraaf.query",
    "turtle_bytes": "prestatiegraaf.serialize",
    "load_source": "prestatiegraaf.sources",
}

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


def __getattr__(name: str) -> object:
    """The public name ``name``, imported from its module on first use."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'prestatiegraaf' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value
