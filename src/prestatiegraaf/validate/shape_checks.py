"""Stage 4, validate: what a shapes file may not do, checked before anything runs.

A SPARQL query of a shape (a constraint or a component's validator) may not reach a remote
endpoint (``SERVICE``), a pattern must be a valid regular expression, and SHACL-AF and
JavaScript features are refused by name.
"""

from __future__ import annotations

import pyoxigraph as ox

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.validate.query_tokens import remote_access
from prestatiegraaf.validate.shape_model import FULL_SHACL, RDF_TYPE, SH, Shape, term_id
from prestatiegraaf.validate.shapes_graph import ShapesGraph

UNSUPPORTED_KINDS = (
    "SPARQLTarget",
    "SPARQLTargetType",
    "SPARQLRule",
    "SPARQLFunction",
    "JSConstraint",
    "JSTarget",
    "JSTargetType",
    "JSFunction",
    "JSRule",
    "TripleRule",
)


def refuse_remote_access(shape: Shape, query: str) -> None:
    """Refuse the SPARQL ``query`` of ``shape`` if it would query a remote endpoint.

    Raises:
        OntologyError: it holds ``SERVICE`` (or ``LOAD``).
    """
    found = remote_access(query)
    if found is not None:
        raise OntologyError(
            f"shape {shape.id}: {found[0]} would query a remote endpoint; refused "
            "(--allow-service allows it)",
            path=shape.source or None,
        )


def valid_regex(pattern: str, flags: str) -> bool:
    """Whether pyoxigraph's REGEX reads ``pattern`` with ``flags``."""
    solutions = _REGEX_STORE.query(
        "SELECT ?pattern ?flags (REGEX('', ?pattern, ?flags) AS ?ok) {}",
        substitutions={
            ox.Variable("pattern"): ox.Literal(pattern),
            ox.Variable("flags"): ox.Literal(flags),
        },
    )
    assert isinstance(solutions, ox.QuerySolutions)
    return all(row["ok"] is not None for row in solutions)


_REGEX_STORE = ox.Store()


def refuse_unsupported_kinds(graph: ShapesGraph) -> None:
    """Refuse SPARQL targets, rules and functions, and the JavaScript extensions, by name.

    Raises:
        OntologyError: a node is typed with one of :data:`UNSUPPORTED_KINDS`.
    """
    for kind in UNSUPPORTED_KINDS:
        for node in graph.subjects(RDF_TYPE, ox.NamedNode(SH + kind)):
            raise OntologyError(
                f"{term_id(node)}: sh:{kind} is not supported by the built-in "
                f"validator; {FULL_SHACL}",
                path=graph.origin.get(node),
            )
