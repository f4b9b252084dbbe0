"""Stage 4, validate: the compiled queries run on a pyoxigraph store, their rows read as results.

:func:`validate_store` compiles the shapes (:mod:`.compiler`), runs the queries in parallel
threads (pyoxigraph releases the GIL) and reads each row as a :class:`ValidationIssue`: the
focus node, path and value it binds, the shape's severity, and its messages with their
``{$parameter}`` and ``{?variable}`` placeholders filled in.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pyoxigraph as ox

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.validate.compiler import SPARQL_COMPONENT, CompiledQuery, compile_queries
from prestatiegraaf.validate.shape_model import ShapesModel
from prestatiegraaf.validate.value_conditions import to_plain

# compile_queries and CompiledQuery live in .compiler; they are still imported from here.
__all__ = ["CompiledQuery", "ValidationIssue", "compile_queries", "run_query", "validate_store"]

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


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
    return [_read_issue(query, solution, solutions.variables) for solution in solutions]


def _read_issue(
    query: CompiledQuery, row: ox.QuerySolution, variables: list[ox.Variable]
) -> ValidationIssue:
    """The validation result that one row of ``query`` reports."""
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
    fill = {k: to_plain(v) for k, v in bound.items()} | dict(query.parameters)
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


def _fill(template: str, values: dict[str, str]) -> str:
    """``template`` with each ``{$name}`` or ``{?name}`` replaced by its value, if known."""
    return re.sub(r"\{[?$]([A-Za-z0-9_]+)\}", lambda m: values.get(m[1], m[0]), template)
