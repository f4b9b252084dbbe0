"""Stage 2, extract: the actors a section names — fact kind ``actors``.

Actors of the register (:mod:`.register`) are found by their labels; organisations the
register does not know are recognised by rule (:mod:`.organisations`), each with how it was
recognised and how sure that is, so the register can grow by review.
"""

from __future__ import annotations

from collections.abc import Sequence

from prestatiegraaf.extract.kinds import Draft, FactKind, running_text, with_span
from prestatiegraaf.extract.layout import Block
from prestatiegraaf.extract.organisations import find_organisations
from prestatiegraaf.extract.register import find_actor_matches
from prestatiegraaf.model import ActorMention
from prestatiegraaf.sources.normalize import slug


def scan_actors(blocks: Sequence[Block], draft: Draft) -> None:
    """Every actor the section names, where it is first named.

    Actors of the register first; then organisations it does not know, recognised by rule
    (:mod:`.organisations`), each with how it was recognised and how sure that is. An
    abbreviation the section spells out ("Regionaal Energieloket (REL)") stands for its
    name. The portfolio holder, role and duration fields name people and roles, not actors.
    """
    found: dict[str, ActorMention] = {}
    aliases: dict[str, str] = {}  # abbreviation -> key
    for block in blocks:
        if block.field in ("portefeuillehouder", "rol", "looptijd"):
            continue
        for element in running_text(block):
            matches = find_actor_matches(element.text)
            for match in matches:
                if match.key not in found:
                    mention = ActorMention(match.key, match.label, match.text)
                    found[match.key] = with_span(mention, [element])
            taken = [(m.start, m.end) for m in matches]
            for org in find_organisations(element.text, taken):
                if org.abbreviation:
                    aliases.setdefault(org.abbreviation, slug(org.name))
                key = aliases.get(org.name) or _shortened(org.name, found) or slug(org.name)
                if key not in found:
                    mention = ActorMention(key, org.name, org.name, None, org.how,
                                           org.confidence, org.kind)  # fmt: skip
                    found[key] = with_span(mention, [element])
    draft.section.actors = list(found.values())


KIND = FactKind(
    name="actors",
    position=30,
    counts=lambda section: {"actoren": len(section.actors)},
    scan=scan_actors,
)


def _shortened(name: str, found: dict[str, ActorMention]) -> str | None:
    """The key of an actor found before whose name starts with ``name`` ("Jeugdfonds")."""
    words = name.split()
    for key, mention in found.items():
        if mention.how != "register" and mention.label.split()[: len(words)] == words:
            return key
    return None
