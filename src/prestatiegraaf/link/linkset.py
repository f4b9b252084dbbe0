"""The linkset files (``links/*.ttl``): one annotated decision per resource and target.

Each decision is a ``pg:Koppeling``, a reified statement (``rdf:subject``, ``rdf:predicate``,
``rdf:object``) with how it was made, by what, when, from which source and how sure it is, and
its status. An accepted link is also stated as it is (``S skos:exactMatch O``); a proposed,
rejected, ambiguous or missing one stays a decision only, so a later run asks no query for it.
The files are written byte-stable (sorted, fixed prefixes) and never fetched at build time.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.namespaces import DEFAULT_BASE, PREFIXES
from prestatiegraaf.serialize import turtle_bytes

PG = PREFIXES["pg"]
RDF = PREFIXES["rdf"]
SKOS = PREFIXES["skos"]
DCTERMS = PREFIXES["dcterms"]
XSD = PREFIXES["xsd"]
EXACT_MATCH = SKOS + "exactMatch"
SAME_AS = PREFIXES["owl"] + "sameAs"
NOTATION = SKOS + "notation"
KOPPELING = PG + "Koppeling"

ACCEPTED = "accepted"  # published in the build
PROPOSED = "proposed"  # one candidate found: to review
AMBIGUOUS = "ambiguous"  # several candidates: to review, one may be chosen
NO_MATCH = "no-match"  # nothing of the right type found
REJECTED = "rejected"  # a reviewer said no
NEEDS_REVIEW = "needs-review"  # an identifier not verified yet
STATUSES = (ACCEPTED, PROPOSED, AMBIGUOUS, NO_MATCH, REJECTED, NEEDS_REVIEW)
METHODS = ("manual", "exact-label", "alternative-label", "none")


@dataclass(frozen=True)
class Link:
    """One decision on linking ``subject`` to the dataset ``target``."""

    subject: str
    target: str  # key of the other dataset: wikidata, tooi, cbs, iso3166-2
    status: str
    method: str
    agent: str  # by what (a program and version, or "manual")
    date: str  # YYYY-MM-DD
    confidence: Decimal
    source: str  # where it was established or can be checked (an IRI)
    predicate: str = EXACT_MATCH
    obj: str | None = None  # an IRI, or a literal when ``predicate`` is skos:notation
    note: str | None = None
    candidates: tuple[str, ...] = field(default=())

    @property
    def iri(self) -> str:
        """The decision's own IRI, from its subject and target (stable)."""
        digest = hashlib.sha256(f"{self.subject} {self.target}".encode()).hexdigest()[:12]
        return f"{DEFAULT_BASE}/id/koppeling/{self.target}-{digest}"

    @property
    def id(self) -> str:
        """The short name a reviewer uses: the last segment of the IRI."""
        return self.iri.rsplit("/", 1)[1]

    @property
    def published(self) -> bool:
        """Whether the build states it: accepted, with an object other than the subject."""
        return self.status == ACCEPTED and self.obj is not None

    def decided(self, status: str, obj: str | None = None, date: str | None = None) -> Link:
        """The decision after review: ``status``, possibly with a chosen candidate."""
        method = self.method if obj is None or obj == self.obj else "manual"
        confidence = Decimal("1.0") if status == ACCEPTED else self.confidence
        return replace(self, status=status, obj=obj or self.obj, method=method,
                       confidence=confidence, date=date or self.date)  # fmt: skip


def _node(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _object(link: Link) -> ox.NamedNode | ox.Literal:
    assert link.obj is not None
    if link.predicate == NOTATION:
        return ox.Literal(link.obj)
    return ox.NamedNode(link.obj)


def link_triples(link: Link, rebase: str = DEFAULT_BASE) -> list[ox.Triple]:
    """The decision's triples (and the link itself when accepted), IRIs moved to ``rebase``."""

    def iri(value: str) -> ox.NamedNode:
        if value.startswith(DEFAULT_BASE + "/") and rebase != DEFAULT_BASE:
            value = rebase + value[len(DEFAULT_BASE) :]
        return _node(value)

    node, subject = iri(link.iri), iri(link.subject)
    out = [
        ox.Triple(node, _node(RDF + "type"), _node(KOPPELING)),
        ox.Triple(node, _node(RDF + "subject"), subject),
        ox.Triple(node, _node(RDF + "predicate"), _node(link.predicate)),
        ox.Triple(node, _node(PG + "koppeldoel"), ox.Literal(link.target)),
        ox.Triple(node, _node(PG + "koppelstatus"), ox.Literal(link.status)),
        ox.Triple(node, _node(PG + "koppelwijze"), ox.Literal(link.method)),
        ox.Triple(node, _node(PG + "gekoppeldDoor"), ox.Literal(link.agent)),
        ox.Triple(node, _node(DCTERMS + "date"),
                  ox.Literal(link.date, datatype=_node(XSD + "date"))),
        ox.Triple(node, _node(PG + "koppelzekerheid"),
                  ox.Literal(f"{link.confidence:.2f}", datatype=_node(XSD + "decimal"))),
        ox.Triple(node, _node(DCTERMS + "source"), _node(link.source)),
    ]  # fmt: skip
    if link.obj is not None:
        out.append(ox.Triple(node, _node(RDF + "object"), _object(link)))
    if link.note:
        out.append(ox.Triple(node, _node(SKOS + "note"), ox.Literal(link.note)))
    for candidate in link.candidates:
        out.append(ox.Triple(node, _node(PG + "kandidaat"), _node(candidate)))
    if link.published and link.obj != link.subject:
        out.append(ox.Triple(subject, _node(link.predicate), _object(link)))
    return out


def linkset_bytes(links: list[Link]) -> bytes:
    """The linkset file for ``links``: Turtle, the same bytes for the same decisions."""
    triples = sorted({t for link in links for t in link_triples(link)}, key=str)
    return turtle_bytes(triples)


def write_linkset(path: Path, links: list[Link]) -> None:
    """Write ``links`` to ``path`` (through a temporary file, replaced at once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(linkset_bytes(links))
    temporary.replace(path)


def read_linkset(path: Path) -> list[Link]:
    """The decisions in one linkset file, in IRI order.

    Raises:
        OntologyError: the file is not Turtle, or a decision lacks a required value.
    """
    try:
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (OSError, SyntaxError, ValueError) as exc:
        raise OntologyError(f"cannot read the linkset: {exc}", path=path) from None
    values: dict[str, dict[str, list[str]]] = {}
    for t in triples:
        if isinstance(t.subject, ox.NamedNode) and "/id/koppeling/" in t.subject.value:
            values.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(
                t.object.value
            )
    links = []
    for iri, props in sorted(values.items()):

        def one(name: str, props: dict[str, list[str]] = props, iri: str = iri) -> str:
            found = props.get(name)
            if not found:
                raise OntologyError(f"{iri} has no <{name}>", path=path)
            return sorted(found)[0]

        obj = props.get(RDF + "object")
        note = props.get(SKOS + "note")
        links.append(
            Link(
                subject=one(RDF + "subject"),
                target=one(PG + "koppeldoel"),
                status=one(PG + "koppelstatus"),
                method=one(PG + "koppelwijze"),
                agent=one(PG + "gekoppeldDoor"),
                date=one(DCTERMS + "date"),
                confidence=Decimal(one(PG + "koppelzekerheid")),
                source=one(DCTERMS + "source"),
                predicate=one(RDF + "predicate"),
                obj=obj[0] if obj else None,
                note=note[0] if note else None,
                candidates=tuple(sorted(props.get(PG + "kandidaat", []))),
            )
        )
    return links


def read_linksets(folder: Path) -> dict[Path, list[Link]]:
    """Every linkset file of ``folder`` (``*.ttl``, sorted) with its decisions."""
    if not folder.is_dir():
        return {}
    return {path: read_linkset(path) for path in sorted(folder.glob("*.ttl"))}
