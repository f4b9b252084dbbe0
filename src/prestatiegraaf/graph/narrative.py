"""Stage 3, graph: the ambition and context of a description — fact kind ``narrative``."""

from __future__ import annotations

from prestatiegraaf.graph.kinds import Context, GraphKind
from prestatiegraaf.graph.terms import Triples, pg, text
from prestatiegraaf.model import PrestatieSection


def map_narrative(section: PrestatieSection, ctx: Context, out: Triples) -> None:
    """The intro as ``pg:ambitie``, the Context block as ``pg:context``."""
    if section.intro:
        out.add(ctx.description, pg("ambitie"), text(section.intro))
    if section.context:
        out.add(ctx.description, pg("context"), text(section.context))


KIND = GraphKind("narrative", map_narrative, properties=("ambitie", "context"))
