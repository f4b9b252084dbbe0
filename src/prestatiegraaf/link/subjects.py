"""What ``prestatiegraaf link`` reconciles, and the type each kind must have at the endpoint.

Three groups of resources are reconciled:

* **actors**: the organisations, programmes and schools of the actor register
  (``ontology/actoren.ttl``), each of one kind: school, government, programme or organisation;
* **people**: the portfolio holders of a built graph (``foaf:Person`` with ``foaf:name``);
* **places**: the areas a built graph names (the objects of ``pg:gebied`` and
  ``dcterms:spatial`` that have a label in the graph), such as the province.

Each kind has a type constraint on the Wikidata item, a graph pattern on ``?item`` built from
:data:`WIKIDATA_ITEMS`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.extract.register import RegisteredActor, register
from prestatiegraaf.graph.store import load_data
from prestatiegraaf.namespaces import PREFIXES

WD = "http://www.wikidata.org/entity/"
# The Wikidata items the type constraints use, in one place. Those marked "to confirm" need
# confirming against Wikidata before their results are relied on.
WIKIDATA_ITEMS = {
    "organization": WD + "Q43229",  # certain
    "human": WD + "Q5",  # certain
    "educational institution": WD + "Q2385804",  # to confirm
    "government agency": WD + "Q327333",  # to confirm
    "project": WD + "Q170584",  # to confirm
    "province of the Netherlands": WD + "Q134390",  # to confirm
}
_P31 = "<http://www.wikidata.org/prop/direct/P31>"  # instance of
_P39 = "<http://www.wikidata.org/prop/direct/P39>"  # position held
_P279 = "<http://www.wikidata.org/prop/direct/P279>"  # subclass of


def instance_of(name: str) -> str:
    """The pattern: ``?item`` is an instance of the class ``name`` or of a subclass of it."""
    return f"?item {_P31}/{_P279}* <{WIKIDATA_ITEMS[name]}>"


ACTOR_KINDS = ("school", "government", "programme", "organisation")
PERSON = "person"
PLACE = "place"
KINDS = (*ACTOR_KINDS, PERSON, PLACE)
# The pattern on ``?item`` an item must match to be proposed, by kind.
TYPE_CONSTRAINTS = {
    "school": instance_of("educational institution"),
    "government": instance_of("government agency"),
    "programme": instance_of("project"),
    "organisation": instance_of("organization"),
    # a human who held a position whose Dutch name says gedeputeerde ("gedeputeerde van
    # Overijssel"): named by its label, so that no unverified item number is relied on
    PERSON: f"?item {_P31} <{WIKIDATA_ITEMS['human']}> ; {_P39} ?position . "
    "?position <http://www.w3.org/2000/01/rdf-schema#label> ?positionName "
    'FILTER(LANG(?positionName) = "nl" && CONTAINS(LCASE(STR(?positionName)), "gedeputeerde"))',
    PLACE: instance_of("province of the Netherlands"),
}
# The names ``--types`` takes: a group, or one kind of actor.
GROUPS = {"actors": ACTOR_KINDS, "people": (PERSON,), "places": (PLACE,)}
TYPE_NAMES = (*GROUPS, *ACTOR_KINDS)

_SCHOOL = re.compile(r"\b(school|college|universiteit|hogeschool|academie|saxion|roc)\b", re.I)
_GOVERNMENT = re.compile(r"^(provincie|gemeente|ministerie|waterschap|rijkswaterstaat)\b", re.I)
_PROVINCE_PREFIX = re.compile(r"^provincie\s+", re.I)
PROGRAMMA = "https://w3id.org/prestatiegraaf/def#Programma"


@dataclass(frozen=True)
class Subject:
    """One resource to reconcile: its IRI, names and kind (a key of :data:`TYPE_CONSTRAINTS`)."""

    iri: str
    label: str
    alt_labels: tuple[str, ...] = ()
    kind: str = "organisation"


def actor_kind(actor: RegisteredActor) -> str:
    """The kind an actor is reconciled as: school, government, programme or organisation."""
    if PROGRAMMA in actor.types:
        return "programme"
    if _SCHOOL.search(actor.label):
        return "school"
    if _GOVERNMENT.search(actor.label):
        return "government"
    return "organisation"


def from_actor(actor: RegisteredActor) -> Subject:
    """The register's actor as a resource to reconcile."""
    return Subject(actor.iri, actor.label, actor.alt_labels, actor_kind(actor))


def kinds_of(names: Iterable[str]) -> tuple[str, ...]:
    """The kinds ``--types`` names select (groups expanded), in :data:`KINDS` order.

    Raises:
        ValueError: a name is neither a group nor a kind of actor; the message lists them.
    """
    wanted: set[str] = set()
    unknown = []
    for name in names:
        if name in GROUPS:
            wanted.update(GROUPS[name])
        elif name in ACTOR_KINDS:
            wanted.add(name)
        else:
            unknown.append(name)
    if unknown:
        raise ValueError(", ".join(sorted(unknown)))
    return tuple(kind for kind in KINDS if kind in wanted)


_FOAF = PREFIXES["foaf"]
_SKOS = PREFIXES["skos"]
_GRAPH_QUERY = f"""
PREFIX foaf: <{_FOAF}>
PREFIX skos: <{_SKOS}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
SELECT DISTINCT ?kind ?s ?label WHERE {{
  {{ ?s a foaf:Person ; foaf:name ?label . BIND("{PERSON}" AS ?kind) }}
  UNION {{ ?s a foaf:Person ; skos:altLabel ?label . BIND("{PERSON}alt" AS ?kind) }}
  UNION {{ [] pg:gebied|dcterms:spatial ?s . ?s skos:prefLabel|rdfs:label ?label .
          BIND("{PLACE}" AS ?kind) }}
  UNION {{ [] pg:gebied|dcterms:spatial ?s . ?s skos:altLabel ?label .
          BIND("{PLACE}alt" AS ?kind) }}
  FILTER(isIRI(?s))
}}
"""


def graph_subjects(store: ox.Store) -> list[Subject]:
    """The people and places of a built graph, in IRI order (the first name is the label).

    A place named "Provincie X" is also looked up as "X".
    """
    names: dict[tuple[str, str], list[str]] = {}
    alts: dict[tuple[str, str], set[str]] = {}
    solutions = store.query(_GRAPH_QUERY)
    assert isinstance(solutions, ox.QuerySolutions)
    for row in solutions:
        kind, iri, label = (term.value for term in row)
        if kind.endswith("alt"):
            alts.setdefault((kind[:-3], iri), set()).add(label)
        else:
            names.setdefault((kind, iri), []).append(label)
    out = []
    for (kind, iri), labels in sorted(names.items(), key=lambda item: item[0][1]):
        label, *others = sorted(set(labels))
        more = set(others) | alts.get((kind, iri), set())
        if kind == PLACE:
            more |= {_PROVINCE_PREFIX.sub("", name) for name in (label, *more)}
        out.append(Subject(iri, label, tuple(sorted(more - {label})), kind))
    return out


def gather(kinds: Sequence[str], data: Sequence[Path] | None) -> list[Subject]:
    """The resources of ``kinds``: actors from the register, people and places from ``data``.

    ``data`` (a build folder or RDF files) is read only when people or places are asked for;
    ``None`` leaves them out.

    Raises:
        OntologyError: the actor register cannot be read.
        SourceError: a file of ``data`` is missing or is not RDF.
    """
    found: list[Subject] = []
    if set(kinds) & set(ACTOR_KINDS):
        found.extend(s for s in map(from_actor, register()) if s.kind in kinds)
    if data is not None and {PERSON, PLACE} & set(kinds):
        found.extend(s for s in graph_subjects(load_data(data)) if s.kind in kinds)
    return found
