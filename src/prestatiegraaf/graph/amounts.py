"""Stage 3, graph: amounts mentioned in prose — fact kind ``amounts``."""

from __future__ import annotations

from prestatiegraaf.graph.kinds import Context, GraphKind, add_fact
from prestatiegraaf.graph.terms import Triples, integer, pg, plain, text
from prestatiegraaf.model import PrestatieSection


def map_amounts(section: PrestatieSection, ctx: Context, out: Triples) -> None:
    """Each amount mention, numbered in reading order."""
    d = ctx.description
    for index, amount in enumerate(section.amounts, start=1):
        iri = f"{d}/bedrag/{index}"
        out.link(d, pg("bedragvermelding"), iri)
        add_fact(out, ctx, iri, "Bedragvermelding", amount.span, amount.text)
        out.add(iri, pg("bedrag"), integer(amount.amount))
        out.add(iri, pg("soortBedrag"), plain(amount.kind))
        out.add(iri, pg("tekst"), text(amount.text))


KIND = GraphKind(
    "amounts",
    map_amounts,
    properties=("bedragvermelding", "bedrag", "soortBedrag", "tekst"),
    classes=("Bedragvermelding",),
    parts=("bedragvermelding",),
)
