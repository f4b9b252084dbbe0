"""Stage 4, validate: the compiled queries run on a pyoxigraph store, their rows read as results.

:func:`validate_store` compiles the shapes (:mod:`.compiler`), runs the queries in parallel
threads (pyoxigraph releases the GIL) and reads each row as a :class:`ValidationIssue`: the
focus node, path and value it binds, the shape's severity, and its messages with their
``{$parameter}`` and ``{?variable}`` placeholders filled in. A query that reads the shapes graph
(``$shapesGraph``) runs on a copy of the data with the shapes graph as a named graph.
"""

from __future__ import annotations

import os
import re
import time
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass

import pyoxigraph as ox

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.validate.compiler import SPARQL_COMPONENT, CompiledQuery, compile_queries
from prestatiegraaf.validate.shape_model import SHAPES_GRAPH, ShapesModel
from prestatiegraaf.validate.time_limit import run_stoppable
from prestatiegraaf.validate.value_conditions import to_plain

# compile_queries and CompiledQuery live in .compiler; they are still imported from here.
__all__ = ["CompiledQuery", "ValidationIssue", "compile_queries", "run_query", "validate_store"]

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class ValidationIssue:
    """One validation result, with terms as plain strings."""

    severity: str  # "Violation", "Warning", "Info", or the full IRI of a custom severity
    focus_node: str  # an IRI, "_:label" for a blank node, N-Triples for a literal
    path: str | None  # the predicate IRI, or the SPARQL form of a complex path
    value: str | None  # the value term in N-Triples form
    component: str  # full IRI of the sh:...ConstraintComponent
    source_shape: str  # IRI or "_:label"
    messages: tuple[tuple[str, str], ...]  # (language, text)

    def sort_key(self) -> tuple[int, str, str, str, str, str, tuple[tuple[str, str], ...]]:
        """Severity, source shape, focus node, path, value, then component and messages."""
        severity = SEVERITY_ORDER.get(self.severity, 0)  # a custom one counts as a violation
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
    data: ox.Store,
    shapes: ShapesModel,
    *,
    workers: int | None = None,
    timeout: float | None = None,
) -> list[ValidationIssue]:
    """Validate the default graph of ``data`` against ``shapes``.

    Args:
        data: the data graph (its default graph is validated).
        shapes: the shapes, from :func:`~prestatiegraaf.validate.shapes.load_shapes`.
        workers: queries run at the same time (pyoxigraph evaluates them without the GIL);
            by default one per CPU, at most 8.
        timeout: seconds each query may run; the queries then run in a child process that
            is stopped when one runs longer, or on Ctrl-C (``math.inf``: no limit). None runs
            them in this process, without a limit.

    Returns:
        Every validation result, sorted by severity, source shape, focus node, path, value.

    Raises:
        OntologyError: a SPARQL-based constraint is not a valid query, fails, or runs longer
            than ``timeout``.

    """
    queries = compile_queries(shapes)
    count = workers or min(8, os.cpu_count() or 1)
    if timeout is not None:
        limit = timeout
        return run_stoppable(lambda: _run_watched(data, queries, count, limit))
    with ThreadPoolExecutor(max_workers=count) as pool:
        found = pool.map(lambda query: run_query(data, query), queries)
        issues = {issue for batch in found for issue in batch}
    return sorted(issues, key=ValidationIssue.sort_key)


def _run_watched(
    data: ox.Store, queries: list[CompiledQuery], count: int, timeout: float
) -> list[ValidationIssue]:
    """The queries' results, or an error naming the first query that ran past ``timeout``."""
    started: dict[int, float] = {}

    def run(index: int, query: CompiledQuery) -> list[ValidationIssue]:
        started[index] = time.monotonic()
        try:
            return run_query(data, query)
        finally:
            started.pop(index, None)

    pool = ThreadPoolExecutor(max_workers=count)
    futures = [pool.submit(run, index, query) for index, query in enumerate(queries)]
    while True:
        done, pending = wait(futures, timeout=0.05, return_when=FIRST_EXCEPTION)
        for future in done:
            future.result()  # raises the first error
        if not pending:
            break
        now = time.monotonic()
        for index, start in list(started.items()):
            if now - start > timeout:
                query = queries[index]
                raise OntologyError(
                    f"shape {query.shape.id}: its {_component_name(query)} query ran longer "
                    f"than {timeout:g} s (--timeout)",
                    path=query.shape.source or None,
                )
    pool.shutdown()
    issues = {issue for future in futures for issue in future.result()}
    return sorted(issues, key=ValidationIssue.sort_key)


def _component_name(query: CompiledQuery) -> str:
    """``SPARQL`` for a SPARQL-based constraint, else the component's local name."""
    if query.component == SPARQL_COMPONENT:
        return "SPARQL"
    return query.component.rsplit("#", 1)[-1]


def run_query(data: ox.Store, query: CompiledQuery) -> list[ValidationIssue]:
    """The results of one compiled query on ``data``.

    Raises:
        OntologyError: the query is not valid SPARQL, or fails (a remote endpoint that
            does not answer, where SERVICE was allowed).
    """
    problem = ""
    issues: list[ValidationIssue] = []
    solutions: ox.QuerySolutions | None = None
    if query.shapes_graph:
        data = _with_shapes_graph(data, query.shapes_graph)
    try:
        result = data.query(query.text)
        assert isinstance(result, ox.QuerySolutions)
        solutions = result
        del result
        issues = [_read_issue(query, solution, solutions.variables) for solution in solutions]
    except SyntaxError as error:
        problem = f"cannot run its {query.component} query: {error}"
    except OSError as error:
        problem = f"its {_component_name(query)} query failed: {error}"
    finally:
        solutions = None  # dropped in the thread that made it, even when the query failed
    if problem:
        raise OntologyError(f"shape {query.shape.id}: {problem}", path=query.shape.source or None)
    return issues


def _with_shapes_graph(data: ox.Store, shapes: tuple[ox.Triple, ...]) -> ox.Store:
    """A copy of ``data`` with ``shapes`` as its named graph :data:`SHAPES_GRAPH`."""
    graph = ox.NamedNode(SHAPES_GRAPH)
    copy = ox.Store()
    copy.bulk_extend(quad for quad in data if quad.graph_name != graph)
    copy.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in shapes)
    return copy


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
    if value is None and shape.path is None and query.sparql:
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
    value_text = None if value is None else str(value)
    if query.given:  # a literal target node as the shapes give it
        given = dict(query.given)
        focus_text = given.get(focus_text, focus_text)
        value_text = None if value_text is None else given.get(value_text, value_text)
    return ValidationIssue(
        shape.severity,
        focus_text,
        path_text,
        value_text,
        query.component,
        shape.id,
        messages,
    )


def _fill(template: str, values: dict[str, str]) -> str:
    """``template`` with each ``{$name}`` or ``{?name}`` replaced by its value, if known."""
    return re.sub(r"\{[?$]([A-Za-z0-9_]+)\}", lambda m: values.get(m[1], m[0]), template)
