"""Stage 4, validate: the typed, frozen model of a SHACL shapes graph.

Node and property shapes with their targets, paths, severities, messages and constraints, as
:mod:`.shapes` reads them and :mod:`.compiler` turns them into SPARQL; with the vocabulary
both use.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE, RDF_FIRST, RDF_REST, RDF_NIL = (RDF + n for n in ("type", "first", "rest", "nil"))
SPARQL_COMPONENT = SH + "SPARQLConstraintComponent"
SHAPES_GRAPH = "urn:x-prestatiegraaf:shapes-graph"
"""The named graph that holds the shapes graph for queries that use ``$shapesGraph``."""
FULL_SHACL = "run with `--engine pyshacl` for full SHACL"

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Message = tuple[str, str]
"""A message as (language tag or "", text)."""

REPEAT = {"zeroOrMore": "*", "oneOrMore": "+", "zeroOrOne": "?"}


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
    """A SPARQL-based constraint (sh:sparql), or a SPARQL validator of a custom component.

    A validator carries the component it validates, whether its query is an ASK query (true
    for the value nodes that conform) and the shape's values of the component's parameters,
    pre-bound as ``$name``.
    """

    node: str  # the sh:sparql constraint or the validator
    query: str  # the sh:select (or, with ``ask``, sh:ask) query
    prefixes: tuple[tuple[str, str], ...]  # from sh:prefixes/sh:declare
    messages: tuple[Message, ...]
    deactivated: bool
    component: str = SPARQL_COMPONENT
    ask: bool = False
    bindings: tuple[tuple[str, Term], ...] = ()  # parameter name -> value


@dataclass(frozen=True)
class Shape:
    """A node shape (``path is None``) or a property shape."""

    id: str
    source: str  # the file that defines the shape
    path: ShaclPath | None
    targets: Targets
    severity: str  # "Violation", "Warning", "Info", or the full IRI of a custom severity
    messages: tuple[Message, ...]
    deactivated: bool
    names: tuple[Message, ...]
    constraints: tuple[Constraint, ...]
    sparql: tuple[SparqlConstraint, ...]  # sh:sparql, then custom components
    properties: tuple[str, ...]  # ids of the property shapes linked by sh:property


@dataclass(frozen=True)
class ShapesModel:
    """Every shape of a shapes graph, by id, with the files read.

    ``graph`` holds the shapes graph itself, only when a SPARQL query uses ``$shapesGraph``.
    """

    shapes: tuple[Shape, ...]
    files: tuple[str, ...]
    graph: tuple[ox.Triple, ...] = ()
    index: dict[str, Shape] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {shape.id: shape for shape in self.shapes})

    def shape(self, shape_id: str) -> Shape:
        """The shape with id ``shape_id`` (an IRI or ``_:label``)."""
        return self.index[shape_id]
