"""Stage 3, graph: the actors a description names — fact kind ``actors``.

An actor is one resource whatever document names it (from the register ``actoren.ttl``); each
description links to it and keeps its mention, with the words as they stand in the source.
"""

from __future__ import annotations

from collections.abc import Sequence

from prestatiegraaf.extract.actors import register
from prestatiegraaf.extract.extracted import ExtractedDocument
from prestatiegraaf.graph.iris import IriMinter
from prestatiegraaf.graph.kinds import Context, GraphKind, add_fact
from prestatiegraaf.graph.terms import Triples, pg, plain, std, text
from prestatiegraaf.model import PrestatieSection


def map_actors(section: PrestatieSection, ctx: Context, out: Triples) -> None:
    """Each actor named, and its mention with the words found."""
    d = ctx.description
    for mention in section.actors:
        actor = ctx.iris.actor(mention.key)
        out.link(d, pg("betrokkenActor"), actor)
        iri = f"{d}/vermelding/{mention.key}"
        out.link(d, pg("vermelding"), iri)
        add_fact(out, ctx, iri, "Vermelding", mention.span, mention.text)
        out.link(iri, pg("vermeldt"), actor)


def describe_actors(documents: Sequence[ExtractedDocument], iris: IriMinter, out: Triples) -> None:
    """The register's description of every actor some document names."""
    used = {m.key for doc in documents for section in doc.sections for m in section.actors}
    for actor in register():
        if actor.key not in used:
            continue
        iri = iris.actor(actor.key)
        for cls in actor.types:
            out.link(iri, std("rdf:type"), cls)
        out.add(iri, std("skos:prefLabel"), text(actor.label))
        out.add(iri, std("skos:notation"), plain(actor.key))
        for alt in actor.alt_labels:
            out.add(iri, std("skos:altLabel"), text(alt))


KIND = GraphKind(
    "actors",
    map_actors,
    properties=("betrokkenActor", "vermelding", "vermeldt"),
    classes=("Vermelding",),
    parts=("vermelding",),
    shared=describe_actors,
)
