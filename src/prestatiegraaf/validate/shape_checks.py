"""Stage 4, validate: what a shapes file may not do, checked before anything runs.

A SHACL-SPARQL constraint may not reach a remote endpoint (``SERVICE``), a pattern must be
a valid regular expression, and custom constraint components are refused by name.
"""

from __future__ import annotations

import pyoxigraph as ox

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.validate.query_tokens import remote_access
from prestatiegraaf.validate.shape_model import FULL_SHACL, RDF_TYPE, SH, Shape, term_id
from prestatiegraaf.validate.shapes_graph import ShapesGraph


def refuse_remote_access(shape: Shape, select: str) -> None:
    """Refuse the SPARQL ``select`` of ``shape`` if it would query a remote endpoint.

    Raises:
        OntologyError: it holds ``SERVICE`` (or ``LOAD``).
    """
    found = remote_access(select)
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


def refuse_custom_components(graph: ShapesGraph) -> None:
    """Refuse custom components, SPARQL targets and rules, JavaScript and triple rules."""
    kinds = ("ConstraintComponent", "SPARQLTarget", "SPARQLRule", "JSConstraint", "TripleRule")
    for kind in kinds:
        for node in graph.subjects(RDF_TYPE, ox.NamedNode(SH + kind)):
            raise OntologyError(
                f"{term_id(node)}: sh:{kind} is not supported by the built-in "
                f"validator; {FULL_SHACL}",
                path=graph.origin.get(node),
            )
    declaring = ("parameter", "validator", "nodeValidator", "propertyValidator")
    for subject, props in graph.out.items():  # a component typed by a subclass, too
        for name in declaring:
            if SH + name in props:
                raise OntologyError(
                    f"{term_id(subject)}: sh:{name} declares a custom constraint component "
                    f"(sh:ConstraintComponent), which is not supported by the built-in "
                    f"validator; {FULL_SHACL}",
                    path=graph.origin.get(subject),
                )
