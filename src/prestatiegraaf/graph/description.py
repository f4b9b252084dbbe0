"""Stage 3, graph: one document's description of one prestatie, fact kind by fact kind."""

from __future__ import annotations

from prestatiegraaf.graph.kinds import Context, graph_kinds
from prestatiegraaf.graph.terms import Triples, pg, std, text
from prestatiegraaf.model import PrestatieSection

__all__ = ["Context", "map_section"]


def map_section(section: PrestatieSection, ctx: Context, out: Triples) -> None:
    """Add the description and everything ``section`` says to ``out``."""
    d = ctx.description
    out.typed(d, pg("Prestatiebeschrijving"))
    out.link(d, pg("beschrijft"), ctx.prestatie)
    out.link(d, std("dcterms:isPartOf"), ctx.document)
    out.add(d, std("dcterms:title"), text(section.title))
    out.provenance(d, section.heading, ctx.document, ctx.source, ctx.text)
    for kind in graph_kinds():
        kind.map(section, ctx, out)
