"""Stage 3, graph: references to other prestaties — fact kind ``references``."""

from __future__ import annotations

from prestatiegraaf.graph.goals import goal_tree
from prestatiegraaf.graph.kinds import Context, GraphKind, add_fact
from prestatiegraaf.graph.terms import Triples, pg
from prestatiegraaf.model import PrestatieSection


def map_references(section: PrestatieSection, ctx: Context, out: Triples) -> None:
    """Each prestatie referred to (in the same coalition period), and its mention."""
    d = ctx.description
    for ref in section.references:
        other = ctx.iris.prestatie(ref.code, ctx.period)
        out.link(d, pg("verwijstNaar"), other)
        goal_tree(out, ctx.iris, ref.code, ctx.period, other)
        iri = f"{d}/vermelding/prestatie-{ref.code}"
        out.link(d, pg("vermelding"), iri)
        add_fact(out, ctx, iri, "Vermelding", ref.span, ref.code)
        out.link(iri, pg("vermeldt"), other)


KIND = GraphKind(
    "references",
    map_references,
    properties=("verwijstNaar", "vermelding", "vermeldt", "coalitieperiode"),
    classes=("Vermelding", "Kerntaak", "Beleidsdoel", "Prestatie"),  # the goal tree of the other
    parts=("vermelding",),
)
