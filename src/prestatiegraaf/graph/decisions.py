"""Stage 3, graph: decisions of Provinciale Staten cited — fact kind ``decisions``."""

from __future__ import annotations

from prestatiegraaf.graph.kinds import Context, GraphKind, add_fact
from prestatiegraaf.graph.terms import Triples, concept, pg, plain, std
from prestatiegraaf.model import PrestatieSection
from prestatiegraaf.namespaces import PROVINCE_IRI
from prestatiegraaf.sources.normalize import slug


def map_decisions(section: PrestatieSection, ctx: Context, out: Triples) -> None:
    """Each decision (one resource for every document citing it) and how it is cited."""
    d = ctx.description
    for ref in section.decisions:
        decision = ctx.iris.decision(ref.identifier)
        out.typed(decision, pg("Besluit"))
        out.add(decision, std("dcterms:identifier"), plain(ref.identifier))
        out.link(decision, std("dcterms:publisher"), PROVINCE_IRI)
        iri = f"{d}/besluit/{slug(ref.identifier)}"
        out.link(d, pg("besluitverwijzing"), iri)
        add_fact(out, ctx, iri, "Besluitverwijzing", ref.span)
        out.link(iri, pg("besluit"), decision)
        out.add(iri, pg("besluitrelatie"), concept("besluitrelatie", ref.relation))


KIND = GraphKind(
    "decisions",
    map_decisions,
    properties=("besluitverwijzing", "besluit", "besluitrelatie"),
    classes=("Besluit", "Besluitverwijzing"),
    parts=("besluitverwijzing",),
)
