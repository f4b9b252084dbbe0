"""Stage 4, validate: SHACL shapes compiled to SPARQL, one SELECT query per constraint.

Every constraint becomes one SELECT query that finds the violations of all focus nodes at
once: the focus nodes come from a sub-query over the shape's targets (or the value nodes of
its parent shapes), never from a loop in Python. A shape used through sh:node, sh:not,
sh:and, sh:or, sh:xone or sh:qualifiedValueShape is compiled into the same query as the set
of nodes that do not conform to it. NOT EXISTS is written as an anti-join (MINUS where the
variables it shares are bound in every row, an OPTIONAL with a marker elsewhere) and
``sh:maxCount 1`` as a join of two different values instead of a count per focus node:
pyoxigraph evaluates those forms far faster. Value-wise components are tested by the
expressions of :mod:`.value_conditions`, SPARQL-based constraints rewritten by
:mod:`.sparql_constraints`; :mod:`.engine` runs the queries.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import pyoxigraph as ox

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.validate.shape_model import (
    FULL_SHACL,
    RDF_TYPE,
    RDFS,
    SHAPES_GRAPH,
    SPARQL_COMPONENT,
    XSD,
    Constraint,
    Shape,
    ShapesModel,
    SparqlConstraint,
    term_id,
)
from prestatiegraaf.validate.sparql_constraints import compile_sparql_constraint
from prestatiegraaf.validate.value_conditions import (
    COMPARISONS,
    default_message,
    given_forms,
    to_plain,
    to_sparql_terms,
    write_condition,
)

Focus = Callable[[str], str]
"""Given a variable, a group pattern that binds it to each focus node once."""

INSTANCE = f"<{RDF_TYPE}>/<{RDFS}subClassOf>*"
TRUE = ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))
__all__ = ["SPARQL_COMPONENT", "CompiledQuery", "compile_queries"]


@dataclass(frozen=True)
class CompiledQuery:
    """The SELECT query of one constraint of one shape."""

    shape: Shape
    component: str
    text: str
    parameters: tuple[tuple[str, str], ...]  # for {$param} in messages
    messages: tuple[tuple[str, str], ...]
    sparql: bool = False  # SPARQL-based: on a node shape, the value is the focus node
    shapes_graph: tuple[ox.Triple, ...] = ()  # the shapes graph, for a query that reads it
    given: tuple[tuple[str, str], ...] = ()  # literal target nodes as (stored, given) forms


def compile_queries(shapes: ShapesModel) -> list[CompiledQuery]:
    """The queries that validate a data graph against ``shapes``, one per constraint.

    Raises:
        OntologyError: a shape depends on itself, or a SPARQL constraint cannot be rewritten.

    """
    return list(_Compiler(shapes).write_queries())


class _Compiler:
    """Turns shapes into SPARQL; every pattern it makes binds the variables it is given."""

    def __init__(self, model: ShapesModel) -> None:
        self.model = model
        self.counter = itertools.count()
        self.parents: dict[str, list[Shape]] = {}
        for shape in model.shapes:
            for child in shape.properties:
                self.parents.setdefault(child, []).append(shape)
        self.active: list[str] = []
        targets = (node for shape in model.shapes for node in shape.targets.nodes)
        self.given = tuple(given_forms(targets).items())

    def new_var(self) -> str:
        """A fresh variable, ``?_0``, ``?_1``, ... in order of use."""
        return f"?_{next(self.counter)}"

    def _enter(self, shape: Shape) -> None:
        """Mark ``shape`` as being compiled; refuse it if it already is (a cycle)."""
        if shape.id in self.active:
            cycle = " -> ".join([*self.active, shape.id])
            raise OntologyError(
                f"shape {shape.id} depends on itself ({cycle}); recursive "
                f"shapes are not supported; {FULL_SHACL}",
                path=shape.source or None,
            )
        self.active.append(shape.id)

    def write_queries(self) -> Iterator[CompiledQuery]:
        """The query of each constraint of each active shape that has focus nodes."""
        for shape in self.model.shapes:
            focus = None if shape.deactivated else self.reach(shape)
            if focus is None:
                continue
            for constraint in shape.constraints:
                pattern = self.find_violations(shape, constraint, focus, "?this", "?value", "?path")
                if pattern:
                    text = f"SELECT DISTINCT ?this ?value ?path WHERE {{ {pattern} }}"
                    params = tuple(
                        (constraint.parameter, to_plain(v)) for v in constraint.values[:1]
                    )
                    messages = shape.messages or default_message(constraint)
                    yield self.finish(
                        CompiledQuery(shape, constraint.component, text, params, messages)
                    )
            for sparql in shape.sparql:
                if not sparql.deactivated:
                    text = self.embed_sparql(shape, sparql, focus, "?this", top=True)
                    messages = sparql.messages or shape.messages
                    params = tuple((name, to_plain(value)) for name, value in sparql.bindings)
                    query = CompiledQuery(shape, sparql.component, text, params, messages, True)
                    yield self.finish(query)

    def finish(self, query: CompiledQuery) -> CompiledQuery:
        """``query`` with the literal target nodes and, if it reads it, the shapes graph."""
        graph = self.model.graph if f"<{SHAPES_GRAPH}>" in query.text else ()
        return replace(query, shapes_graph=graph, given=self.given)

    # focus nodes -----------------------------------------------------------------------

    def reach(self, shape: Shape) -> Focus | None:
        """The focus nodes of ``shape`` in a validation: its targets and its parents' values."""
        self._enter(shape)
        branches: list[Focus] = []
        if shape.targets:
            branches.append(lambda v: self.match_targets(shape, v))
        for parent in self.parents.get(shape.id, []):
            focus = None if parent.deactivated else self.reach(parent)
            if focus is not None:
                branches.append(self.focus_on_values(parent, focus))
        self.active.pop()
        if len(branches) <= 1:
            return branches[0] if branches else None
        return lambda v: self.select_distinct(v, [branch(v) for branch in branches])

    @staticmethod
    def select_distinct(var: str, patterns: list[str]) -> str:
        """A sub-SELECT binding ``var`` once to each node that one of ``patterns`` binds."""
        union = " UNION ".join(f"{{ {p} }}" for p in patterns)
        return f"{{ SELECT DISTINCT {var} WHERE {{ {union} }} }}"

    def match_targets(self, shape: Shape, var: str) -> str:
        """A pattern binding ``var`` once to each target node of ``shape``."""
        t = shape.targets
        patterns = [f"{var} {INSTANCE} <{c}> ." for c in t.classes]
        if t.nodes:
            patterns.append(f"VALUES {var} {{ {' '.join(to_sparql_terms(t.nodes))} }}")
        patterns += [f"{var} <{p}> [] ." for p in t.subjects_of]
        patterns += [f"[] <{p}> {var} ." for p in t.objects_of]
        return self.select_distinct(var, patterns)

    def focus_on_values(self, shape: Shape, focus: Focus) -> Focus:
        """Focus nodes that are the value nodes of ``shape`` for the focus nodes ``focus``."""
        if shape.path is None:
            return focus
        path = shape.path.sparql()

        def pattern(var: str) -> str:
            """A sub-SELECT of the values of ``shape`` for the focus nodes, bound to ``var``."""
            this = self.new_var()
            return f"{{ SELECT DISTINCT {var} WHERE {{ {focus(this)} {this} {path} {var} . }} }}"

        return pattern

    def bind_values(self, shape: Shape, focus: Focus, this: str, value: str) -> str:
        """Binds ``this`` to each focus node and ``value`` to each of its value nodes."""
        if shape.path is None:
            return f"{focus(this)} BIND({this} AS {value})"
        return f"{focus(this)} {this} {shape.path.sparql()} {value} ."

    def match_value(self, shape: Shape, this: str, value: str) -> str:
        """A pattern that holds when ``value`` is a value node of ``this``."""
        if shape.path is None:
            return f"FILTER(sameTerm({this}, {value}))"
        return f"{this} {shape.path.sparql()} {value} ."

    def require_absent(self, pattern: str) -> str:
        """A filter that holds when ``pattern`` has no match (NOT EXISTS as an anti-join)."""
        marker = self.new_var()
        return f"OPTIONAL {{ {pattern} BIND(true AS {marker}) }} FILTER(!BOUND({marker}))"

    # constraints -----------------------------------------------------------------------

    def find_violations(
        self, shape: Shape, c: Constraint, focus: Focus, this: str, value: str, path: str
    ) -> str:
        """A pattern binding ``this`` (and ``value``, ``path``) for each violation of ``c``."""
        condition = write_condition(c, value)
        if condition is not None:
            values = self.bind_values(shape, focus, this, value)
            return f"{values} FILTER(!COALESCE({condition}, false))"
        name, arg = c.parameter, c.values[0] if c.values else None
        values = self.bind_values(shape, focus, this, value)
        if name == "class":  # value is bound in every row, so MINUS is NOT EXISTS, but faster
            return f"{values} MINUS {{ {value} {INSTANCE} {arg} }}"
        if name in ("minCount", "maxCount"):
            return self.count(shape, focus, this, int(to_plain(arg)), name == "minCount")
        if name == "hasValue":
            assert arg is not None
            return f"{focus(this)} {self.require_absent(self.match_value(shape, this, str(arg)))}"
        if name in ("equals", "disjoint", "lessThan", "lessThanOrEquals"):
            return self.compare_pair(shape, name, str(arg), focus, this, value)
        if name == "uniqueLang":  # only the literal true activates it ("1" does not)
            return self.check_unique_lang(shape, focus, this) if arg == TRUE else ""
        if name == "closed":
            return self.check_closed(shape, c, focus, this, value, path)
        if c.qualified is not None:
            return self.count_qualified(shape, c, focus, this)
        return self.check_logical(shape, c, focus, this, value)

    def count(self, shape: Shape, focus: Focus, this: str, limit: int, minimum: bool) -> str:
        """sh:minCount or sh:maxCount: focus nodes with fewer or more than ``limit`` values."""
        path = shape.path.sparql() if shape.path else ""
        if minimum and limit == 0:
            return ""
        if minimum and limit == 1:  # this is bound in every row: MINUS is NOT EXISTS here
            return f"{focus(this)} MINUS {{ {this} {path} [] . }}"
        other, n = self.new_var(), self.new_var()
        if not minimum and limit == 1:  # two different values: a join, no grouping needed
            return (
                f"{focus(this)} {this} {path} {other} . {this} {path} {n} . "
                f"FILTER(!sameTerm({other}, {n}))"
            )
        found = f"OPTIONAL {{ {this} {path} {other} }}" if minimum else f"{this} {path} {other} ."
        test = f"{n} < {limit}" if minimum else f"{n} > {limit}"
        return (
            f"{{ SELECT {this} (COUNT(DISTINCT {other}) AS {n}) WHERE {{ {focus(this)} "
            f"{found} }} GROUP BY {this} }} FILTER({test})"
        )

    def compare_pair(
        self, shape: Shape, name: str, other: str, focus: Focus, this: str, value: str
    ) -> str:
        """sh:equals, sh:disjoint, sh:lessThan, sh:lessThanOrEquals: values against ``other``."""
        values = self.bind_values(shape, focus, this, value)
        if name == "disjoint":
            return f"{values} {this} {other} {value} ."
        if name == "equals":
            extra = self.require_absent(self.match_value(shape, this, value))
            missing = f"{{ {values} {self.require_absent(f'{this} {other} {value} .')} }}"
            return f"{missing} UNION {{ {focus(this)} {this} {other} {value} . {extra} }}"
        compare = self.new_var()
        test = f"!COALESCE({value} {COMPARISONS[name]} {compare}, false)"
        return f"{values} {this} {other} {compare} . FILTER({test})"

    def check_unique_lang(self, shape: Shape, focus: Focus, this: str) -> str:
        """sh:uniqueLang: focus nodes with two values in the same language."""
        v, lang = self.new_var(), self.new_var()
        return (
            f"{{ SELECT {this} WHERE {{ {self.bind_values(shape, focus, this, v)} "
            f'FILTER(isLiteral({v}) && lang({v}) != "") }} '
            f"GROUP BY {this} (LCASE(lang({v})) AS {lang}) HAVING (COUNT(DISTINCT {v}) > 1) }}"
        )

    def check_closed(
        self, shape: Shape, c: Constraint, focus: Focus, this: str, value: str, path: str
    ) -> str:
        """sh:closed (node shapes only): every property is a declared path or ignored."""
        allowed = set(c.ignored)
        for child in shape.properties:
            child_path = self.model.shape(child).path
            if child_path is not None and child_path.kind == "predicate":
                allowed.add(child_path.iri)
        listed = ", ".join(f"<{p}>" for p in sorted(allowed))
        keep = f"FILTER({path} NOT IN ({listed}))" if listed else ""
        resource = f"<{RDFS}Resource>"
        return (
            f"{focus(this)} {this} {path} {value} . {keep} "
            f"FILTER(!(sameTerm({path}, <{RDF_TYPE}>) && sameTerm({value}, {resource})))"
        )

    def count_qualified(self, shape: Shape, c: Constraint, focus: Focus, this: str) -> str:
        """sh:qualifiedMinCount / sh:qualifiedMaxCount: count the values that conform."""
        assert c.qualified is not None
        inner, v, n = self.focus_on_values(shape, focus), self.new_var(), self.new_var()
        failing = self.find_nonconforming(self.model.shape(term_id(c.qualified)), inner, v)
        counted = [f"{self.bind_values(shape, focus, this, v)} MINUS {{ {failing} }}"]
        counted += [self.find_nonconforming(s, inner, v) for s in self.find_siblings(shape, c)]
        limit, where = int(to_plain(c.values[0])), " ".join(counted)
        if c.parameter == "qualifiedMaxCount":
            return (
                f"{{ SELECT {this} WHERE {{ {where} }} GROUP BY {this} "
                f"HAVING (COUNT(DISTINCT {v}) > {limit}) }}"
            )
        if limit == 0:
            return ""
        return (
            f"{focus(this)} OPTIONAL {{ SELECT {this} (COUNT(DISTINCT {v}) AS {n}) "
            f"WHERE {{ {where} }} GROUP BY {this} }} FILTER(COALESCE({n}, 0) < {limit})"
        )

    def find_siblings(self, shape: Shape, c: Constraint) -> list[Shape]:
        """The other qualified value shapes next to ``c`` when they must be disjoint."""
        if not c.disjoint:
            return []
        found: dict[str, None] = {}
        for parent in self.parents.get(shape.id, []):
            for child in parent.properties:
                for other in self.model.shape(child).constraints:
                    if other.qualified is not None and other.qualified != c.qualified:
                        found[term_id(other.qualified)] = None
        return [self.model.shape(shape_id) for shape_id in found]

    def check_logical(
        self, shape: Shape, c: Constraint, focus: Focus, this: str, value: str
    ) -> str:
        """sh:node, sh:not, sh:and, sh:or, sh:xone: conformance of value nodes to shapes."""
        values = self.bind_values(shape, focus, this, value)
        inner = self.focus_on_values(shape, focus)
        members = [self.model.shape(term_id(t)) for t in c.values]
        failing = [self.find_nonconforming(m, inner, value) for m in members]
        if c.parameter == "node":
            return f"{values} {failing[0]}"
        if c.parameter == "not":
            return f"{values} MINUS {{ {failing[0]} }}"
        if c.parameter == "and":
            return (
                f"{values} {{ {' UNION '.join(f'{{ {f} }}' for f in failing)} }}" if failing else ""
            )
        if c.parameter == "or":
            return f"{values} {' '.join(failing)}" if failing else values
        index, bad = self.new_var(), self.new_var()
        tagged = " UNION ".join(f"{{ {f} BIND({i} AS {index}) }}" for i, f in enumerate(failing))
        counted = (
            (
                f"OPTIONAL {{ SELECT {value} (COUNT(DISTINCT {index}) AS {bad}) "
                f"WHERE {{ {tagged} }} GROUP BY {value} }}"
            )
            if failing
            else ""
        )
        return f"{values} {counted} FILTER({len(failing)} - COALESCE({bad}, 0) != 1)"

    def find_nonconforming(self, shape: Shape, focus: Focus, var: str) -> str:
        """A pattern binding ``var`` to each focus node that does not conform to ``shape``."""
        if shape.deactivated:
            return f"VALUES {var} {{ }}"
        self._enter(shape)
        patterns = []
        for c in shape.constraints:
            pattern = self.find_violations(shape, c, focus, var, self.new_var(), self.new_var())
            if pattern:
                patterns.append(pattern)
        for sparql in shape.sparql:
            if not sparql.deactivated:
                patterns.append(self.embed_sparql(shape, sparql, focus, var, top=False))
        child_focus = self.focus_on_values(shape, focus)
        for child_id in shape.properties:
            child = self.model.shape(child_id)
            if shape.path is None:
                patterns.append(self.find_nonconforming(child, child_focus, var))
            else:
                bad = self.new_var()
                failing = self.find_nonconforming(child, child_focus, bad)
                patterns.append(f"{focus(var)} {var} {shape.path.sparql()} {bad} . {failing}")
        self.active.pop()
        return self.select_distinct(var, patterns) if patterns else f"VALUES {var} {{ }}"

    # SPARQL-based constraints ----------------------------------------------------------

    def embed_sparql(
        self, shape: Shape, c: SparqlConstraint, focus: Focus, this: str, top: bool
    ) -> str:
        """The query of a SPARQL constraint with $this bound by ``focus``, one query for all.

        Inside another query its $this is a fresh variable, selected as ``this``, so that the
        variables of the constraint never meet those around it.
        """
        if top:
            return compile_sparql_constraint(shape, c, this, focus(this), top)
        inner = self.new_var()
        text = compile_sparql_constraint(shape, c, inner, focus(inner), top)
        return f"{{ SELECT ({inner} AS {this}) WHERE {{ {text} }} }}"
