"""Run SPARQL files against Turtle files or build folders, printing W3C result formats."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.errors import QueryError

RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}


@dataclass(frozen=True)
class QueryResult:
    """Column names and rows of plain values (lexical forms; empty string when unbound)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def read_query(path: Path) -> str:
    """The text of a SPARQL file.

    Raises:
        QueryError: the file is missing or unreadable.

    """
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError("query file not found", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read query: {exc}", path=path) from exc


def run_query(query: str, store: ox.Store, *, source: Path | None = None) -> QueryResult:
    """Run a SELECT query on ``store``.

    Raises:
        QueryError: the query does not parse, or is not a SELECT query.

    """
    try:
        solutions = store.query(query)
    except SyntaxError as exc:
        raise QueryError(f"not valid SPARQL: {exc}", path=source) from exc
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError("only SELECT queries can be printed as a table", path=source)
    columns = tuple(variable.value for variable in solutions.variables)
    # a solution iterates its values in column order; far cheaper than a lookup per name
    rows = tuple(tuple(_plain(term) for term in solution) for solution in solutions)
    return QueryResult(columns, rows)


def serialize_results(
    query: str, store: ox.Store, fmt: str, *, source: Path | None = None
) -> bytes:
    """The results of a SELECT query in a W3C format: ``csv``, ``tsv`` or ``json``.

    Raises:
        QueryError: the query does not parse or is not a SELECT query.

    """
    try:
        result = store.query(query)
    except SyntaxError as exc:
        raise QueryError(f"not valid SPARQL: {exc}", path=source) from exc
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("only SELECT queries are supported", path=source)
    buffer = io.BytesIO()
    result.serialize(buffer, RESULT_FORMATS[fmt])
    return buffer.getvalue()


def _plain(term: object) -> str:
    if term is None:
        return ""
    value = getattr(term, "value", None)
    return value if isinstance(value, str) else str(term)


def format_table(result: QueryResult) -> str:
    """A plain-text table with a header row and aligned columns."""
    widths = [len(name) for name in result.columns]
    for row in result.rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(result.columns), line(["-" * w for w in widths])]
    out.extend(line(row) for row in result.rows)
    out.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(out)
