"""Stage 3, graph: the actors a description names — fact kind ``actors``.

An actor is one resource whatever document names it (from the register ``actoren.ttl``); each
description links to it and keeps its mention, with the words as they stand in the source.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from decimal import Decimal

from prestatiegraaf.extract.extracted import ExtractedDocument
from prestatiegraaf.extract.register import register
from prestatiegraaf.graph.iris import IriMinter
from prestatiegraaf.graph.kinds import Context, GraphKind, add_fact
from prestatiegraaf.graph.terms import Triples, concept, decimal, pg, plain, std, text
from prestatiegraaf.model import PrestatieSection

KIND_CLASSES = {
    "organisatie": "org:Organization",
    "samenwerkingsverband": "org:OrganizationalCollaboration",
    "netwerk": "pg:Netwerk",
    "programma": "pg:Programma",
}  # the class of an actor outside the register, by the kind its name says


def map_actors(section: PrestatieSection, ctx: Context, out: Triples) -> None:
    """Each actor named, and its mention with the words found.

    A mention of an actor outside the register says how it was recognised and how sure that
    is, so a reviewer can find the doubtful ones.
    """
    d = ctx.description
    for mention in section.actors:
        actor = ctx.iris.actor(mention.key)
        out.link(d, pg("betrokkenActor"), actor)
        iri = f"{d}/vermelding/{mention.key}"
        out.link(d, pg("vermelding"), iri)
        add_fact(out, ctx, iri, "Vermelding", mention.span, mention.text)
        out.link(iri, pg("vermeldt"), actor)
        if mention.how != "register":
            out.add(iri, pg("herkenning"), concept("herkenning", mention.how))
            out.add(iri, pg("betrouwbaarheid"), decimal(Decimal(str(mention.confidence))))


def describe_actors(documents: Sequence[ExtractedDocument], iris: IriMinter, out: Triples) -> None:
    """Every actor some document names: as the register describes it, or as recognised.

    An actor outside the register is named by the name most documents give it (the first in
    alphabetical order on a tie), and typed by the kind its name says.
    """
    mentions = [m for doc in documents for section in doc.sections for m in section.actors]
    registered = {actor.key: actor for actor in register()}
    for key in sorted({m.key for m in mentions} & set(registered)):
        actor = registered[key]
        iri = iris.actor(actor.key)
        for cls in actor.types:
            out.link(iri, std("rdf:type"), cls)
        out.add(iri, std("skos:prefLabel"), text(actor.label))
        out.add(iri, std("skos:notation"), plain(actor.key))
        for alt in actor.alt_labels:
            out.add(iri, std("skos:altLabel"), text(alt))
    names: dict[str, Counter[str]] = defaultdict(Counter)
    kinds: dict[str, str] = {}
    for mention in mentions:
        if mention.key not in registered:
            names[mention.key][mention.label] += 1
            kinds.setdefault(mention.key, mention.kind or "organisatie")
    for key, counts in sorted(names.items()):
        iri = iris.actor(key)
        out.typed(iri, pg("Actor"), std(KIND_CLASSES[kinds[key]]))
        label = min(counts, key=lambda name: (-counts[name], name))
        out.add(iri, std("skos:prefLabel"), text(label))
        out.add(iri, std("skos:notation"), plain(key))
        for other in sorted(set(counts) - {label}):
            out.add(iri, std("skos:altLabel"), text(other))


KIND = GraphKind(
    "actors",
    map_actors,
    properties=("betrokkenActor", "vermelding", "vermeldt", "herkenning", "betrouwbaarheid"),
    classes=("Vermelding", "Actor", "Netwerk", "Programma"),
    parts=("vermelding",),
    shared=describe_actors,
)
