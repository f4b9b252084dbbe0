"""Stage 4, validate: SHACL validation compiled to SPARQL, fast enough for millions of triples.

:func:`load_shapes` reads the shapes into a typed model; :func:`validate_store` runs one
SPARQL query per constraint on a pyoxigraph store and returns :class:`ValidationIssue` values.
pySHACL remains the reference engine for full SHACL.
"""

from prestatiegraaf.validate.compiler import CompiledQuery, compile_queries
from prestatiegraaf.validate.engine import ValidationIssue, validate_store
from prestatiegraaf.validate.shape_model import (
    Constraint,
    ShaclPath,
    Shape,
    ShapesModel,
    SparqlConstraint,
    Targets,
)
from prestatiegraaf.validate.shapes import load_shapes, shape_files

__all__ = [
    "CompiledQuery",
    "Constraint",
    "ShaclPath",
    "Shape",
    "ShapesModel",
    "SparqlConstraint",
    "Targets",
    "ValidationIssue",
    "compile_queries",
    "load_shapes",
    "shape_files",
    "validate_store",
]
