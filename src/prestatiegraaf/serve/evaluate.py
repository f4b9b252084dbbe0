"""Evaluate one query on a store and write its answer in a chosen format, within a row limit.

A SELECT result or a CONSTRUCT/DESCRIBE graph longer than the row limit is cut at the
limit, and the answer says so. This runs wherever the store is: in a worker process of the
server (see :mod:`.query_runner`) or in this process.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pyoxigraph as ox

from prestatiegraaf.namespaces import PREFIXES
from prestatiegraaf.serve.sparql_protocol import ProtocolError

RESULTS_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "html": ox.QueryResultsFormat.JSON,  # the page is made from the JSON results
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "html": ox.RdfFormat.N_TRIPLES,  # the page is made from the triples
}


@dataclass(frozen=True)
class Answer:
    """A query's answer in the format asked for.

    Attributes:
        kind: ``solutions`` (SELECT), ``boolean`` (ASK) or ``triples`` (CONSTRUCT, DESCRIBE).
        body: the serialised answer.
        fmt: the key of its format (``json``, ``turtle``, …; ``html`` gives JSON or N-Triples).
        rows: how many rows or triples it holds.
        cut: the row limit when the answer was cut there, else None.
    """

    kind: str
    body: bytes
    fmt: str
    rows: int
    cut: int | None = None


def evaluate(
    store: ox.Store,
    query: str,
    results_format: str | None,
    graph_format: str | None,
    row_limit: int = 0,
    *,
    default_graphs: tuple[str, ...] = (),
    named_graphs: tuple[str, ...] = (),
) -> Answer:
    """Run ``query`` on ``store`` and write its answer.

    Solutions and booleans are written in ``results_format``, triples in ``graph_format``;
    None means that kind of answer is not acceptable.

    Args:
        store: the data.
        query: the SPARQL query.
        results_format: a key of :data:`RESULTS_FORMATS`, or None.
        graph_format: a key of :data:`GRAPH_FORMATS`, or None.
        row_limit: most rows or triples given (0: no limit).
        default_graphs: the protocol's ``default-graph-uri`` graphs.
        named_graphs: the protocol's ``named-graph-uri`` graphs.

    Raises:
        ProtocolError: 400 for a query that does not parse, 406 for an answer of a kind
            that was not asked for, 500 when evaluation fails.
    """
    options: dict[str, object] = {}
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(iri) for iri in default_graphs]
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(iri) for iri in named_graphs]
    try:
        result = store.query(query, **options)  # type: ignore[arg-type]
        if isinstance(result, ox.QueryBoolean):
            fmt = _wanted(results_format, "an ASK query gives a boolean")
            buffer = io.BytesIO()
            result.serialize(buffer, RESULTS_FORMATS[fmt])
            return Answer("boolean", buffer.getvalue(), fmt, 1)
        if isinstance(result, ox.QuerySolutions):
            fmt = _wanted(results_format, "a SELECT query gives solutions")
            return _solutions(result, fmt, row_limit)
        fmt = _wanted(graph_format, "a CONSTRUCT or DESCRIBE query gives triples")
        return _triples(result, fmt, row_limit)
    except SyntaxError as error:
        raise ProtocolError(400, f"not valid SPARQL: {_one_line(error)}") from None
    except (OSError, ValueError) as error:
        raise ProtocolError(500, f"the query failed: {_one_line(error)}") from None


def _wanted(fmt: str | None, what: str) -> str:
    if fmt is None:
        raise ProtocolError(406, f"{what}, which none of the accepted formats can hold")
    return fmt


def _solutions(solutions: ox.QuerySolutions, fmt: str, row_limit: int) -> Answer:
    """The solutions as TSV (terms written as N-Triples), read back and written in ``fmt``."""
    names = [variable.value for variable in solutions.variables]
    lines = ["\t".join(f"?{name}" for name in names)]
    cut = None
    for solution in solutions:
        if row_limit and len(lines) > row_limit:
            cut = row_limit
            break
        lines.append("\t".join("" if term is None else str(term) for term in solution))
    table = ("\n".join(lines) + "\n").encode("utf-8")
    parsed = ox.parse_query_results(table, ox.QueryResultsFormat.TSV)
    buffer = io.BytesIO()
    parsed.serialize(buffer, RESULTS_FORMATS[fmt])
    return Answer("solutions", buffer.getvalue(), fmt, len(lines) - 1, cut)


def _triples(triples: ox.QueryTriples, fmt: str, row_limit: int) -> Answer:
    kept: list[ox.Triple] = []
    cut = None
    for triple in triples:
        if row_limit and len(kept) >= row_limit:
            cut = row_limit
            break
        kept.append(triple)
    prefixes = PREFIXES if GRAPH_FORMATS[fmt] is ox.RdfFormat.TURTLE else None
    body = ox.serialize(kept, format=GRAPH_FORMATS[fmt], prefixes=prefixes)
    return Answer("triples", body or b"", fmt, len(kept), cut)


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())
