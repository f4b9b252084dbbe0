"""Stage 3, graph: colour scores — fact kind ``scores``."""

from __future__ import annotations

from prestatiegraaf.graph.kinds import Comparison, Context, GraphKind, Way, add_fact
from prestatiegraaf.graph.terms import Triples, concept, pg
from prestatiegraaf.model import PrestatieSection


def map_scores(section: PrestatieSection, ctx: Context, out: Triples) -> None:
    """One score per aspect: the first a description gives."""
    d = ctx.description
    seen: set[str] = set()
    for score in section.scores:
        iri = f"{d}/kleurscore/{score.aspect}"
        if iri in seen:
            continue
        seen.add(iri)
        out.link(d, pg("kleurscore"), iri)
        add_fact(out, ctx, iri, "Kleurscore", score.span)
        out.add(iri, pg("aspect"), concept("aspect", score.aspect))
        out.add(iri, pg("kleur"), concept("kleur", score.score))


KIND = GraphKind(
    "scores",
    map_scores,
    properties=("kleurscore", "aspect", "kleur"),
    classes=("Kleurscore",),
    parts=("kleurscore",),
    compared=(
        Comparison(
            "kleur",
            "?d pg:kleurscore ?s . "
            "?s pg:aspect/skos:notation ?key ; pg:kleur/skos:notation ?value .",
            Way.KEYED,
        ),
    ),
)
