"""Stage 4, validate: SHACL shapes compiled to SPARQL and run on a pyoxigraph store.

Every constraint becomes one SELECT query that finds the violations of all focus nodes at
once: the focus nodes come from a sub-query over the shape's targets (or the value nodes of
its parent shapes), never from a loop in Python. A shape used through sh:node, sh:not,
sh:and, sh:or, sh:xone or sh:qualifiedValueShape is compiled into the same query as the set
of nodes that do not conform to it. Queries run in parallel threads (pyoxigraph releases the
GIL). NOT EXISTS is written as an anti-join (MINUS where the variables it shares are bound in
every row, an OPTIONAL with a marker elsewhere) and ``sh:maxCount 1`` as a join of two different
values instead of a count per focus node: pyoxigraph evaluates those forms far faster.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pyoxigraph as ox

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.validate.shapes import (
    FULL_SHACL,
    RDF_TYPE,
    RDFS,
    SH,
    XSD,
    Constraint,
    Shape,
    ShapesModel,
    SparqlConstraint,
    Term,
    term_id,
)

Focus = Callable[[str], str]
"""Given a variable, a group pattern that binds it to each focus node once."""

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
INSTANCE = f"<{RDF_TYPE}>/<{RDFS}subClassOf>*"
NODE_KIND_TESTS = {
    "IRI": "isIRI({v})",
    "BlankNode": "isBlank({v})",
    "Literal": "isLiteral({v})",
    "BlankNodeOrIRI": "!isLiteral({v})",
    "BlankNodeOrLiteral": "!isIRI({v})",
    "IRIOrLiteral": "!isBlank({v})",
}
CASTABLE = frozenset(  # XSD types pyoxigraph casts to, so that ill-formed literals are found
    "integer decimal float double boolean dateTime date time gYear gYearMonth gMonthDay gDay "
    "gMonth duration dayTimeDuration yearMonthDuration".split()
)
INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "negativeInteger": (None, -1),
    "nonPositiveInteger": (None, 0),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-128, 127),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 255),
}
COMPARISONS = {
    "minInclusive": ">=",
    "maxInclusive": "<=",
    "minExclusive": ">",
    "maxExclusive": "<",
    "lessThan": "<",
    "lessThanOrEquals": "<=",
}
SPARQL_COMPONENT = SH + "SPARQLConstraintComponent"
_TOKENS = re.compile(
    r'(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*)'
    r"|(?P<var>[?$][A-Za-z0-9_]+)|(?P<select>\b[Ss][Ee][Ll][Ee][Cc][Tt]\b)|(?P<open>\{)|(?P<close>\})"
)
_NOT_EXISTS = re.compile(r"\bFILTER\s+NOT\s+EXISTS\s*$", re.IGNORECASE)
_STAR = re.compile(r"\s*((DISTINCT|REDUCED)\s+)?\*", re.IGNORECASE)
_PREFIX = re.compile(r"\s*(?:#[^\n]*\s*)*PREFIX\s+([^\s:]*):\s*<([^>]*)>", re.IGNORECASE)


@dataclass(frozen=True)
class ValidationIssue:
    """One validation result, with terms as plain strings."""

    severity: str  # "Violation", "Warning" or "Info"
    focus_node: str  # an IRI, "_:label" for a blank node, N-Triples for a literal
    path: str | None  # the predicate IRI, or the SPARQL form of a complex path
    value: str | None  # the value term in N-Triples form
    component: str  # full IRI of the sh:...ConstraintComponent
    source_shape: str  # IRI or "_:label"
    messages: tuple[tuple[str, str], ...]  # (language, text)

    def sort_key(self) -> tuple[int, str, str, str, str, str, tuple[tuple[str, str], ...]]:
        """Severity, source shape, focus node, path, value, then component and messages."""
        severity = SEVERITY_ORDER.get(self.severity, 9)
        path, value = self.path or "", self.value or ""
        return (
            severity,
            self.source_shape,
            self.focus_node,
            path,
            value,
            self.component,
            self.messages,
        )


@dataclass(frozen=True)
class CompiledQuery:
    """The SELECT query of one constraint of one shape."""

    shape: Shape
    component: str
    text: str
    parameters: tuple[tuple[str, str], ...]  # for {$param} in messages
    messages: tuple[tuple[str, str], ...]


def validate_store(
    data: ox.Store, shapes: ShapesModel, *, workers: int | None = None
) -> list[ValidationIssue]:
    """Validate the default graph of ``data`` against ``shapes``.

    Args:
        data: the data graph (its default graph is validated).
        shapes: the shapes, from :func:`~prestatiegraaf.validate.shapes.load_shapes`.
        workers: queries run at the same time (pyoxigraph evaluates them without the GIL);
            by default one per CPU, at most 8.

    Returns:
        Every validation result, sorted by severity, source shape, focus node, path, value.

    Raises:
        OntologyError: a SPARQL-based constraint is not a valid query.

    """
    queries = compile_queries(shapes)
    count = workers or min(8, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=count) as pool:
        found = pool.map(lambda query: run_query(data, query), queries)
        issues = {issue for batch in found for issue in batch}
    return sorted(issues, key=ValidationIssue.sort_key)


def run_query(data: ox.Store, query: CompiledQuery) -> list[ValidationIssue]:
    """The results of one compiled query on ``data``.

    Raises:
        OntologyError: the query is not valid SPARQL.
    """
    try:
        solutions = data.query(query.text)
    except SyntaxError as error:
        raise OntologyError(
            f"shape {query.shape.id}: cannot run its {query.component} query: {error}",
            path=query.shape.source or None,
        ) from error
    assert isinstance(solutions, ox.QuerySolutions)
    return [_issue(query, solution, solutions.variables) for solution in solutions]


def compile_queries(shapes: ShapesModel) -> list[CompiledQuery]:
    """The queries that validate a data graph against ``shapes``, one per constraint.

    Raises:
        OntologyError: a shape depends on itself, or a SPARQL constraint cannot be rewritten.

    """
    return list(_Compiler(shapes).queries())


def _issue(
    query: CompiledQuery, row: ox.QuerySolution, variables: list[ox.Variable]
) -> ValidationIssue:
    shape = query.shape
    bound = {v.value: row[v] for v in variables if row[v] is not None}
    focus, value, path = bound.get("this"), bound.get("value"), bound.get("path")
    if focus is None:
        raise OntologyError(
            f"shape {shape.id}: a {query.component} query returned no $this",
            path=shape.source or None,
        )
    if value is None and shape.path is None and query.component == SPARQL_COMPONENT:
        value = focus
    path_text = path.value if isinstance(path, ox.NamedNode) else None
    if path_text is None and shape.path is not None:
        path_text = shape.path.readable()
    fill = {k: _plain(v) for k, v in bound.items()} | dict(query.parameters)
    fill.setdefault("path", path_text or "")
    messages = tuple((lang, _fill(text, fill)) for lang, text in query.messages)
    own = bound.get("message")
    if isinstance(own, ox.Literal):  # a SPARQL constraint's ?message replaces the templates
        messages = ((own.language or "", own.value),)
    focus_text = focus.value if isinstance(focus, ox.NamedNode) else str(focus)
    return ValidationIssue(
        shape.severity,
        focus_text,
        path_text,
        None if value is None else str(value),
        query.component,
        shape.id,
        messages,
    )


def _plain(term: object) -> str:
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def _fill(template: str, values: dict[str, str]) -> str:
    return re.sub(r"\{[?$]([A-Za-z0-9_]+)\}", lambda m: values.get(m[1], m[0]), template)


def _terms(terms: tuple[Term, ...]) -> list[str]:
    """Terms in SPARQL syntax; blank nodes of the shapes graph are left out (they match nothing)."""
    return [str(term) for term in terms if not isinstance(term, ox.BlankNode)]


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

    def var(self) -> str:
        return f"?_{next(self.counter)}"

    def _enter(self, shape: Shape) -> None:
        if shape.id in self.active:
            cycle = " -> ".join([*self.active, shape.id])
            raise OntologyError(
                f"shape {shape.id} depends on itself ({cycle}); recursive "
                f"shapes are not supported; {FULL_SHACL}",
                path=shape.source or None,
            )
        self.active.append(shape.id)

    def queries(self) -> Iterator[CompiledQuery]:
        for shape in self.model.shapes:
            focus = None if shape.deactivated else self.reach(shape)
            if focus is None:
                continue
            for constraint in shape.constraints:
                pattern = self.violations(shape, constraint, focus, "?this", "?value", "?path")
                if pattern:
                    text = f"SELECT DISTINCT ?this ?value ?path WHERE {{ {pattern} }}"
                    params = tuple((constraint.parameter, _plain(v)) for v in constraint.values[:1])
                    messages = shape.messages or _default_message(constraint)
                    yield CompiledQuery(shape, constraint.component, text, params, messages)
            for sparql in shape.sparql:
                if not sparql.deactivated:
                    text = self.sparql(shape, sparql, focus, "?this", top=True)
                    messages = sparql.messages or shape.messages
                    yield CompiledQuery(shape, SPARQL_COMPONENT, text, (), messages)

    # focus nodes -----------------------------------------------------------------------

    def reach(self, shape: Shape) -> Focus | None:
        """The focus nodes of ``shape`` in a validation: its targets and its parents' values."""
        self._enter(shape)
        branches: list[Focus] = []
        if shape.targets:
            branches.append(lambda v: self.targets(shape, v))
        for parent in self.parents.get(shape.id, []):
            focus = None if parent.deactivated else self.reach(parent)
            if focus is not None:
                branches.append(self.value_focus(parent, focus))
        self.active.pop()
        if len(branches) <= 1:
            return branches[0] if branches else None
        return lambda v: self.distinct(v, [branch(v) for branch in branches])

    @staticmethod
    def distinct(var: str, patterns: list[str]) -> str:
        union = " UNION ".join(f"{{ {p} }}" for p in patterns)
        return f"{{ SELECT DISTINCT {var} WHERE {{ {union} }} }}"

    def targets(self, shape: Shape, var: str) -> str:
        t = shape.targets
        patterns = [f"{var} {INSTANCE} <{c}> ." for c in t.classes]
        if t.nodes:
            patterns.append(f"VALUES {var} {{ {' '.join(_terms(t.nodes))} }}")
        patterns += [f"{var} <{p}> [] ." for p in t.subjects_of]
        patterns += [f"[] <{p}> {var} ." for p in t.objects_of]
        return self.distinct(var, patterns)

    def value_focus(self, shape: Shape, focus: Focus) -> Focus:
        """Focus nodes that are the value nodes of ``shape`` for the focus nodes ``focus``."""
        if shape.path is None:
            return focus
        path = shape.path.sparql()

        def pattern(var: str) -> str:
            this = self.var()
            return f"{{ SELECT DISTINCT {var} WHERE {{ {focus(this)} {this} {path} {var} . }} }}"

        return pattern

    def values(self, shape: Shape, focus: Focus, this: str, value: str) -> str:
        """Binds ``this`` to each focus node and ``value`` to each of its value nodes."""
        if shape.path is None:
            return f"{focus(this)} BIND({this} AS {value})"
        return f"{focus(this)} {this} {shape.path.sparql()} {value} ."

    def has_value(self, shape: Shape, this: str, value: str) -> str:
        """A pattern that holds when ``value`` is a value node of ``this``."""
        if shape.path is None:
            return f"FILTER(sameTerm({this}, {value}))"
        return f"{this} {shape.path.sparql()} {value} ."

    def absent(self, pattern: str) -> str:
        """A filter that holds when ``pattern`` has no match (NOT EXISTS as an anti-join)."""
        marker = self.var()
        return f"OPTIONAL {{ {pattern} BIND(true AS {marker}) }} FILTER(!BOUND({marker}))"

    # constraints -----------------------------------------------------------------------

    def violations(
        self, shape: Shape, c: Constraint, focus: Focus, this: str, value: str, path: str
    ) -> str:
        """A pattern binding ``this`` (and ``value``, ``path``) for each violation of ``c``."""
        condition = self.condition(c, value)
        if condition is not None:
            return f"{self.values(shape, focus, this, value)} FILTER(!COALESCE({condition}, false))"
        name, arg = c.parameter, c.values[0] if c.values else None
        values = self.values(shape, focus, this, value)
        if name == "class":  # value is bound in every row, so MINUS is NOT EXISTS, but faster
            return f"{values} MINUS {{ {value} {INSTANCE} {arg} }}"
        if name in ("minCount", "maxCount"):
            return self.count(shape, focus, this, int(_plain(arg)), name == "minCount")
        if name == "hasValue":
            assert arg is not None
            return f"{focus(this)} {self.absent(self.has_value(shape, this, str(arg)))}"
        if name in ("equals", "disjoint", "lessThan", "lessThanOrEquals"):
            return self.pair(shape, name, str(arg), focus, this, value)
        if name == "uniqueLang":
            return self.unique_lang(shape, focus, this) if _plain(arg) in ("true", "1") else ""
        if name == "closed":
            return self.closed(shape, c, focus, this, value, path)
        if c.qualified is not None:
            return self.qualified(shape, c, focus, this)
        return self.logical(shape, c, focus, this, value)

    def condition(self, c: Constraint, v: str) -> str | None:
        """The SPARQL expression a value node ``v`` must satisfy, for value-wise components."""
        name, arg = c.parameter, c.values[0] if c.values else None
        if name == "datatype":
            return _datatype_test(_plain(arg), v)
        if name == "nodeKind":
            return NODE_KIND_TESTS[_plain(arg).removeprefix(SH)].format(v=v)
        if name == "pattern":
            regex = f"REGEX(STR({v}), {ox.Literal(_plain(arg))}, {ox.Literal(c.flags)})"
            return f"!isBlank({v}) && {regex}"
        if name in ("minLength", "maxLength"):
            op = ">=" if name == "minLength" else "<="
            return f"!isBlank({v}) && STRLEN(STR({v})) {op} {_plain(arg)}"
        if name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
            return f"{v} {COMPARISONS[name]} {arg}"
        if name == "in":
            return " || ".join(f"sameTerm({v}, {t})" for t in _terms(c.values)) or "false"
        if name == "languageIn":
            tests = [f"langMatches(lang({v}), {ox.Literal(_plain(t))})" for t in c.values]
            return " || ".join(tests) or "false"
        return None

    def count(self, shape: Shape, focus: Focus, this: str, limit: int, minimum: bool) -> str:
        path = shape.path.sparql() if shape.path else ""
        if minimum and limit == 0:
            return ""
        if minimum and limit == 1:  # this is bound in every row: MINUS is NOT EXISTS here
            return f"{focus(this)} MINUS {{ {this} {path} [] . }}"
        other, n = self.var(), self.var()
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

    def pair(self, shape: Shape, name: str, other: str, focus: Focus, this: str, value: str) -> str:
        values = self.values(shape, focus, this, value)
        if name == "disjoint":
            return f"{values} {this} {other} {value} ."
        if name == "equals":
            extra = self.absent(self.has_value(shape, this, value))
            missing = f"{{ {values} {self.absent(f'{this} {other} {value} .')} }}"
            return f"{missing} UNION {{ {focus(this)} {this} {other} {value} . {extra} }}"
        compare = self.var()
        test = f"!COALESCE({value} {COMPARISONS[name]} {compare}, false)"
        return f"{values} {this} {other} {compare} . FILTER({test})"

    def unique_lang(self, shape: Shape, focus: Focus, this: str) -> str:
        v, lang = self.var(), self.var()
        return (
            f"{{ SELECT {this} WHERE {{ {self.values(shape, focus, this, v)} "
            f'FILTER(isLiteral({v}) && lang({v}) != "") }} '
            f"GROUP BY {this} (LCASE(lang({v})) AS {lang}) HAVING (COUNT(DISTINCT {v}) > 1) }}"
        )

    def closed(
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

    def qualified(self, shape: Shape, c: Constraint, focus: Focus, this: str) -> str:
        """sh:qualifiedMinCount / sh:qualifiedMaxCount: count the values that conform."""
        assert c.qualified is not None
        inner, v, n = self.value_focus(shape, focus), self.var(), self.var()
        failing = self.nonconforming(self.model.shape(term_id(c.qualified)), inner, v)
        counted = [f"{self.values(shape, focus, this, v)} MINUS {{ {failing} }}"]
        counted += [self.nonconforming(s, inner, v) for s in self.siblings(shape, c)]
        limit, where = int(_plain(c.values[0])), " ".join(counted)
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

    def siblings(self, shape: Shape, c: Constraint) -> list[Shape]:
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

    def logical(self, shape: Shape, c: Constraint, focus: Focus, this: str, value: str) -> str:
        """sh:node, sh:not, sh:and, sh:or, sh:xone: conformance of value nodes to shapes."""
        values = self.values(shape, focus, this, value)
        inner = self.value_focus(shape, focus)
        members = [self.model.shape(term_id(t)) for t in c.values]
        failing = [self.nonconforming(m, inner, value) for m in members]
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
        index, bad = self.var(), self.var()
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

    def nonconforming(self, shape: Shape, focus: Focus, var: str) -> str:
        """A pattern binding ``var`` to each focus node that does not conform to ``shape``."""
        if shape.deactivated:
            return f"VALUES {var} {{ }}"
        self._enter(shape)
        patterns = []
        for c in shape.constraints:
            pattern = self.violations(shape, c, focus, var, self.var(), self.var())
            if pattern:
                patterns.append(pattern)
        for sparql in shape.sparql:
            if not sparql.deactivated:
                patterns.append(self.sparql(shape, sparql, focus, var, top=False))
        child_focus = self.value_focus(shape, focus)
        for child_id in shape.properties:
            child = self.model.shape(child_id)
            if shape.path is None:
                patterns.append(self.nonconforming(child, child_focus, var))
            else:
                bad = self.var()
                failing = self.nonconforming(child, child_focus, bad)
                patterns.append(f"{focus(var)} {var} {shape.path.sparql()} {bad} . {failing}")
        self.active.pop()
        return self.distinct(var, patterns) if patterns else f"VALUES {var} {{ }}"

    # SPARQL-based constraints ----------------------------------------------------------

    def sparql(self, shape: Shape, c: SparqlConstraint, focus: Focus, this: str, top: bool) -> str:
        """The query of a SPARQL constraint with $this bound by ``focus``, one query for all."""
        prefixes = dict(c.prefixes)
        body = c.select
        while match := _PREFIX.match(body):
            prefixes[match[1]] = match[2]
            body = body[match.end() :]
        try:
            body = _rewrite(body, shape, this, focus(this))
        except ValueError as error:
            raise OntologyError(
                f"shape {shape.id}: SPARQL constraint {c.node}: {error}; {FULL_SHACL}",
                path=shape.source or None,
            ) from error
        if top:
            return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items()) + body
        expanded = _expand_prefixes(body, prefixes)
        return f"{{ SELECT DISTINCT {this} WHERE {{ {{ {expanded} }} }} }}"


def _datatype_test(datatype: str, v: str) -> str:
    """The test that ``v`` is a well-formed literal of ``datatype``."""
    if datatype == f"{RDFS}Literal":
        return f"isLiteral({v})"
    if datatype == "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString":
        return f'isLiteral({v}) && lang({v}) != ""'
    test = f"isLiteral({v}) && sameTerm(datatype({v}), <{datatype}>)"
    local = datatype.removeprefix(XSD)
    if local in CASTABLE:
        return f"{test} && isLiteral(<{datatype}>({v}))"
    if local in INTEGER_RANGES:
        low, high = INTEGER_RANGES[local]
        number = f"<{XSD}integer>(STR({v}))"
        checks = [f"isLiteral({number})"]
        checks += [f"{number} >= {low}"] if low is not None else []
        checks += [f"{number} <= {high}"] if high is not None else []
        return " && ".join([test, *checks])
    return test


def _rewrite(body: str, shape: Shape, this: str, focus: str) -> str:
    """Substitute $this, $PATH and $currentShape, and bind $this by ``focus``.

    The focus pattern opens the WHERE group of the query and of every sub-SELECT that uses
    $this, which must then select $this too, so that joining on it equals pre-binding.

    Raises:
        ValueError: the query uses $shapesGraph, $PATH on a node shape, or $this in a
            sub-SELECT that does not select it; or it is not a SELECT query with a WHERE group.

    """
    tokens: list[list[str]] = []
    at = 0
    for match in _TOKENS.finditer(body):
        tokens.append(["text", body[at : match.start()]])
        kind = match.lastgroup or "skip"
        tokens.append([kind, _substitute(match[0], shape, this) if kind == "var" else match[0]])
        at = match.end()
    tokens.append(["text", body[at:]])
    tokens = _anti_joins(tokens)
    selects = [i for i, token in enumerate(tokens) if token[0] == "select"]
    if not selects:
        raise ValueError("only SELECT queries are supported")
    for number, start in enumerate(selects):
        where = next((i for i in range(start, len(tokens)) if tokens[i][0] == "open"), None)
        if where is None:
            raise ValueError("the query has no WHERE group")
        uses = ["var", this] in tokens[start : _closing(tokens, where)]
        if number and not uses:
            continue
        tokens[where][1] += f" {focus} "
        projection = "".join(text for _, text in tokens[start + 1 : where])
        if ["var", this] in tokens[start:where] or re.match(_STAR, projection):
            continue
        if number:
            raise ValueError("a sub-SELECT that uses $this must select $this too")
        head = re.match(r"(?i)\s*(DISTINCT|REDUCED)\b", tokens[start + 1][1])
        cut = head.end() if head else 0
        tokens[start + 1][1] = f"{tokens[start + 1][1][:cut]} {this} {tokens[start + 1][1][cut:]}"
    return "".join(text for _, text in tokens)


def _anti_joins(tokens: list[list[str]]) -> list[list[str]]:
    """Each ``FILTER NOT EXISTS { flat pattern }`` as an OPTIONAL at the end of its group.

    The same test, but pyoxigraph joins the pattern once instead of once per solution. Only
    patterns without nested groups are moved, so their filters see the outer solution as before.
    """
    for number in itertools.count():
        found = _flat_not_exists(tokens)
        if found is None:
            return tokens
        opening, closing, group_end = found
        marker = f"?_exists{number}"
        head = tokens[opening - 1][1]
        tokens[opening - 1][1] = _NOT_EXISTS.sub("", head)
        moved = [["text", "OPTIONAL {"], *tokens[opening + 1 : closing]]
        moved.append(["text", f" BIND(true AS {marker}) }} FILTER(!BOUND({marker})) "])
        tokens = tokens[:opening] + tokens[closing + 1 : group_end] + moved + tokens[group_end:]
    raise AssertionError("unreachable")


def _flat_not_exists(tokens: list[list[str]]) -> tuple[int, int, int] | None:
    """Opening and closing brace of a flat NOT EXISTS pattern, and the end of its group."""
    stack: list[int] = []
    for index, (kind, _) in enumerate(tokens):
        if kind == "open":
            stack.append(index)
        elif kind == "close" and stack:
            opening = stack.pop()
            flat = all(k != "open" for k, _ in tokens[opening + 1 : index])
            if stack and flat and _NOT_EXISTS.search(tokens[opening - 1][1]):
                return opening, index, _closing(tokens, stack[-1])
    return None


def _closing(tokens: list[list[str]], opening: int) -> int:
    depth = 0
    for index in range(opening, len(tokens)):
        depth += {"open": 1, "close": -1}.get(tokens[index][0], 0)
        if depth == 0:
            return index
    return len(tokens)


def _substitute(token: str, shape: Shape, this: str) -> str:
    name = token[1:]
    if name == "this":
        return this
    if name == "PATH":
        if shape.path is None:
            raise ValueError("$PATH in a SPARQL constraint of a node shape")
        return shape.path.sparql()
    if name == "currentShape":
        if shape.id.startswith("_:"):
            raise ValueError("$currentShape of a blank-node shape")
        return f"<{shape.id}>"
    if name == "shapesGraph":
        raise ValueError("$shapesGraph is not supported")
    return token


def _expand_prefixes(body: str, prefixes: dict[str, str]) -> str:
    """``body`` with prefixed names written as full IRIs, to embed it in another query."""
    if not prefixes:
        return body
    names = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
    pattern = re.compile(_TOKENS.pattern + rf"|(?<![\w?$])(?P<pfx>{names}):(?P<local>[\w\-]*)")

    def expand(match: re.Match[str]) -> str:
        if match["pfx"] is None:
            return match[0]
        return f"<{prefixes[match['pfx']]}{match['local']}>"

    return pattern.sub(expand, body)


def _default_message(c: Constraint) -> tuple[tuple[str, str], ...]:
    shown = ", ".join(_plain(v) for v in c.values)
    return (("en", f"Value does not satisfy sh:{c.parameter} {shown}".rstrip()),)
