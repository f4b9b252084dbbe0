"""Stage 4, validate: pySHACL as the reference engine, for full SHACL and for cross-checks.

Slower than the built-in engine by orders of magnitude on large graphs, but it implements all
of SHACL Core and SHACL-SPARQL, so shapes that use features the built-in engine refuses can
still be checked (``--engine pyshacl``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import rdflib
from rdflib.term import BNode, Literal, Node, URIRef

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.validate.engine import ValidationIssue
from prestatiegraaf.validate.shapes import shape_files

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


def to_rdflib(store: ox.Store) -> rdflib.Graph:
    """The default graph of ``store`` as an rdflib graph."""
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    assert data is not None
    return rdflib.Graph().parse(data=data.decode("utf-8"), format="nt")


def load_shapes_graph(paths: Sequence[Path]) -> rdflib.Graph:
    """Every shapes file of ``paths`` in one rdflib graph.

    Raises:
        OntologyError: a shapes file is missing or not valid Turtle.

    """
    graph = rdflib.Graph()
    for path in shape_files(paths):
        try:
            graph.parse(path, format="turtle")
        except (OSError, SyntaxError, ValueError) as exc:
            raise OntologyError(f"shapes unreadable: {exc}", path=path) from exc
    return graph


def validate_with_pyshacl(store: ox.Store, shape_paths: Sequence[Path]) -> list[ValidationIssue]:
    """Validate ``store`` with pySHACL (SHACL-SPARQL on, no inference)."""
    shapes = load_shapes_graph(shape_paths)
    _, report, _ = pyshacl.validate(
        to_rdflib(store),
        shacl_graph=shapes,
        advanced=True,
        inference="none",
        allow_warnings=True,
        allow_infos=True,
    )
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
        severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        focus_node=_text(one(SH.focusNode)),
        path=str(path) if isinstance(path, URIRef) else None,
        value=value.n3() if value is not None else None,
        component=str(one(SH.sourceConstraintComponent)),
        source_shape=_text(one(SH.sourceShape)),
        messages=messages,
    )


def _text(node: Node | None) -> str:
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        return node.n3()
    return str(node)
