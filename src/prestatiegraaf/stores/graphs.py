"""Which named graph each triple of a build goes to when it is pushed to a store.

A build's graph (``prestaties.nt``) is cut into one graph per source document and one shared
graph; the two together hold every triple of the build exactly once. A triple goes to a
document's graph when its subject belongs to that document:

- the document itself (``{base}/id/document/<slug>``);
- a resource minted under it: a description and all its parts (actions, targets, scores,
  budget, the provenance of each fact: ``{base}/id/prestatiebeschrijving/<slug>/…``) and its
  source files (``{base}/id/bron/<slug>/…``);
- any other resource derived from exactly one document (``prov:wasDerivedFrom``).

Everything else is shared by the documents and goes to the shared graph: prestaties and the
goal tree, actors, persons, decisions, funding sources, code lists, the statistical data sets.
A triple that names a blank node goes to the shared graph too, and all of a graph's
blank-node triples are sent in one request, so a blank node stays one node in the store.
The ontology and the dataset description (``dataset.ttl``) get a graph each.

Graph names are ``{base}/graph/document/<slug>``, ``{base}/graph/shared``,
``{base}/graph/ontology`` and ``{base}/graph/dataset``; ``{base}/graph/manifest`` lists what
was pushed (see :mod:`.push`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from prestatiegraaf.errors import SourceError
from prestatiegraaf.namespaces import PG_IRI
from prestatiegraaf.resources import ontology_file
from prestatiegraaf.stores.fingerprint import Fingerprint, fingerprint

GRAPH_FILE = "prestaties.nt"
DATASET_FILE = "dataset.ttl"
OWNED = ("prestatiebeschrijving", "bron")  # IRI kinds minted under a document's slug
_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_DOCUMENT = f"<{PG_IRI}Document>".encode()
_DERIVED = b"<http://www.w3.org/ns/prov#wasDerivedFrom>"
_DCAT_DATASET = "http://www.w3.org/ns/dcat#Dataset"
_BLANK_OBJECT = re.compile(rb" _:\S+ \.\s*$")


@dataclass
class PushGraph:
    """One named graph to push: its IRI, what it holds and where its triples are kept."""

    name: str
    role: str  # "document", "shared", "ontology" or "dataset"
    path: Path  # N-Triples, one triple a line, without blank nodes
    blank_path: Path  # the triples that name a blank node: sent in one request
    document: str | None = None  # the document's IRI, for a document's graph
    lines: int = 0
    blank_lines: int = 0
    size: int = 0  # bytes of both files
    print: Fingerprint | None = None

    @property
    def fingerprint(self) -> Fingerprint:
        """The graph's fingerprint (worked out on first use)."""
        if self.print is None:
            self.print = fingerprint(self.path.read_bytes() + self.blank_path.read_bytes())
        return self.print


@dataclass
class PushPlan:
    """The graphs a build folder is pushed as, and the base IRI its names are minted under."""

    base: str
    folder: Path  # the build's files (its published version, resolved once)
    graphs: list[PushGraph] = field(default_factory=list)

    @property
    def prefix(self) -> str:
        """The start of every graph name of this push."""
        return f"{self.base}/graph/"

    @property
    def manifest(self) -> str:
        """The name of the graph that lists what was pushed."""
        return f"{self.prefix}manifest"

    @property
    def triples(self) -> int:
        """Triples of all graphs together (as lines of the build's files)."""
        return sum(graph.lines + graph.blank_lines for graph in self.graphs)


def build_files(folder: Path) -> Path:
    """The folder holding the build's graph files: its published version, resolved once.

    Raises:
        SourceError: ``folder`` is not a build folder.

    """
    current = folder / "current"
    root = current.resolve() if current.is_dir() else folder
    if not (root / GRAPH_FILE).is_file() or not (root / DATASET_FILE).is_file():
        raise SourceError(
            f"not a build folder (no {GRAPH_FILE} and {DATASET_FILE}); build into it first",
            path=folder,
        )
    return root


def plan_push(folder: Path, work: Path) -> PushPlan:
    """Cut the build in ``folder`` into the graphs to push; their files go to ``work``.

    Raises:
        SourceError: ``folder`` is not a build folder, or a file of it is not valid RDF.

    """
    root = build_files(folder)
    dataset = _ntriples(root / DATASET_FILE)
    base = _base(dataset, root / DATASET_FILE)
    plan = PushPlan(base, root)
    documents, derived = _documents(root / GRAPH_FILE)
    owner = _Owner(base, documents, derived)
    graphs: dict[str | None, PushGraph] = {}
    with ExitStack() as files:
        sinks: dict[str | None, tuple[BinaryIO, BinaryIO]] = {}

        def sink(document: str | None) -> tuple[BinaryIO, BinaryIO]:
            if document not in sinks:
                graph = _new_graph(plan, work, document)
                graphs[document] = graph
                plain = files.enter_context(graph.path.open("wb"))
                blank = files.enter_context(graph.blank_path.open("wb"))
                sinks[document] = (plain, blank)
            return sinks[document]

        sink(None)  # the shared graph is pushed even when empty
        for document in sorted(documents):
            sink(document)
        for line in _lines(root / GRAPH_FILE):
            if _names_blank(line):
                graphs[None].blank_lines += 1
                sinks[None][1].write(line)
                continue
            owned = owner.of(line[: line.index(b" ")])
            plain, _ = sink(owned)
            graphs[owned].lines += 1
            plain.write(line)
    ordered = [graphs[d] for d in sorted(documents)] + [graphs[None]]
    ordered.append(_whole(plan, work, "ontology", _ntriples(ontology_file())))
    ordered.append(_whole(plan, work, "dataset", dataset))
    for graph in ordered:
        graph.size = graph.path.stat().st_size + graph.blank_path.stat().st_size
    plan.graphs = ordered
    return plan


class _Owner:
    """The document a subject belongs to, or None for a shared one."""

    def __init__(self, base: str, documents: set[str], derived: dict[bytes, set[str]]) -> None:
        self.ids = f"{base}/id/"
        self.documents = documents
        self.derived = derived
        self.last: tuple[bytes, str | None] = (b"", None)

    def of(self, subject: bytes) -> str | None:
        if subject == self.last[0]:  # the lines come sorted by subject
            return self.last[1]
        found = self._find(subject)
        self.last = (subject, found)
        return found

    def _find(self, subject: bytes) -> str | None:
        iri = subject[1:-1].decode("utf-8")
        if iri in self.documents:
            return iri
        if iri.startswith(self.ids):
            kind, _, rest = iri[len(self.ids) :].partition("/")
            document = f"{self.ids}document/{rest.partition('/')[0]}"
            if kind in OWNED and document in self.documents:
                return document
        sources = self.derived.get(subject, set())
        return next(iter(sources)) if len(sources) == 1 else None


def _documents(path: Path) -> tuple[set[str], dict[bytes, set[str]]]:
    """The documents of the graph, and the documents each subject was derived from."""
    documents: set[str] = set()
    derived: dict[bytes, set[str]] = {}
    for line in _lines(path):
        subject, _, rest = line.partition(b" ")
        predicate, _, value = rest.partition(b" ")
        if predicate == _TYPE and value.rstrip().removesuffix(b".").rstrip() == _DOCUMENT:
            documents.add(subject[1:-1].decode("utf-8"))
        elif predicate == _DERIVED and value.startswith(b"<"):
            source = value.rstrip().removesuffix(b".").rstrip()[1:-1].decode("utf-8")
            derived.setdefault(subject, set()).add(source)
    derived = {s: found & documents for s, found in derived.items() if found & documents}
    return documents, derived


def _lines(path: Path) -> Iterator[bytes]:
    """The statement lines of an N-Triples file this program wrote (one triple a line)."""
    with path.open("rb") as lines:
        for line in lines:
            if line.strip() and not line.startswith(b"#"):
                yield line if line.endswith(b"\n") else line + b"\n"


def _names_blank(line: bytes) -> bool:
    return line.startswith(b"_:") or _BLANK_OBJECT.search(line) is not None


def _new_graph(plan: PushPlan, work: Path, document: str | None) -> PushGraph:
    if document is None:
        name, role, key = f"{plan.prefix}shared", "shared", "shared"
    else:
        slug = document.rsplit("/id/document/", 1)[-1]
        if document == slug or not re.fullmatch(r"[A-Za-z0-9._~-]+", slug):
            slug = hashlib.sha256(document.encode()).hexdigest()[:16]
        name, role, key = f"{plan.prefix}document/{slug}", "document", f"document-{slug}"
    return PushGraph(name, role, work / f"{key}.nt", work / f"{key}.blank.nt", document)


def _whole(plan: PushPlan, work: Path, role: str, data: bytes) -> PushGraph:
    """A graph of its own for ``data`` (the ontology, the dataset description)."""
    graph = PushGraph(f"{plan.prefix}{role}", role, work / f"{role}.nt", work / f"{role}.blank.nt")
    plain = [line + b"\n" for line in sorted(set(data.splitlines())) if line.strip()]
    blank = [line for line in plain if _names_blank(line)]
    graph.path.write_bytes(b"".join(line for line in plain if not _names_blank(line)))
    graph.blank_path.write_bytes(b"".join(blank))
    graph.lines, graph.blank_lines = len(plain) - len(blank), len(blank)
    return graph


def _ntriples(path: Path) -> bytes:
    """A Turtle file as N-Triples."""
    try:
        data = ox.serialize(ox.parse(path=str(path)), format=ox.RdfFormat.N_TRIPLES)
    except (SyntaxError, ValueError) as exc:
        raise SourceError(f"not valid RDF: {exc}", path=path) from None
    except OSError as exc:
        raise SourceError(f"cannot be read: {exc.strerror or exc}", path=path) from None
    assert data is not None  # no output target given: the bytes are returned
    return data


def _base(dataset: bytes, path: Path) -> str:
    """The base IRI the build minted under, read from its dataset's IRI."""
    for triple in ox.parse(dataset, format=ox.RdfFormat.N_TRIPLES):
        if triple.object == ox.NamedNode(_DCAT_DATASET) and isinstance(
            triple.subject, ox.NamedNode
        ):
            if "/id/dataset/" in triple.subject.value:
                return triple.subject.value.split("/id/dataset/")[0]
    raise SourceError("describes no dataset under {base}/id/dataset/; build again", path=path)
