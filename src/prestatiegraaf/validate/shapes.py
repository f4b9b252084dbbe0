"""Stage 4, validate: a SHACL shapes graph read into a typed, frozen model.

:func:`load_shapes` reads the shapes files into one :class:`~.shapes_graph.ShapesGraph`, finds
its shape nodes and reads each into a :class:`~.shape_model.Shape`, with the SPARQL-based
constraints and constraint components of :mod:`.components`. Anything the engine cannot
evaluate (SHACL-AF, JavaScript, unknown SHACL terms) is refused when the shapes are loaded,
naming the file, the shape and the way out: ``--engine pyshacl``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.validate.components import (
    Components,
    read_messages,
    read_sparql_constraint,
)
from prestatiegraaf.validate.shape_checks import (
    refuse_remote_access,
    refuse_unsupported_kinds,
    valid_regex,
)
from prestatiegraaf.validate.shape_model import (
    FULL_SHACL,
    RDF_TYPE,
    SH,
    Constraint,
    Message,
    Shape,
    ShapesModel,
    Targets,
    Term,
    component_iri,
    term_id,
)
from prestatiegraaf.validate.shapes_graph import ShapesGraph, read_path
from prestatiegraaf.validate.sparql_constraints import uses_variable
from prestatiegraaf.validate.value_conditions import STORED_AS_OTHER

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
    "sparql prefixes select flags ignoredProperties targetClass targetNode targetSubjectsOf "
    "targetObjectsOf codeIdentifier labelTemplate declare resultAnnotation qualifiedValueShape "
    "qualifiedValueShapesDisjoint".split()
)
TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")
SHAPE_VALUED = ("node", "property", "not", "qualifiedValueShape")
NODE_KINDS = {"IRI", "BlankNode", "Literal", "BlankNodeOrIRI", "BlankNodeOrLiteral", "IRIOrLiteral"}
SEVERITIES = {"Violation", "Warning", "Info"}


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


def load_shapes(sources: Path | Sequence[Path], *, allow_service: bool = False) -> ShapesModel:
    """Read one or more Turtle files (a folder: all its ``*.ttl``) into a :class:`ShapesModel`.

    Args:
        sources: shapes files or folders.
        allow_service: let SPARQL constraints query remote endpoints (``SERVICE``).

    Raises:
        OntologyError: a file is missing or not Turtle, a shape is malformed (an invalid
            sh:pattern among others), a shape uses a SHACL feature the built-in engine does
            not evaluate, or a SPARQL constraint would query a remote endpoint.

    """
    files = shape_files(sources)
    graph = ShapesGraph()
    for path in files:
        graph.read(path)
    refuse_unsupported_kinds(graph)
    components = Components(graph)
    shapes = tuple(
        _Reader(graph, node, components).read_shape()
        for node in _find_shape_nodes(graph, components)
    )
    queries = [constraint.query for shape in shapes for constraint in shape.sparql]
    if not allow_service:
        for shape in shapes:
            for constraint in shape.sparql:
                refuse_remote_access(shape, constraint.query)
    used = any(uses_variable(query, "shapesGraph") for query in queries)
    return ShapesModel(shapes, tuple(str(path) for path in files), graph.triples() if used else ())


def _find_shape_nodes(graph: ShapesGraph, components: Components) -> list[Term]:
    """Every node that is a shape, in order of appearance (parameter declarations are not)."""
    found: dict[Term, None] = {}
    shape_types = {ox.NamedNode(SH + "NodeShape"), ox.NamedNode(SH + "PropertyShape")}
    markers = {SH + p for p in (*TARGETS, "path", *COMPONENTS, *QUALIFIED, *UNSUPPORTED, "sparql")}
    markers |= components.paths
    for subject, props in graph.out.items():
        typed = shape_types.intersection(props.get(RDF_TYPE, ()))
        if subject not in components.declarations and (markers.intersection(props) or typed):
            found[subject] = None
        for parameter in SHAPE_VALUED:
            found.update(dict.fromkeys(props.get(SH + parameter, ())))
        for parameter in ("and", "or", "xone"):
            for node in props.get(SH + parameter, ()):
                members = graph.read_list(node, f"sh:{parameter}", graph.origin.get(subject))
                found.update(dict.fromkeys(members))
    return [node for node in found if not isinstance(node, ox.Literal)]


class _Reader:
    """Reads one shape node; every error names the file and the shape."""

    def __init__(self, graph: ShapesGraph, node: Term, components: Components) -> None:
        self.graph, self.node, self.id = graph, node, term_id(node)
        self.file = graph.origin.get(node, "")
        self.components = components

    def fail(self, what: str) -> OntologyError:
        """An error about this shape, naming it and its file."""
        return OntologyError(f"shape {self.id}: {what}", path=self.file or None)

    def read_values(self, name: str) -> list[Term]:
        """The values of ``sh:<name>`` on the shape."""
        return self.graph.objects(self.node, SH + name)

    def read_single(self, name: str) -> Term | None:
        """The value of ``sh:<name>``, which may be given once at most."""
        found = self.read_values(name)
        if len(found) > 1:
            raise self.fail(f"sh:{name} must have at most one value, found {len(found)}")
        return found[0] if found else None

    def read_iri(self, term: Term, name: str) -> str:
        """The IRI of ``term``, a value of ``sh:<name>`` that must be an IRI."""
        if not isinstance(term, ox.NamedNode):
            raise self.fail(f"sh:{name} must be an IRI, got {term}")
        return term.value

    def read_flag(self, name: str) -> bool:
        """The boolean value of ``sh:<name>``, false when absent."""
        value = self.read_single(name)
        if value is None:
            return False
        if not isinstance(value, ox.Literal) or value.value not in ("true", "false", "1", "0"):
            raise self.fail(f"sh:{name} must be a boolean, got {value}")
        return value.value in ("true", "1")

    def read_shape(self) -> Shape:
        """The shape, with its path, targets, severity, messages and constraints."""
        self._check_terms()
        path_node = self.read_single("path")
        if path_node is None and ox.NamedNode(SH + "PropertyShape") in self.graph.objects(
            self.node, RDF_TYPE
        ):
            raise self.fail("a sh:PropertyShape needs a sh:path")
        path = None if path_node is None else read_path(self.graph, path_node, self.id, self.file)
        return Shape(
            id=self.id,
            source=self.file,
            path=path,
            targets=self.read_targets(),
            severity=self.read_severity(),
            messages=self.read_messages(self.node),
            deactivated=self.read_flag("deactivated"),
            names=self.read_messages(self.node, "name"),
            constraints=self.read_constraints(path_node is not None),
            sparql=(
                *(
                    read_sparql_constraint(self.graph, n, self.fail)
                    for n in self.read_values("sparql")
                ),
                *self.components.apply(self.node, path_node is not None, self.fail),
            ),
            properties=tuple(term_id(node) for node in self.read_values("property")),
        )

    def _check_terms(self) -> None:
        """Refuse SHACL terms the engine does not evaluate or does not know."""
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

    def read_targets(self) -> Targets:
        """The targets of the shape, with the implicit class target of a shape that is a class."""
        classes = [self.read_iri(c, "targetClass") for c in self.read_values("targetClass")]
        if isinstance(self.node, ox.NamedNode) and self._is_class():
            classes.append(self.node.value)
        return Targets(
            classes=tuple(dict.fromkeys(classes)),
            nodes=tuple(self.read_values("targetNode")),
            subjects_of=tuple(
                self.read_iri(p, "targetSubjectsOf") for p in self.read_values("targetSubjectsOf")
            ),
            objects_of=tuple(
                self.read_iri(p, "targetObjectsOf") for p in self.read_values("targetObjectsOf")
            ),
        )

    def _is_class(self) -> bool:
        """Whether the shape is also a class (implicit class target)."""
        return any(t in self.graph.classes for t in self.graph.objects(self.node, RDF_TYPE))

    def read_severity(self) -> str:
        """The shape's sh:severity: Violation (the default), Warning, Info or a custom IRI.

        An IRI of SHACL's own namespace other than the three is refused as a misspelling.
        """
        value = self.read_single("severity")
        if value is None:
            return "Violation"
        iri = self.read_iri(value, "severity")
        name = iri.removeprefix(SH)
        if iri.startswith(SH) and name not in SEVERITIES:
            raise self.fail(
                f"sh:severity must be sh:Violation, sh:Warning, sh:Info or an IRI of "
                f"another namespace, got {value}"
            )
        return name if iri.startswith(SH) else iri

    def read_messages(self, node: Term, name: str = "message") -> tuple[Message, ...]:
        """The literals of ``sh:<name>`` on ``node`` as (language, text)."""
        return read_messages(self.graph, node, self.fail, name)

    def read_constraints(self, is_property: bool) -> tuple[Constraint, ...]:
        """The constraints of the shape, in the order of :data:`COMPONENTS`, then qualified ones."""
        found: list[Constraint] = []
        for name in COMPONENTS:
            values = self.read_values(name)
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
                members = self._read_members(name, value)
                if name == "closed" and not self.read_flag("closed"):
                    continue
                found.append(Constraint(component, name, members, *self._read_extras(name)))
        return (*found, *self.read_qualified())

    def read_qualified(self) -> tuple[Constraint, ...]:
        """The qualified cardinality constraints (sh:qualifiedValueShape with a count).

        As for any component, one whose mandatory parameters are not all given does not
        apply: a count without sh:qualifiedValueShape, or that shape without a count.
        """
        shape = self.read_single("qualifiedValueShape")
        counts = [(name, self.read_single(name)) for name in QUALIFIED]
        present = [(name, value) for name, value in counts if value is not None]
        if shape is None or not present:
            return ()
        disjoint = self.read_flag("qualifiedValueShapesDisjoint")
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

    def _read_members(self, name: str, value: Term) -> tuple[Term, ...]:
        """The members of a list-valued parameter, or the checked single value of another."""
        if name in LIST_PARAMETERS:
            if isinstance(value, ox.Literal):
                raise self.fail(f"sh:{name} must be an RDF list, got {value}")
            members = tuple(self.graph.read_list(value, f"shape {self.id}: sh:{name}", self.file))
            if name == "languageIn" and any(not isinstance(m, ox.Literal) for m in members):
                raise self.fail("sh:languageIn must list language tags as literals")
            return members
        self._check_value(name, value)
        return (value,)

    def _check_value(self, name: str, value: Term) -> None:
        """Refuse a value of the wrong kind for the parameter ``name``."""
        counts = ("minCount", "maxCount", "minLength", "maxLength", *QUALIFIED)
        if name in counts and not (isinstance(value, ox.Literal) and value.value.isdigit()):
            raise self.fail(f"sh:{name} must be a non-negative integer, got {value}")
        iris = ("class", "datatype", "equals", "disjoint", "lessThan", "lessThanOrEquals")
        if name in iris:
            self.read_iri(value, name)
        if name == "datatype" and value.value in STORED_AS_OTHER:
            stored = STORED_AS_OTHER[value.value]
            raise self.fail(
                f"sh:datatype {value} is not supported by the built-in validator: the data store "
                f"holds every well-formed {value} literal as {stored}, so the literal's own "
                f"datatype cannot be checked; {FULL_SHACL}"
            )
        if name == "nodeKind" and self.read_iri(value, name).removeprefix(SH) not in NODE_KINDS:
            raise self.fail(f"sh:nodeKind must be one of sh:{', sh:'.join(sorted(NODE_KINDS))}")
        if name in ("pattern", "uniqueLang") and not isinstance(value, ox.Literal):
            raise self.fail(f"sh:{name} must be a literal, got {value}")
        if name == "hasValue" and isinstance(value, ox.BlankNode):
            raise self.fail(f"sh:{name} with a blank node never matches data; use an IRI")
        if name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive") and not (
            isinstance(value, ox.Literal)
        ):
            raise self.fail(f"sh:{name} must be a literal, got {value}")

    def _read_extras(self, name: str) -> tuple[str, tuple[str, ...]]:
        """The sh:flags of sh:pattern and the sh:ignoredProperties of sh:closed."""
        if name == "pattern":
            flags = self.read_single("flags")
            flag_text = "" if flags is None else flags.value
            for pattern in self.read_values("pattern"):
                if not valid_regex(pattern.value, flag_text):
                    raise self.fail(
                        f"sh:pattern {pattern.value!r} is not a valid regular expression"
                        + (f" (sh:flags {flag_text!r})" if flag_text else "")
                    )
            return (flag_text, ())
        if name == "closed":
            ignored: list[str] = []
            for node in self.read_values("ignoredProperties"):
                items = self.graph.read_list(
                    node, f"shape {self.id}: sh:ignoredProperties", self.file
                )
                ignored.extend(self.read_iri(item, "ignoredProperties") for item in items)
            return ("", tuple(ignored))
        return ("", ())
