"""The vocabulary as the code needs it: the ontology's terms, and the code lists' notations.

``ontology/prestatiegraaf.ttl`` and ``ontology/begrippen.ttl`` are the source of truth; they
are read once, when first asked.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.namespaces import BEGRIP_IRI, PG_IRI, PREFIXES
from prestatiegraaf.resources import code_lists_file, ontology_file


@cache
def terms() -> frozenset[str]:
    """The local names of every term the ontology defines (``rdfs:isDefinedBy`` it).

    Raises:
        OntologyError: the ontology file is missing or not valid Turtle.
    """
    path = ontology_file()
    rows = _load(path, "ontology").query(
        f"SELECT ?t WHERE {{ ?t <{PREFIXES['rdfs']}isDefinedBy> <{PG_IRI.rstrip('#')}> }}"
    )
    assert isinstance(rows, ox.QuerySolutions)
    found = {row["t"].value for row in rows if row["t"] is not None}
    return frozenset(t.removeprefix(PG_IRI) for t in found if t.startswith(PG_IRI))


@cache
def notations(scheme: str) -> tuple[str, ...]:
    """The notations of the concepts in the scheme ``begrip:<scheme>``, sorted.

    Raises:
        OntologyError: the code-list file is missing, not valid Turtle, or has no such scheme.
    """
    path = code_lists_file()
    store = _load(path, "code lists")
    skos = PREFIXES["skos"]
    rows = store.query(
        f"SELECT ?n WHERE {{ ?c <{skos}inScheme> <{BEGRIP_IRI}{scheme}> ; <{skos}notation> ?n }}"
    )
    assert isinstance(rows, ox.QuerySolutions)
    found = sorted({row["n"].value for row in rows if row["n"] is not None})
    if not found:
        raise OntologyError(f"code lists have no concept scheme begrip:{scheme}", path=path)
    return tuple(found)


def _load(path: Path, what: str) -> ox.Store:
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    except (OSError, SyntaxError) as exc:
        raise OntologyError(f"{what} unreadable: {exc}", path=path) from exc
    return store
