"""Stage 4, validate: SPARQL-based constraints and constraint components, read from the graph.

A SPARQL-based constraint (``sh:sparql``) becomes a :class:`~.shape_model.SparqlConstraint`.
A SPARQL-based constraint component (a ``sh:ConstraintComponent``, or an instance of a
subclass, with ``sh:parameter`` and SPARQL validators) is read once by :class:`Components`. A
shape that has values for all the component's mandatory parameters gets a constraint (one per
value of a component's only parameter, which may have several), validated by the validator
that fits the shape
(``sh:propertyValidator`` for a property shape, ``sh:nodeValidator`` for a node shape, else
``sh:validator``), with those values pre-bound as ``$name``, the local name of the parameter's
path. A validator is a SELECT query (``sh:select``) that returns the violations, or an ASK
query (``sh:ask``) that is true for each value node that conforms.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.validate.shape_model import (
    FULL_SHACL,
    OWL,
    RDF_TYPE,
    RDFS,
    SH,
    Message,
    SparqlConstraint,
    Term,
    term_id,
)
from prestatiegraaf.validate.shapes_graph import ShapesGraph

Fail = Callable[[str], OntologyError]
"""Makes the error about the shape or component being read, naming it and its file."""

DECLARING = ("parameter", "validator", "nodeValidator", "propertyValidator")
VALIDATOR_ROLES = ("validator", "nodeValidator", "propertyValidator")
RESERVED = frozenset("this value PATH currentShape shapesGraph".split())
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Parameter:
    """A parameter of a component: its path and the variable it is pre-bound as."""

    path: str
    name: str
    optional: bool


@dataclass(frozen=True)
class Validator:
    """A SPARQL validator of a component (SELECT, or ASK with ``ask``)."""

    node: str
    query: str
    ask: bool
    prefixes: tuple[tuple[str, str], ...]
    messages: tuple[Message, ...]


@dataclass(frozen=True)
class Component:
    """A SPARQL-based constraint component: its parameters and its validators by role."""

    iri: str
    parameters: tuple[Parameter, ...]
    validators: tuple[tuple[str, Validator], ...]  # (role, validator)

    def validator_for(self, is_property: bool) -> Validator | None:
        """The validator for a property or node shape, falling back on ``sh:validator``."""
        roles = dict(self.validators)
        specific = roles.get("propertyValidator" if is_property else "nodeValidator")
        return specific or roles.get("validator")


def read_messages(
    graph: ShapesGraph, node: Term, fail: Fail, name: str = "message"
) -> tuple[Message, ...]:
    """The literals of ``sh:<name>`` on ``node`` as (language, text)."""
    found: list[Message] = []
    for value in graph.objects(node, SH + name):
        if not isinstance(value, ox.Literal):
            raise fail(f"sh:{name} must be a literal, got {value}")
        found.append((value.language or "", value.value))
    return tuple(found)


def read_prefixes(graph: ShapesGraph, node: Term, fail: Fail) -> tuple[tuple[str, str], ...]:
    """The prefixes that sh:prefixes declares for the SPARQL constraint or validator ``node``."""
    declared: dict[str, str] = {}
    owners = list(graph.objects(node, SH + "prefixes"))
    for owner in owners:  # with the ontologies they import (owl:imports), once each
        owners.extend(o for o in graph.objects(owner, OWL + "imports") if o not in owners)
        for declaration in graph.objects(owner, SH + "declare"):
            prefix = graph.objects(declaration, SH + "prefix")
            namespace = graph.objects(declaration, SH + "namespace")
            if len(prefix) != 1 or len(namespace) != 1:
                raise fail(
                    f"sh:declare of {term_id(owner)} needs one sh:prefix and one sh:namespace"
                )
            key, value = prefix[0].value, namespace[0].value
            if declared.setdefault(key, value) != value:
                raise fail(f"prefix {key!r} is declared twice with different namespaces")
    return tuple(sorted(declared.items()))


def read_sparql_constraint(graph: ShapesGraph, node: Term, fail: Fail) -> SparqlConstraint:
    """The SPARQL-based constraint ``node`` (a value of sh:sparql, with one sh:select)."""
    selects = graph.objects(node, SH + "select")
    if graph.objects(node, SH + "ask"):
        raise fail(f"sh:ask in sh:sparql is not supported by the built-in validator; {FULL_SHACL}")
    if len(selects) != 1 or not isinstance(selects[0], ox.Literal):
        raise fail(f"SPARQL constraint {term_id(node)} needs exactly one sh:select string")
    deactivated = graph.objects(node, SH + "deactivated")
    return SparqlConstraint(
        node=term_id(node),
        query=selects[0].value,
        prefixes=read_prefixes(graph, node, fail),
        messages=read_messages(graph, node, fail),
        deactivated=any(v.value in ("true", "1") for v in deactivated),
    )


def subclasses(graph: ShapesGraph, root: str) -> frozenset[Term]:
    """``root`` and its subclasses (rdfs:subClassOf, transitively) in the shapes graph."""
    found: set[Term] = {ox.NamedNode(root)}
    frontier = set(found)
    while frontier:
        frontier = {
            s
            for s, props in graph.out.items()
            if frontier.intersection(props.get(RDFS + "subClassOf", ()))
        } - found
        found |= frontier
    return frozenset(found)


class Components:
    """The SPARQL-based constraint components of a shapes graph, applied to its shapes."""

    def __init__(self, graph: ShapesGraph) -> None:
        self.graph = graph
        kinds = subclasses(graph, SH + "ConstraintComponent")
        nodes: dict[Term, None] = {}
        for subject, props in graph.out.items():
            typed = kinds.intersection(props.get(RDF_TYPE, ()))
            if typed or any(SH + name in props for name in DECLARING):
                nodes[subject] = None
        self.all = tuple(self._read(node) for node in nodes)
        self.declarations = frozenset(
            parameter for node in nodes for parameter in graph.objects(node, SH + "parameter")
        )
        self.paths = frozenset(p.path for c in self.all for p in c.parameters)

    def _read(self, node: Term) -> Component:
        """The component ``node`` with its parameters and validators."""
        iri = term_id(node)

        def fail(what: str) -> OntologyError:
            return OntologyError(
                f"constraint component {iri}: {what}", path=self.graph.origin.get(node)
            )

        if not isinstance(node, ox.NamedNode):
            raise fail("a constraint component must be an IRI (it names the results it gives)")
        parameters = tuple(
            self._read_parameter(p, fail) for p in self.graph.objects(node, SH + "parameter")
        )
        if not parameters:
            raise fail("it declares no sh:parameter")
        names = [p.name for p in parameters]
        if len(set(names)) != len(names):
            raise fail(f"two parameters have the same local name ({', '.join(sorted(names))})")
        validators: list[tuple[str, Validator]] = []
        for role in VALIDATOR_ROLES:
            found = self.graph.objects(node, SH + role)
            if len(found) > 1:
                raise fail(f"sh:{role} must have at most one value, found {len(found)}")
            validators.extend((role, self._read_validator(v, fail)) for v in found)
        if not validators:
            raise fail(
                "it has no SPARQL validator (sh:validator, sh:nodeValidator or "
                f"sh:propertyValidator); {FULL_SHACL}"
            )
        return Component(iri, parameters, tuple(validators))

    def _read_parameter(self, node: Term, fail: Fail) -> Parameter:
        """A parameter declaration: one sh:path IRI, whose local name is a variable name."""
        paths = self.graph.objects(node, SH + "path")
        if len(paths) != 1 or not isinstance(paths[0], ox.NamedNode):
            raise fail(f"parameter {term_id(node)} needs exactly one sh:path, an IRI")
        path = paths[0].value
        name = re.split(r"[#/:]", path)[-1]
        if not _NAME.match(name) or name in RESERVED:
            raise fail(
                f"the local name {name!r} of parameter {path} is not a free SPARQL variable name"
            )
        optional = [
            v for v in self.graph.objects(node, SH + "optional") if isinstance(v, ox.Literal)
        ]
        return Parameter(path, name, any(v.value in ("true", "1") for v in optional))

    def _read_validator(self, node: Term, fail: Fail) -> Validator:
        """A SPARQL validator: one sh:select or one sh:ask string."""
        types = set(self.graph.objects(node, RDF_TYPE))
        if types & subclasses(self.graph, SH + "JSValidator"):
            raise fail(f"sh:JSValidator is not supported by the built-in validator; {FULL_SHACL}")
        selects, asks = (
            self.graph.objects(node, SH + "select"),
            self.graph.objects(node, SH + "ask"),
        )
        queries = [*selects, *asks]
        if len(queries) != 1 or not isinstance(queries[0], ox.Literal):
            raise fail(
                f"validator {term_id(node)} needs exactly one sh:select or sh:ask string "
                f"(only SPARQL validators are supported; {FULL_SHACL})"
            )
        return Validator(
            term_id(node),
            queries[0].value,
            bool(asks),
            read_prefixes(self.graph, node, fail),
            read_messages(self.graph, node, fail),
        )

    def apply(self, node: Term, is_property: bool, fail: Fail) -> tuple[SparqlConstraint, ...]:
        """The constraints of the components the shape ``node`` has all mandatory values of."""
        found: list[SparqlConstraint] = []
        for component in self.all:
            values = {p.name: self.graph.objects(node, p.path) for p in component.parameters}
            mandatory = [p.name for p in component.parameters if not p.optional]
            present = [name for name, given in values.items() if given]
            if not present or not all(values[name] for name in mandatory):
                continue
            validator = component.validator_for(is_property)
            if validator is None:
                role = "propertyValidator" if is_property else "nodeValidator"
                kind = "property" if is_property else "node"
                raise fail(
                    f"constraint component {component.iri} has no validator for {kind} "
                    f"shapes (sh:{role} or sh:validator)"
                )
            several = [name for name in present if len(values[name]) > 1]
            if several and len(component.parameters) > 1:
                raise fail(
                    f"${several[0]} has {len(values[several[0]])} values, but {component.iri} "
                    "declares more than one parameter, so each may have one value at most"
                )
            for combination in itertools.product(*(values[name] for name in present)):
                for name, value in zip(present, combination, strict=True):
                    if isinstance(value, ox.BlankNode):
                        raise fail(
                            f"the value of ${name} ({component.iri}) is a blank node, "
                            "which a SPARQL query cannot name"
                        )
                found.append(
                    SparqlConstraint(
                        node=validator.node,
                        query=validator.query,
                        prefixes=validator.prefixes,
                        messages=validator.messages,
                        deactivated=False,
                        component=component.iri,
                        ask=validator.ask,
                        bindings=tuple(zip(present, combination, strict=True)),
                    )
                )
        return tuple(found)
