"""Stage 3, graph: VoID statistics of the published graph, read from its N-Triples file.

The file is read as a stream, one line at a time, so memory does not grow with the number of
triples: counts per class and per property (a few hundred keys) and, for the distinct subjects
and objects, a set of 64-bit BLAKE2b digests, one per distinct term (about 80 bytes each: some
70 MB for 1.5 million triples with 900,000 distinct terms). That two terms share a digest has
a chance below 1 in 10^7 at that size; the digest is fixed, so the same file always gives the
same counts.

Partitions and linksets are named by IRIs below the dataset's, never blank nodes, so the
description stays byte-stable.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from prestatiegraaf.graph.terms import Triples, integer, plain, std, text
from prestatiegraaf.namespaces import PREFIXES

RDF_TYPE = PREFIXES["rdf"] + "type"
EXAMPLES = 3  # example resources named
_END = b" .\t\r\n"  # what may follow the object on its line


@dataclass(frozen=True)
class LinkTarget:
    """An external dataset the graph links to, recognised by the IRIs of its resources."""

    key: str
    uri_space: str
    title: str
    language: str | None = None  # of the title
    homepage: str | None = None


# External datasets whose resources the graph refers to: a link to one of them is an RDF link
# whatever its predicate (the publisher's TOOI identifier, QUDT units of amounts).
LINK_TARGETS = (
    LinkTarget(
        "tooi",
        "https://identifier.overheid.nl/tooi/id/",
        "TOOI-register van overheidsorganisaties",
        "nl",
        "https://standaarden.overheid.nl/tooi",
    ),
    LinkTarget(
        "qudt-eenheden", "http://qudt.org/vocab/unit/", "QUDT units", "en", "https://qudt.org"
    ),
)
# Predicates that state identity or a match: to any other dataset they make a linkset too.
MAPPING_PREDICATES = frozenset(
    [PREFIXES["owl"] + "sameAs"]
    + [PREFIXES["skos"] + name for name in ("exactMatch", "closeMatch", "relatedMatch")]
    + [PREFIXES["skos"] + name for name in ("broadMatch", "narrowMatch")]
)
# A reified statement names its subject and object without linking them: not an RDF link.
REIFICATION = frozenset(PREFIXES["rdf"] + name for name in ("subject", "object"))
_HOST = re.compile(r"^[a-z][a-z0-9+.-]*://[^/?#]+/", re.IGNORECASE)
_LOCAL = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


@dataclass
class GraphStatistics:
    """What VoID says of a graph: counts, partitions, vocabularies, examples and links."""

    triples: int = 0
    entities: int = 0  # distinct subjects within the dataset's URI space
    distinct_subjects: int = 0
    distinct_objects: int = 0
    classes: Counter[str] = field(default_factory=Counter)  # class -> instances
    properties: Counter[str] = field(default_factory=Counter)  # property -> triples
    examples: list[str] = field(default_factory=list)
    links: Counter[tuple[str, str]] = field(default_factory=Counter)  # (target, predicate)
    targets: dict[str, LinkTarget] = field(default_factory=dict)  # key -> target

    @property
    def vocabularies(self) -> list[str]:
        """The namespaces of the classes and properties used, sorted."""
        return sorted({namespace(iri) for iri in [*self.classes, *self.properties]})


def namespace(iri: str) -> str:
    """The namespace of a term: its IRI up to and including the last ``#`` or ``/``."""
    return iri[: max(iri.rfind("#"), iri.rfind("/")) + 1]


def _digest(term: bytes) -> bytes:
    """A 64-bit digest of a term, the same in every run."""
    return hashlib.blake2b(term, digest_size=8).digest()


def graph_statistics(graph_file: Path, uri_space: str, example_class: str) -> GraphStatistics:
    """The statistics of ``graph_file``, N-Triples with one triple a line as this program writes.

    Args:
        graph_file: the graph as N-Triples.
        uri_space: IRIs starting with this are the dataset's own resources (its entities).
        example_class: the first few subjects of this class (in file order) are the examples.

    Raises:
        OSError: the file cannot be read.

    """
    stats = GraphStatistics()
    subjects: set[bytes] = set()
    objects: set[bytes] = set()
    predicates: Counter[bytes] = Counter()
    classes: Counter[bytes] = Counter()
    own = b"<" + uri_space.encode()
    rdf_type, example = f"<{RDF_TYPE}>".encode(), f"<{example_class}>".encode()
    previous = b""
    with graph_file.open("rb") as handle:
        for line in handle:
            parts = line.split(b" ", 2)
            if len(parts) < 3 or line.startswith(b"#"):
                continue  # a blank line or a comment
            subject, predicate, rest = parts
            obj = rest.rstrip(_END)  # no term ends in a space, a dot or a line break
            predicates[predicate] += 1
            if subject != previous:  # lines come grouped by subject: most are not new
                previous, before = subject, len(subjects)
                subjects.add(_digest(subject))
                if len(subjects) > before and subject.startswith(own):
                    stats.entities += 1
            objects.add(_digest(obj))
            if predicate == rdf_type:
                classes[obj] += 1
                if obj == example and len(stats.examples) < EXAMPLES:
                    stats.examples.append(subject[1:-1].decode())
            elif obj[:1] == b"<" and not obj.startswith(own):
                prop = predicate[1:-1].decode()
                target = _link_target(prop, obj[1:-1].decode(), stats)
                if target is not None:
                    stats.links[(target, prop)] += 1
    stats.triples = sum(predicates.values())
    stats.distinct_subjects, stats.distinct_objects = len(subjects), len(objects)
    stats.properties = Counter({p[1:-1].decode(): n for p, n in predicates.items()})
    stats.classes = Counter({c[1:-1].decode(): n for c, n in classes.items() if c[:1] == b"<"})
    return stats


def _link_target(predicate: str, iri: str, stats: GraphStatistics) -> str | None:
    """The key of the external dataset ``iri`` belongs to, when the triple is an RDF link."""
    if predicate in REIFICATION:
        return None
    for target in LINK_TARGETS:
        if iri.startswith(target.uri_space):
            stats.targets.setdefault(target.key, target)
            return target.key
    if predicate not in MAPPING_PREDICATES:
        return None
    host = _HOST.match(iri)
    if host is None:
        return None
    space = host.group(0)
    key = re.sub(r"[^a-z0-9]+", "-", space.split("://", 1)[1].lower()).strip("-")
    stats.targets.setdefault(key, LinkTarget(key, space, space))
    return key


def _slug(iri: str) -> str:
    """A readable, unique name for a term: ``pg-Prestatie``, ``rdf-type``."""
    space = namespace(iri)
    local = iri[len(space) :]
    for prefix, known in sorted(PREFIXES.items()):
        if known == space and _LOCAL.fullmatch(local):
            return f"{prefix}-{local}"
    return "term-" + hashlib.blake2b(iri.encode(), digest_size=6).hexdigest()


def void_triples(
    out: Triples, dataset: str, stats: GraphStatistics, dumps: Iterable[str], uri_space: str
) -> None:
    """State ``stats`` of ``dataset`` in VoID, with ``dumps`` as its data dumps."""
    out.typed(dataset, std("void:Dataset"))
    out.add(dataset, std("void:triples"), integer(stats.triples))
    out.add(dataset, std("void:entities"), integer(stats.entities))
    out.add(dataset, std("void:distinctSubjects"), integer(stats.distinct_subjects))
    out.add(dataset, std("void:distinctObjects"), integer(stats.distinct_objects))
    out.add(dataset, std("void:classes"), integer(len(stats.classes)))
    out.add(dataset, std("void:properties"), integer(len(stats.properties)))
    out.add(dataset, std("void:uriSpace"), plain(uri_space))
    for dump in dumps:
        out.link(dataset, std("void:dataDump"), dump)
    for example in stats.examples:
        out.link(dataset, std("void:exampleResource"), example)
    for vocabulary in stats.vocabularies:
        out.link(dataset, std("void:vocabulary"), vocabulary)
    for cls, count in sorted(stats.classes.items()):
        partition = f"{dataset}/klassepartitie/{_slug(cls)}"
        out.link(dataset, std("void:classPartition"), partition)
        out.link(partition, std("void:class"), cls)
        out.add(partition, std("void:entities"), integer(count))
    for prop, count in sorted(stats.properties.items()):
        partition = f"{dataset}/eigenschappartitie/{_slug(prop)}"
        out.link(dataset, std("void:propertyPartition"), partition)
        out.link(partition, std("void:property"), prop)
        out.add(partition, std("void:triples"), integer(count))
    _linksets(out, dataset, stats)


def _linksets(out: Triples, dataset: str, stats: GraphStatistics) -> None:
    """One ``void:Linkset`` per external dataset and link predicate, and the targets."""
    for (key, predicate), count in sorted(stats.links.items()):
        target = stats.targets[key]
        other = f"{dataset}/doel/{key}"
        linkset = f"{dataset}/linkset/{key}-{_slug(predicate)}"
        out.link(dataset, std("void:subset"), linkset)
        out.typed(linkset, std("void:Linkset"))
        out.link(linkset, std("void:subjectsTarget"), dataset)
        out.link(linkset, std("void:objectsTarget"), other)
        out.link(linkset, std("void:linkPredicate"), predicate)
        out.add(linkset, std("void:triples"), integer(count))
        out.typed(other, std("void:Dataset"))
        title = text(target.title, target.language) if target.language else plain(target.title)
        out.add(other, std("dcterms:title"), title)
        out.add(other, std("void:uriSpace"), plain(target.uri_space))
        if target.homepage:
            out.link(other, std("foaf:homepage"), target.homepage)
