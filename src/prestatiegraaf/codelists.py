"""The code lists of ``ontology/begrippen.ttl`` as the extractors need them: notations by scheme."""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.namespaces import BEGRIP_IRI, PREFIXES
from prestatiegraaf.resources import code_lists_file


@cache
def notations(scheme: str) -> tuple[str, ...]:
    """The notations of the concepts in the scheme ``begrip:<scheme>``, sorted.

    Raises:
        OntologyError: the code-list file is missing, not valid Turtle, or has no such scheme.
    """
    path = code_lists_file()
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    except (OSError, SyntaxError) as exc:
        raise OntologyError(f"code lists unreadable: {exc}", path=path) from exc
    skos = PREFIXES["skos"]
    rows = store.query(
        f"SELECT ?n WHERE {{ ?c <{skos}inScheme> <{BEGRIP_IRI}{scheme}> ; <{skos}notation> ?n }}"
    )
    assert isinstance(rows, ox.QuerySolutions)
    found = sorted({row["n"].value for row in rows if row["n"] is not None})
    if not found:
        raise OntologyError(f"code lists have no concept scheme begrip:{scheme}", path=path)
    return tuple(found)
