"""Stage 4, validate: pySHACL as the reference engine, for full SHACL and for cross-checks.

Slower than the built-in engine by orders of magnitude on large graphs, but it implements all
of SHACL Core and SHACL-SPARQL, so shapes that use features the built-in engine refuses can
still be checked (``--engine pyshacl``).
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import rdflib
from pyshacl.errors import ReportableRuntimeError
from rdflib.term import BNode, Literal, Node, URIRef

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.validate.engine import ValidationIssue
from prestatiegraaf.validate.query_tokens import remote_access
from prestatiegraaf.validate.shapes import shape_files
from prestatiegraaf.validate.time_limit import TimedOut, run_stoppable

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def to_rdflib(store: ox.Store) -> rdflib.Graph:
    """The default graph of ``store`` as an rdflib graph."""
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    assert data is not None
    return rdflib.Graph().parse(data=data.decode("utf-8"), format="nt")


_SPARQL_TEXTS = (SH.select, SH.ask, SH.construct, SH.update)


def load_shapes_graph(paths: Sequence[Path], *, allow_service: bool = False) -> rdflib.Graph:
    """Every shapes file of ``paths`` in one rdflib graph.

    Raises:
        OntologyError: a shapes file is missing or not valid Turtle, holds an sh:pattern
            Python cannot read, or (unless ``allow_service``) SPARQL that would query a remote
            endpoint.

    """
    graph = rdflib.Graph()
    for path in shape_files(paths):
        part = rdflib.Graph()
        try:
            part.parse(path, format="turtle")
        except (OSError, SyntaxError, ValueError) as exc:
            raise OntologyError(f"shapes unreadable: {exc}", path=path) from exc
        _check_shapes(part, path, allow_service)
        graph += part
    return graph


def _check_shapes(graph: rdflib.Graph, path: Path, allow_service: bool) -> None:
    """Refuse invalid sh:pattern regexes and, unless allowed, SPARQL with SERVICE."""
    for subject, pattern in graph.subject_objects(SH.pattern):
        flags = "".join(str(f) for f in graph.objects(subject, SH.flags))
        try:
            re.compile(str(pattern), _python_flags(flags))
        except re.error:
            raise OntologyError(
                f"shape {_text(subject)}: sh:pattern {str(pattern)!r} is not a valid regular "
                "expression",
                path=path,
            ) from None
    if allow_service:
        return
    for predicate in _SPARQL_TEXTS:
        for node, text in graph.subject_objects(predicate):
            found = remote_access(str(text))
            if found is not None:
                owner = next(iter(graph.subjects(SH.sparql, node)), node)
                raise OntologyError(
                    f"shape {_text(owner)}: {found[0]} would query a remote endpoint; refused "
                    "(--allow-service allows it)",
                    path=path,
                )


def _python_flags(flags: str) -> int:
    table = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}
    value = 0
    for flag in flags:
        value |= table.get(flag, 0)
    return value


def validate_with_pyshacl(
    store: ox.Store,
    shape_paths: Sequence[Path],
    *,
    allow_service: bool = False,
    timeout: float | None = None,
) -> list[ValidationIssue]:
    """Validate ``store`` with pySHACL (SHACL-SPARQL on, no inference).

    Raises:
        OntologyError: the shapes are unreadable or pySHACL cannot use them, or the
            validation ran longer than ``timeout`` seconds (None: no limit, in this process).
    """
    shapes = load_shapes_graph(shape_paths, allow_service=allow_service)
    where = shape_paths[0] if len(shape_paths) == 1 else None
    if timeout is None:
        return _pyshacl_issues(store, shapes, where)
    try:
        return run_stoppable(lambda: _pyshacl_issues(store, shapes, where), timeout)
    except TimedOut:
        limit = "" if math.isinf(timeout) else f" {timeout:g} s"
        raise OntologyError(f"pySHACL ran longer than{limit} (--timeout)", path=where) from None


def _pyshacl_issues(
    store: ox.Store, shapes: rdflib.Graph, where: Path | None
) -> list[ValidationIssue]:
    """The results of pySHACL on ``store``; its own error logging is silenced."""
    log = logging.getLogger("pyshacl-validate")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        _, report, _ = pyshacl.validate(
            to_rdflib(store),
            shacl_graph=shapes,
            advanced=True,
            inference="none",
            allow_warnings=True,
            allow_infos=True,
        )
    except ReportableRuntimeError as exc:
        message = " ".join(str(exc.message if hasattr(exc, "message") else exc).split())
        raise OntologyError(f"shapes not usable by pySHACL: {message}", path=where) from None
    finally:
        log.setLevel(level)
    assert isinstance(report, rdflib.Graph)
    issues = [
        _issue(report, result) for result in report.subjects(rdflib.RDF.type, SH.ValidationResult)
    ]
    return sorted(
        set(issues),
        key=lambda i: (i.severity, i.source_shape, i.focus_node, i.path or "", i.value or ""),
    )


def _issue(report: rdflib.Graph, result: Node) -> ValidationIssue:
    def one(predicate: URIRef) -> Node | None:
        return report.value(result, predicate)

    severity = one(SH.resultSeverity)
    path = one(SH.resultPath)
    value = one(SH.value)
    messages = tuple(
        sorted(
            (m.language or "", str(m))
            for m in report.objects(result, SH.resultMessage)
            if isinstance(m, Literal)
        )
    )
    return ValidationIssue(
        severity=_severity(severity),
        focus_node=_text(one(SH.focusNode)),
        path=str(path) if isinstance(path, URIRef) else None,
        value=value.n3() if value is not None else None,
        component=str(one(SH.sourceConstraintComponent)),
        source_shape=_text(one(SH.sourceShape)),
        messages=messages,
    )


def _severity(node: Node | None) -> str:
    """The local name of a severity of SHACL's own, the IRI of a custom one."""
    if node is None:
        return "Violation"
    return str(node).removeprefix(str(SH)) if str(node).startswith(str(SH)) else str(node)


def _text(node: Node | None) -> str:
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        return node.n3()
    return str(node)
