"""Stage 3, graph: explanations of progress and finances — fact kind ``explanations``."""

from __future__ import annotations

from prestatiegraaf.graph.kinds import Context, GraphKind, add_fact
from prestatiegraaf.graph.terms import Triples, boolean, concept, pg, text
from prestatiegraaf.model import PrestatieSection


def map_explanations(section: PrestatieSection, ctx: Context, out: Triples) -> None:
    """Each explanation by its topic; a second one on a topic gets a number."""
    d = ctx.description
    counts: dict[str, int] = {}
    for note in section.explanations:
        counts[note.topic] = counts.get(note.topic, 0) + 1
        suffix = "" if counts[note.topic] == 1 else f"-{counts[note.topic]}"
        iri = f"{d}/toelichting/{note.topic}{suffix}"
        out.link(d, pg("toelichting"), iri)
        add_fact(out, ctx, iri, "Toelichting", note.span)
        out.add(iri, pg("onderwerp"), concept("onderwerp", note.topic))
        out.add(iri, pg("tekst"), text(note.text))
        out.add(iri, pg("geenAfwijking"), boolean(note.no_deviation))


KIND = GraphKind(
    "explanations",
    map_explanations,
    properties=("toelichting", "onderwerp", "tekst", "geenAfwijking"),
    classes=("Toelichting",),
    parts=("toelichting",),
)
