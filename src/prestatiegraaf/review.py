"""Actors to review: the organisations a built graph names that the actor register does not know.

The extractor also recognises organisations outside the register (``ontology/actoren.ttl``) by
rule: their mentions (``pg:Vermelding``) say how (``pg:herkenning``) and how sure that is
(``pg:betrouwbaarheid``). :func:`new_actors` gathers them from a graph, one row per actor, so
that a reviewer can add the right ones to the register as ``actor:<key>`` and let the wrong
ones go; :func:`format_actors` prints the rows as a table or as CSV.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from prestatiegraaf.extract.register import register
from prestatiegraaf.namespaces import BEGRIP_IRI, sparql_prefixes
from prestatiegraaf.validate.formats import short

CONTEXTS = 3  # contexts shown per actor
HOW = BEGRIP_IRI + "herkenning-"  # the concepts of how a mention was recognised

_QUERY = """
SELECT ?actor ?key ?name ?class ?mention ?how ?confidence ?prestatie ?quote ?file ?line
WHERE {
    ?mention a pg:Vermelding ;
             pg:vermeldt ?actor ;
             pg:herkenning ?how .
    ?actor a pg:Actor ;
           skos:notation ?key .
    ?description pg:vermelding ?mention .
    OPTIONAL { ?mention pg:betrouwbaarheid ?confidence }
    OPTIONAL { ?actor skos:prefLabel ?name }
    OPTIONAL { ?actor a ?class . FILTER (?class != pg:Actor) }
    OPTIONAL { ?description pg:beschrijft ?prestatie }
    OPTIONAL {
        ?mention pg:bron ?resource .
        ?resource oa:hasSelector ?selector .
        ?selector oa:exact ?quote .
        OPTIONAL { ?selector pg:regel ?line }
        OPTIONAL { ?resource oa:hasSource/dcterms:title ?file }
    }
}
"""


@dataclass(frozen=True)
class Context:
    """Where an actor is named: the file, the line and the words of the mention."""

    file: str
    line: int | None
    quote: str  # white space as single spaces

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f'{where}: "{self.quote}"'


@dataclass(frozen=True)
class NewActor:
    """An actor outside the register, as the graph names it."""

    name: str  # the name most documents give it
    key: str  # the key to register it under, as actor:<key>
    kind: str  # its class: org:Organization, org:OrganizationalCollaboration, pg:Programma ...
    how: str  # how its mentions were recognised: organisatiewoord, afkorting, ...
    lowest: float  # the lowest confidence of a mention
    highest: float  # the highest
    mentions: int
    prestaties: int  # the prestaties whose descriptions name it
    contexts: tuple[Context, ...]  # up to CONTEXTS, in file and line order


@dataclass
class _Seen:
    """What the rows of one actor bound."""

    keys: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    prestaties: set[str] = field(default_factory=set)
    mentions: dict[str, dict[str, str]] = field(default_factory=dict)  # mention -> its values


def new_actors(data: ox.Store, min_confidence: float = 0.0) -> list[NewActor]:
    """The actors in ``data`` that were recognised outside the register, most mentioned first.

    An actor is listed when its mentions say how it was recognised, its key is not (or no
    longer) in the register, and its most confident mention reaches ``min_confidence``. A
    mention without a confidence counts as 1.
    """
    registered = {actor.key for actor in register()}
    solutions = data.query(sparql_prefixes() + _QUERY)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [variable.value for variable in solutions.variables]
    seen: dict[str, _Seen] = defaultdict(_Seen)
    for solution in solutions:
        row = {
            name: term.value for name, term in zip(names, solution, strict=True) if term is not None
        }
        if row["key"] in registered:
            continue
        actor = seen[row["actor"]]
        actor.keys.add(row["key"])
        for name, values in (("name", actor.names), ("class", actor.classes),
                             ("prestatie", actor.prestaties)):  # fmt: skip
            if name in row:
                values.add(row[name])
        mention = actor.mentions.setdefault(row["mention"], {})
        for name in ("how", "confidence", "quote", "file", "line"):
            if name in row:  # one value each; the smallest where a mention has several
                mention[name] = min(mention.get(name, row[name]), row[name])
    found = [_actor(actor) for actor in seen.values()]
    found = [actor for actor in found if actor.highest >= min_confidence]
    found.sort(key=lambda a: (-a.mentions, a.name.casefold(), a.key))
    return found


def _actor(seen: _Seen) -> NewActor:
    """One actor from what its rows bound."""
    mentions = seen.mentions.values()
    confidences = [float(m.get("confidence", "1")) for m in mentions]
    contexts = sorted(
        (_context(m) for m in mentions if "quote" in m),
        key=lambda c: (c.file, c.line if c.line is not None else 0, c.quote),
    )
    key = min(seen.keys)
    return NewActor(
        name=min(seen.names) if seen.names else key,
        key=key,
        kind=", ".join(sorted(short(c) for c in seen.classes)) or "-",
        how=", ".join(sorted({m["how"].removeprefix(HOW) for m in mentions})),
        lowest=min(confidences),
        highest=max(confidences),
        mentions=len(seen.mentions),
        prestaties=len(seen.prestaties),
        contexts=tuple(contexts[:CONTEXTS]),
    )


def _context(mention: dict[str, str]) -> Context:
    line = mention.get("line", "")
    quote = " ".join(mention["quote"].split())
    return Context(mention.get("file", ""), int(line) if line.isdigit() else None, quote)


HEADER = ("name", "key", "class", "how", "lowest", "highest", "mentions", "prestaties")


def _cells(actor: NewActor) -> list[str]:
    return [actor.name, actor.key, actor.kind, actor.how, f"{actor.lowest:.2f}",
            f"{actor.highest:.2f}", str(actor.mentions), str(actor.prestaties)]  # fmt: skip


def format_actors(actors: Sequence[NewActor], fmt: str = "table") -> str:
    """The actors as an aligned table (contexts below each row) or as CSV.

    The CSV has the columns of the table and ``context1`` to ``context3``, each
    ``file:line: quote``.
    """
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([*HEADER, *(f"context{i}" for i in range(1, CONTEXTS + 1))])
        for actor in actors:
            contexts = [str(c) for c in actor.contexts]
            writer.writerow([*_cells(actor), *contexts, *[""] * (CONTEXTS - len(contexts))])
        return out.getvalue()
    rows = [_cells(actor) for actor in actors]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(HEADER)]
    numeric = {4, 5, 6, 7}

    def line(cells: Sequence[str]) -> str:
        padded = [c.rjust(w) if i in numeric else c.ljust(w)
                  for i, (c, w) in enumerate(zip(cells, widths, strict=True))]  # fmt: skip
        return "  ".join(padded).rstrip()

    lines = [line(HEADER), line(["-" * w for w in widths])]
    for actor, cells in zip(actors, rows, strict=True):
        lines.append(line(cells))
        lines.extend(f"    {context}" for context in actor.contexts)
    count = len(actors)
    lines.append(f"({count} actor{'s' if count != 1 else ''} outside the register)")
    return "\n".join(lines) + "\n"
