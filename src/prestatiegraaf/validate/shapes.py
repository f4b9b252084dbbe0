"""Stage 4, validate: a SHACL shapes graph read into a typed, frozen model.

The model holds what the built-in engine evaluates: node and property shapes with their
targets, paths, severities, messages and constraints. Anything the engine cannot evaluate
(qualified value shapes, SHACL-AF, custom constraint components) is refused when the shapes
are loaded, naming the file, the shape and the way out: ``--engine pyshacl``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.errors import OntologyError

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE, RDF_FIRST, RDF_REST, RDF_NIL = (RDF + n for n in ("type", "first", "rest", "nil"))
FULL_SHACL = "run with `--engine pyshacl` for full SHACL"

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Message = tuple[str, str]
"""A message as (language tag or "", text)."""

COMPONENTS = (  # parameters of the components evaluated: sh:<Parameter>ConstraintComponent
    "class datatype nodeKind minCount maxCount minExclusive minInclusive maxExclusive "
    "maxInclusive minLength maxLength pattern languageIn uniqueLang equals disjoint lessThan "
    "lessThanOrEquals not and or xone node hasValue in closed"
).split()
LIST_PARAMETERS = frozenset("in languageIn and or xone".split())
REPEATABLE = frozenset(
    "class equals disjoint lessThan lessThanOrEquals not and or xone node hasValue".split()
)
PROPERTY_ONLY = frozenset("minCount maxCount uniqueLang lessThan lessThanOrEquals".split())
QUALIFIED = ("qualifiedMinCount", "qualifiedMaxCount")
UNSUPPORTED = {
    "target": "SPARQL-based and custom targets (sh:target)",
    "rule": "SHACL rules (sh:rule)",
    "expression": "node expressions (sh:expression)",
    "js": "JavaScript constraints (sh:js)",
    "targetShape": "shape targets (sh:targetShape)",
}
NON_VALIDATING = frozenset(
    "name description order group defaultValue message severity deactivated path property "
    "sparql flags ignoredProperties targetClass targetNode targetSubjectsOf targetObjectsOf "
    "codeIdentifier labelTemplate declare resultAnnotation qualifiedValueShape "
    "qualifiedValueShapesDisjoint".split()
)
TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")
SHAPE_VALUED = ("node", "property", "not", "qualifiedValueShape")
NODE_KINDS = {"IRI", "BlankNode", "Literal", "BlankNodeOrIRI", "BlankNodeOrLiteral", "IRIOrLiteral"}
SEVERITIES = {"Violation", "Warning", "Info"}
REPEAT = {"zeroOrMore": "*", "oneOrMore": "+", "zeroOrOne": "?"}
PATH_KINDS = ("inversePath", "alternativePath", "zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath")


def component_iri(parameter: str) -> str:
    """The constraint component of a parameter: ``minCount`` → sh:MinCountConstraintComponent."""
    return f"{SH}{parameter[0].upper()}{parameter[1:]}ConstraintComponent"


def term_id(term: Term) -> str:
    """A shape's identifier: its IRI, ``_:label`` for a blank node, N-Triples for a literal."""
    return term.value if isinstance(term, ox.NamedNode) else str(term)


@dataclass(frozen=True)
class ShaclPath:
    """A SHACL property path: a predicate, or a complex path built from ``steps``."""

    kind: str  # "predicate", "sequence", or a PATH_KINDS name without "Path"
    iri: str = ""
    steps: tuple[ShaclPath, ...] = ()

    def sparql(self) -> str:
        """The path in SPARQL property-path syntax, fully bracketed."""
        if self.kind == "predicate":
            return f"<{self.iri}>"
        inner = [step.sparql() for step in self.steps]
        if self.kind in ("sequence", "alternative"):
            return "(" + ("/" if self.kind == "sequence" else "|").join(inner) + ")"
        if self.kind == "inverse":
            return f"^{inner[0]}"
        return f"({inner[0]}){REPEAT[self.kind]}"

    def readable(self) -> str:
        """The predicate IRI of a predicate path; the SPARQL form of any other path."""
        return self.iri if self.kind == "predicate" else self.sparql()


@dataclass(frozen=True)
class Targets:
    """How a shape selects its focus nodes (class targets include implicit ones)."""

    classes: tuple[str, ...] = ()
    nodes: tuple[Term, ...] = ()
    subjects_of: tuple[str, ...] = ()
    objects_of: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.classes or self.nodes or self.subjects_of or self.objects_of)


@dataclass(frozen=True)
class Constraint:
    """One constraint: a component, its main parameter and that parameter's value(s)."""

    component: str  # full IRI of the sh:...ConstraintComponent
    parameter: str  # local name of the main parameter, e.g. "minCount"
    values: tuple[Term, ...]  # one value, or the members of a list-valued parameter
    flags: str = ""  # sh:flags of sh:pattern
    ignored: tuple[str, ...] = ()  # sh:ignoredProperties of sh:closed
    qualified: Term | None = None  # sh:qualifiedValueShape of a qualified count
    disjoint: bool = False  # sh:qualifiedValueShapesDisjoint


@dataclass(frozen=True)
class SparqlConstraint:
    """A SPARQL-based constraint (sh:sparql) with its sh:select query."""

    node: str
    select: str
    prefixes: tuple[tuple[str, str], ...]  # from sh:prefixes/sh:declare
    messages: tuple[Message, ...]
    deactivated: bool


@dataclass(frozen=True)
class Shape:
    """A node shape (``path is None``) or a property shape."""

    id: str
    source: str  # the file that defines the shape
    path: ShaclPath | None
    targets: Targets
    severity: str  # "Violation", "Warning" or "Info"
    messages: tuple[Message, ...]
    deactivated: bool
    names: tuple[Message, ...]
    constraints: tuple[Constraint, ...]
    sparql: tuple[SparqlConstraint, ...]
    properties: tuple[str, ...]  # ids of the property shapes linked by sh:property


@dataclass(frozen=True)
class ShapesModel:
    """Every shape of a shapes graph, by id, with the files read."""

    shapes: tuple[Shape, ...]
    files: tuple[str, ...]
    index: dict[str, Shape] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {shape.id: shape for shape in self.shapes})

    def shape(self, shape_id: str) -> Shape:
        """The shape with id ``shape_id`` (an IRI or ``_:label``)."""
        return self.index[shape_id]


class _Graph:
    """The merged shapes graph, indexed by subject, remembering each subject's file."""

    def __init__(self) -> None:
        self.out: dict[Term, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        self.origin: dict[Term, str] = {}
        self.labels: dict[str, ox.BlankNode] = {}

    def read(self, path: Path) -> None:
        try:
            triples = list(ox.parse(path=path, format=ox.RdfFormat.TURTLE, rename_blank_nodes=True))
        except (SyntaxError, OSError) as error:
            raise OntologyError(f"cannot read shapes: {error}", path=path) from error
        for triple in triples:
            subject, obj = self._label(triple.subject), self._label(triple.object)
            self.out[subject][triple.predicate.value].append(obj)
            self.origin.setdefault(subject, str(path))

    def _label(self, term: object) -> Term:
        if isinstance(term, ox.BlankNode):  # deterministic labels, in order of appearance
            return self.labels.setdefault(term.value, ox.BlankNode(f"b{len(self.labels)}"))
        if isinstance(term, ox.NamedNode | ox.Literal):
            return term
        raise OntologyError(f"unexpected term in shapes graph: {term}")

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
        return self.out.get(subject, {}).get(predicate, [])

    def subjects(self, predicate: str, obj: Term) -> list[Term]:
        return [s for s, props in self.out.items() if obj in props.get(predicate, ())]

    def items(self, node: Term, where: str, path: str | None = None) -> list[Term]:
        """The members of the RDF list ``node`` (errors name ``path`` or the list's file)."""
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


def shape_files(sources: Path | Sequence[Path]) -> list[Path]:
    """The Turtle files named by ``sources``: files as given, folders by their ``*.ttl``.

    Raises:
        OntologyError: a path is missing or a folder holds no Turtle file.

    """
    files: list[Path] = []
    for source in [sources] if isinstance(sources, Path) else sources:
        if source.is_dir():
            found = sorted(source.glob("*.ttl"))
            if not found:
                raise OntologyError("folder holds no .ttl shapes file", path=source)
            files.extend(found)
        elif source.is_file():
            files.append(source)
        else:
            raise OntologyError("shapes file not found", path=source)
    return files


def load_shapes(sources: Path | Sequence[Path]) -> ShapesModel:
    """Read one or more Turtle files (a folder: all its ``*.ttl``) into a :class:`ShapesModel`.

    Raises:
        OntologyError: a file is missing or not Turtle, a shape is malformed, or a shape uses
            a SHACL feature the built-in engine does not evaluate.

    """
    files = shape_files(sources)
    graph = _Graph()
    for path in files:
        graph.read(path)
    _refuse_custom_components(graph)
    shapes = tuple(_Reader(graph, node).shape() for node in _shape_nodes(graph))
    return ShapesModel(shapes, tuple(str(path) for path in files))


def _refuse_custom_components(graph: _Graph) -> None:
    kinds = ("ConstraintComponent", "SPARQLTarget", "SPARQLRule", "JSConstraint", "TripleRule")
    for kind in kinds:
        for node in graph.subjects(RDF_TYPE, ox.NamedNode(SH + kind)):
            raise OntologyError(
                f"{term_id(node)}: sh:{kind} is not supported by the built-in "
                f"validator; {FULL_SHACL}",
                path=graph.origin.get(node),
            )


def _shape_nodes(graph: _Graph) -> list[Term]:
    """Every node that is a shape, in order of appearance."""
    found: dict[Term, None] = {}
    shape_types = {ox.NamedNode(SH + "NodeShape"), ox.NamedNode(SH + "PropertyShape")}
    markers = {SH + p for p in (*TARGETS, "path", *COMPONENTS, *QUALIFIED, *UNSUPPORTED, "sparql")}
    for subject, props in graph.out.items():
        if markers.intersection(props) or shape_types.intersection(props.get(RDF_TYPE, ())):
            found[subject] = None
        for parameter in SHAPE_VALUED:
            found.update(dict.fromkeys(props.get(SH + parameter, ())))
        for parameter in ("and", "or", "xone"):
            for node in props.get(SH + parameter, ()):
                members = graph.items(node, f"sh:{parameter}", graph.origin.get(subject))
                found.update(dict.fromkeys(members))
    return [node for node in found if not isinstance(node, ox.Literal)]


class _Reader:
    """Reads one shape node; every error names the file and the shape."""

    def __init__(self, graph: _Graph, node: Term) -> None:
        self.graph, self.node, self.id = graph, node, term_id(node)
        self.file = graph.origin.get(node, "")

    def fail(self, what: str) -> OntologyError:
        return OntologyError(f"shape {self.id}: {what}", path=self.file or None)

    def values(self, name: str) -> list[Term]:
        return self.graph.objects(self.node, SH + name)

    def single(self, name: str) -> Term | None:
        found = self.values(name)
        if len(found) > 1:
            raise self.fail(f"sh:{name} must have at most one value, found {len(found)}")
        return found[0] if found else None

    def iri(self, term: Term, name: str) -> str:
        if not isinstance(term, ox.NamedNode):
            raise self.fail(f"sh:{name} must be an IRI, got {term}")
        return term.value

    def flag(self, name: str) -> bool:
        value = self.single(name)
        if value is None:
            return False
        if not isinstance(value, ox.Literal) or value.value not in ("true", "false", "1", "0"):
            raise self.fail(f"sh:{name} must be a boolean, got {value}")
        return value.value in ("true", "1")

    def shape(self) -> Shape:
        self._check_terms()
        path_node = self.single("path")
        if path_node is None and ox.NamedNode(SH + "PropertyShape") in self.graph.objects(
            self.node, RDF_TYPE
        ):
            raise self.fail("a sh:PropertyShape needs a sh:path")
        return Shape(
            id=self.id,
            source=self.file,
            path=None if path_node is None else self.path(path_node, 0),
            targets=self.targets(),
            severity=self.severity(),
            messages=self.messages(self.node),
            deactivated=self.flag("deactivated"),
            names=self.messages(self.node, "name"),
            constraints=self.constraints(path_node is not None),
            sparql=tuple(self.sparql(node) for node in self.values("sparql")),
            properties=tuple(term_id(node) for node in self.values("property")),
        )

    def _check_terms(self) -> None:
        for predicate in self.graph.out.get(self.node, {}):
            if not predicate.startswith(SH):
                continue
            name = predicate[len(SH) :]
            if name in UNSUPPORTED:
                raise self.fail(
                    f"sh:{name} ({UNSUPPORTED[name]}) is not supported by the "
                    f"built-in validator; {FULL_SHACL}"
                )
            if name not in COMPONENTS and name not in QUALIFIED and name not in NON_VALIDATING:
                raise self.fail(f"unknown SHACL term sh:{name}; check the spelling")

    def path(self, node: Term, depth: int) -> ShaclPath:
        if depth > 20:
            raise self.fail("sh:path nests too deeply (a cyclic path?)")
        if isinstance(node, ox.NamedNode):
            return ShaclPath("predicate", node.value)
        if isinstance(node, ox.Literal):
            raise self.fail(f"sh:path must be an IRI or a blank node, got {node}")
        if self.graph.objects(node, RDF_FIRST):
            steps = self.graph.items(node, f"shape {self.id}: sequence path", self.file)
            if len(steps) < 2:
                raise self.fail("a sequence path needs at least two members")
            return ShaclPath("sequence", steps=tuple(self.path(s, depth + 1) for s in steps))
        props = self.graph.out.get(node, {})
        kinds = [k for k in PATH_KINDS if SH + k in props]
        if len(kinds) != 1 or len(props) != 1 or len(props[SH + kinds[0]]) != 1:
            raise self.fail(
                f"malformed sh:path {node}: expected one of sh:{', sh:'.join(PATH_KINDS)}"
            )
        target = props[SH + kinds[0]][0]
        if kinds[0] == "alternativePath":
            members = self.graph.items(target, f"shape {self.id}: sh:alternativePath", self.file)
            return ShaclPath("alternative", steps=tuple(self.path(m, depth + 1) for m in members))
        return ShaclPath(kinds[0][: -len("Path")], steps=(self.path(target, depth + 1),))

    def targets(self) -> Targets:
        classes = [self.iri(c, "targetClass") for c in self.values("targetClass")]
        if isinstance(self.node, ox.NamedNode) and self._is_class():
            classes.append(self.node.value)
        return Targets(
            classes=tuple(dict.fromkeys(classes)),
            nodes=tuple(self.values("targetNode")),
            subjects_of=tuple(
                self.iri(p, "targetSubjectsOf") for p in self.values("targetSubjectsOf")
            ),
            objects_of=tuple(
                self.iri(p, "targetObjectsOf") for p in self.values("targetObjectsOf")
            ),
        )

    def _is_class(self) -> bool:
        """Whether the shape is also a class (implicit class target)."""
        return any(t in self.graph.classes for t in self.graph.objects(self.node, RDF_TYPE))

    def severity(self) -> str:
        value = self.single("severity")
        if value is None:
            return "Violation"
        name = self.iri(value, "severity").removeprefix(SH)
        if name not in SEVERITIES:
            raise self.fail(f"sh:severity must be sh:Violation, sh:Warning or sh:Info, got {value}")
        return name

    def messages(self, node: Term, name: str = "message") -> tuple[Message, ...]:
        found: list[Message] = []
        for value in self.graph.objects(node, SH + name):
            if not isinstance(value, ox.Literal):
                raise self.fail(f"sh:{name} must be a literal, got {value}")
            found.append((value.language or "", value.value))
        return tuple(found)

    def constraints(self, is_property: bool) -> tuple[Constraint, ...]:
        found: list[Constraint] = []
        for name in COMPONENTS:
            values = self.values(name)
            if not values:
                continue
            if name in PROPERTY_ONLY and not is_property:
                raise self.fail(f"sh:{name} is only allowed on property shapes (add sh:path)")
            if name == "closed" and is_property:
                raise self.fail(f"sh:closed on a property shape is not supported; {FULL_SHACL}")
            if len(values) > 1 and name not in REPEATABLE:
                raise self.fail(f"sh:{name} must have at most one value, found {len(values)}")
            component = component_iri(name)
            for value in values:
                members = self._members(name, value)
                if name == "closed" and not self.flag("closed"):
                    continue
                found.append(Constraint(component, name, members, *self._extras(name)))
        return (*found, *self.qualified())

    def qualified(self) -> tuple[Constraint, ...]:
        """The qualified cardinality constraints (sh:qualifiedValueShape with a count)."""
        shape = self.single("qualifiedValueShape")
        counts = [(name, self.single(name)) for name in QUALIFIED]
        present = [(name, value) for name, value in counts if value is not None]
        if shape is None or not present:
            if shape is not None or present:
                raise self.fail(
                    "sh:qualifiedValueShape needs sh:qualifiedMinCount or "
                    "sh:qualifiedMaxCount, and they need a sh:qualifiedValueShape"
                )
            return ()
        disjoint = self.flag("qualifiedValueShapesDisjoint")
        for name, value in present:
            assert value is not None
            self._check_value(name, value)
        return tuple(
            Constraint(
                component_iri(name),
                name,
                (value,),
                qualified=shape,
                disjoint=disjoint,
            )
            for name, value in present
        )

    def _members(self, name: str, value: Term) -> tuple[Term, ...]:
        if name in LIST_PARAMETERS:
            if isinstance(value, ox.Literal):
                raise self.fail(f"sh:{name} must be an RDF list, got {value}")
            members = tuple(self.graph.items(value, f"shape {self.id}: sh:{name}", self.file))
            if name == "languageIn" and any(not isinstance(m, ox.Literal) for m in members):
                raise self.fail("sh:languageIn must list language tags as literals")
            return members
        self._check_value(name, value)
        return (value,)

    def _check_value(self, name: str, value: Term) -> None:
        counts = ("minCount", "maxCount", "minLength", "maxLength", *QUALIFIED)
        if name in counts and not (isinstance(value, ox.Literal) and value.value.isdigit()):
            raise self.fail(f"sh:{name} must be a non-negative integer, got {value}")
        iris = ("class", "datatype", "equals", "disjoint", "lessThan", "lessThanOrEquals")
        if name in iris:
            self.iri(value, name)
        if name == "nodeKind" and self.iri(value, name).removeprefix(SH) not in NODE_KINDS:
            raise self.fail(f"sh:nodeKind must be one of sh:{', sh:'.join(sorted(NODE_KINDS))}")
        if name in ("pattern", "uniqueLang") and not isinstance(value, ox.Literal):
            raise self.fail(f"sh:{name} must be a literal, got {value}")
        if name == "hasValue" and isinstance(value, ox.BlankNode):
            raise self.fail(f"sh:{name} with a blank node never matches data; use an IRI")
        if name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive") and not (
            isinstance(value, ox.Literal)
        ):
            raise self.fail(f"sh:{name} must be a literal, got {value}")

    def _extras(self, name: str) -> tuple[str, tuple[str, ...]]:
        if name == "pattern":
            flags = self.single("flags")
            return ("" if flags is None else flags.value, ())
        if name == "closed":
            ignored: list[str] = []
            for node in self.values("ignoredProperties"):
                items = self.graph.items(node, f"shape {self.id}: sh:ignoredProperties", self.file)
                ignored.extend(self.iri(item, "ignoredProperties") for item in items)
            return ("", tuple(ignored))
        return ("", ())

    def sparql(self, node: Term) -> SparqlConstraint:
        selects = self.graph.objects(node, SH + "select")
        if self.graph.objects(node, SH + "ask"):
            raise self.fail(
                f"sh:ask in sh:sparql is not supported by the built-in validator; {FULL_SHACL}"
            )
        if len(selects) != 1 or not isinstance(selects[0], ox.Literal):
            raise self.fail(f"SPARQL constraint {term_id(node)} needs exactly one sh:select string")
        deactivated = self.graph.objects(node, SH + "deactivated")
        return SparqlConstraint(
            node=term_id(node),
            select=selects[0].value,
            prefixes=self._prefixes(node),
            messages=self.messages(node),
            deactivated=any(v.value in ("true", "1") for v in deactivated),
        )

    def _prefixes(self, node: Term) -> tuple[tuple[str, str], ...]:
        declared: dict[str, str] = {}
        for owner in self.graph.objects(node, SH + "prefixes"):
            for declaration in self.graph.objects(owner, SH + "declare"):
                prefix = self.graph.objects(declaration, SH + "prefix")
                namespace = self.graph.objects(declaration, SH + "namespace")
                if len(prefix) != 1 or len(namespace) != 1:
                    raise self.fail(
                        f"sh:declare of {term_id(owner)} needs one sh:prefix and one sh:namespace"
                    )
                key, value = prefix[0].value, namespace[0].value
                if declared.setdefault(key, value) != value:
                    raise self.fail(f"prefix {key!r} is declared twice with different namespaces")
        return tuple(sorted(declared.items()))
