"""Stage 4, validate: the merged shapes graph, its RDF lists and its SHACL property paths.

:class:`ShapesGraph` holds the triples of every shapes file indexed by subject, remembering the
file each subject comes from, with blank nodes relabelled in order of appearance so that the
model read from it is the same on every run. :func:`read_path` reads a SHACL property path
from it; the same reader serves any graph in the SHACL vocabulary, such as a validation
report's ``sh:resultPath``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.validate.shape_model import (
    OWL,
    RDF_FIRST,
    RDF_NIL,
    RDF_REST,
    RDFS,
    SH,
    ShaclPath,
    Term,
)

PATH_KINDS = ("inversePath", "alternativePath", "zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath")


class ShapesGraph:
    """The merged shapes graph, indexed by subject, remembering each subject's file."""

    def __init__(self) -> None:
        self.out: dict[Term, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        self.origin: dict[Term, str] = {}
        self.labels: dict[str, ox.BlankNode] = {}

    def read(self, path: Path) -> None:
        """Add the triples of the Turtle file ``path``; relative IRIs resolve against its location.

        Raises:
            OntologyError: the file cannot be read or is not Turtle.

        """
        try:
            triples = list(
                ox.parse(
                    path=path,
                    format=ox.RdfFormat.TURTLE,
                    base_iri=path.resolve().as_uri(),  # relative IRIs, such as <>, resolve
                    rename_blank_nodes=True,
                )
            )
        except (SyntaxError, OSError) as error:
            raise OntologyError(f"cannot read shapes: {error}", path=path) from error
        self.add(triples, str(path))

    def add(self, triples: Iterable[ox.Triple], source: str) -> None:
        """Add ``triples``, noting ``source`` as the origin of subjects not seen before."""
        for triple in triples:
            subject, obj = self._relabel(triple.subject), self._relabel(triple.object)
            self.out[subject][triple.predicate.value].append(obj)
            self.origin.setdefault(subject, source)

    def _relabel(self, term: object) -> Term:
        """``term`` with a blank node relabelled ``b0``, ``b1``, ... in order of appearance."""
        if isinstance(term, ox.BlankNode):  # deterministic labels, in order of appearance
            return self.labels.setdefault(term.value, ox.BlankNode(f"b{len(self.labels)}"))
        if isinstance(term, ox.NamedNode | ox.Literal):
            return term
        raise OntologyError(f"unexpected term in shapes graph: {term}")

    def triples(self) -> tuple[ox.Triple, ...]:
        """Every triple, each blank node made new, so that no data graph shares its label."""
        fresh: dict[Term, ox.BlankNode] = {}

        def renamed(term: Term) -> Term:
            if isinstance(term, ox.BlankNode):
                return fresh.setdefault(term, ox.BlankNode())
            return term

        return tuple(
            ox.Triple(subject, ox.NamedNode(predicate), renamed(obj))
            for node, props in self.out.items()
            if not isinstance(subject := renamed(node), ox.Literal)
            for predicate, objects in props.items()
            for obj in objects
        )

    @cached_property
    def classes(self) -> frozenset[Term]:
        """rdfs:Class, owl:Class and their subclasses declared in the shapes graph."""
        found: set[Term] = {ox.NamedNode(RDFS + "Class"), ox.NamedNode(OWL + "Class")}
        frontier = set(found)
        while frontier:
            frontier = {
                s
                for s, props in self.out.items()
                if frontier.intersection(props.get(RDFS + "subClassOf", ()))
            } - found
            found |= frontier
        return frozenset(found)

    def objects(self, subject: Term, predicate: str) -> list[Term]:
        """The objects of ``subject`` by the predicate IRI ``predicate``."""
        return self.out.get(subject, {}).get(predicate, [])

    def subjects(self, predicate: str, obj: Term) -> list[Term]:
        """The subjects that have ``obj`` as an object of the predicate IRI ``predicate``."""
        return [s for s, props in self.out.items() if obj in props.get(predicate, ())]

    def read_list(self, node: Term, where: str, path: str | None = None) -> list[Term]:
        """The members of the RDF list ``node`` (errors name ``path`` or the list's file).

        Raises:
            OntologyError: ``node`` is not a well-formed RDF list.

        """
        found: list[Term] = []
        while node != ox.NamedNode(RDF_NIL):
            first, rest = self.objects(node, RDF_FIRST), self.objects(node, RDF_REST)
            if len(first) != 1 or len(rest) != 1 or len(found) > 10_000:
                raise OntologyError(
                    f"{where}: expected a well-formed RDF list, got {node}",
                    path=self.origin.get(node) or path,
                )
            found.append(first[0])
            node = rest[0]
        return found


def read_path(graph: ShapesGraph, node: Term, shape_id: str, file: str) -> ShaclPath:
    """The SHACL property path that starts at ``node``, for the shape ``shape_id`` of ``file``.

    Raises:
        OntologyError: the path is malformed or nests too deeply; the error names the shape.

    """
    return _read_path(graph, node, shape_id, file, 0)


def _read_path(graph: ShapesGraph, node: Term, shape_id: str, file: str, depth: int) -> ShaclPath:
    """The path at ``node``, ``depth`` levels inside the path of the shape."""

    def fail(what: str) -> OntologyError:
        """An error about the path, naming the shape and its file."""
        return OntologyError(f"shape {shape_id}: {what}", path=file or None)

    def read_steps(nodes: list[Term]) -> tuple[ShaclPath, ...]:
        """The paths at ``nodes``, one level deeper."""
        return tuple(_read_path(graph, step, shape_id, file, depth + 1) for step in nodes)

    if depth > 20:
        raise fail("sh:path nests too deeply (a cyclic path?)")
    if isinstance(node, ox.NamedNode):
        return ShaclPath("predicate", node.value)
    if isinstance(node, ox.Literal):
        raise fail(f"sh:path must be an IRI or a blank node, got {node}")
    if graph.objects(node, RDF_FIRST):
        steps = graph.read_list(node, f"shape {shape_id}: sequence path", file)
        if len(steps) < 2:
            raise fail("a sequence path needs at least two members")
        return ShaclPath("sequence", steps=read_steps(steps))
    props = graph.out.get(node, {})
    kinds = [k for k in PATH_KINDS if SH + k in props]
    if len(kinds) != 1 or len(props) != 1 or len(props[SH + kinds[0]]) != 1:
        raise fail(f"malformed sh:path {node}: expected one of sh:{', sh:'.join(PATH_KINDS)}")
    target = props[SH + kinds[0]][0]
    if kinds[0] == "alternativePath":
        members = graph.read_list(target, f"shape {shape_id}: sh:alternativePath", file)
        return ShaclPath("alternative", steps=read_steps(members))
    return ShaclPath(kinds[0][: -len("Path")], steps=read_steps([target]))
