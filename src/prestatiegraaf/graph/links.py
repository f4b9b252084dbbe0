"""Stage 3, graph: the accepted links of the linksets in ``links/``, with their provenance.

Only accepted decisions are published: the link itself (``skos:exactMatch``, or
``skos:notation`` for a code that is not an IRI) and its ``pg:Koppeling`` annotation. The
files are read from the repository (or the installed package), never fetched.
"""

from __future__ import annotations

from pathlib import Path

from prestatiegraaf.errors import SourceError
from prestatiegraaf.graph.iris import IriMinter
from prestatiegraaf.graph.terms import Triples
from prestatiegraaf.link.linkset import link_triples, read_linksets
from prestatiegraaf.resources import links_dir


def describe_links(iris: IriMinter, out: Triples, folder: Path | None = None) -> None:
    """Add every accepted link of ``folder`` (default: the project's ``links/``) to ``out``.

    Raises:
        SourceError: ``folder`` was given and is no folder.
    """
    if folder is not None and not folder.is_dir():
        raise SourceError(
            "links folder not found; expected a folder of linksets (*.ttl)", path=folder
        )
    for links in read_linksets(folder or links_dir()).values():
        for link in links:
            if link.status == "accepted":
                out.items.extend(link_triples(link, iris.base.rstrip("/")))
