"""Run SPARQL files against Turtle files or build folders, printing W3C result formats."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.errors import QueryError
from prestatiegraaf.validate.query_tokens import remote_access
from prestatiegraaf.validate.time_limit import Result, TimedOut, run_stoppable

REFUSED = "would query a remote endpoint; refused (--allow-service allows it)"

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


def refuse_remote_access(query: str, *, source: Path | None = None) -> None:
    """Refuse a query that would send a request elsewhere (``SERVICE``, ``LOAD``).

    Raises:
        QueryError: the query holds such an operation; the message names it and its line.

    """
    found = remote_access(query)
    if found is not None:
        words, line = found
        raise QueryError(f"{words} {REFUSED}", path=source, line=line if source else None)


def run_query(
    query: str,
    store: ox.Store,
    *,
    source: Path | None = None,
    allow_service: bool = False,
    timeout: float | None = None,
) -> QueryResult:
    """Run a SELECT query on ``store``.

    Args:
        query: the query text.
        store: the data.
        source: the query file, for messages.
        allow_service: let ``SERVICE`` query remote endpoints (refused by default).
        timeout: seconds the query may run (``math.inf``: no limit, but Ctrl-C stops it);
            None runs it in this process, without a limit.

    Raises:
        QueryError: the query does not parse, is not a SELECT query, would query a remote
            endpoint, fails or runs longer than ``timeout``.

    """

    def rows() -> QueryResult:
        solutions = _solutions(
            query, store, source, "only SELECT queries can be printed as a table"
        )
        columns = tuple(variable.value for variable in solutions.variables)
        # a solution iterates its values in column order; far cheaper than a lookup per name
        try:
            found = tuple(tuple(_plain(term) for term in solution) for solution in solutions)
        except OSError as exc:
            raise QueryError(f"the query failed: {exc}", path=source) from None
        return QueryResult(columns, found)

    return _run(rows, query, source, allow_service, timeout)


def serialize_results(
    query: str,
    store: ox.Store,
    fmt: str,
    *,
    source: Path | None = None,
    allow_service: bool = False,
    timeout: float | None = None,
) -> bytes:
    """The results of a SELECT query in a W3C format: ``csv``, ``tsv`` or ``json``.

    ``allow_service`` and ``timeout`` are as for :func:`run_query`.

    Raises:
        QueryError: the query does not parse, is not a SELECT query, would query a remote
            endpoint, fails or runs longer than ``timeout``.

    """

    def results() -> bytes:
        solutions = _solutions(query, store, source, "only SELECT queries are supported")
        buffer = io.BytesIO()
        try:
            solutions.serialize(buffer, RESULT_FORMATS[fmt])
        except OSError as exc:
            raise QueryError(f"the query failed: {exc}", path=source) from None
        return buffer.getvalue()

    return _run(results, query, source, allow_service, timeout)


def _run(
    function: Callable[[], Result],
    query: str,
    source: Path | None,
    allow_service: bool,
    timeout: float | None,
) -> Result:
    """``function()`` after the remote-access check, within ``timeout`` seconds."""
    if not allow_service:
        refuse_remote_access(query, source=source)
    if timeout is None:
        return function()
    try:
        return run_stoppable(function, timeout)
    except TimedOut:
        raise QueryError(
            f"the query ran longer than {timeout:g} s (--timeout)", path=source
        ) from None


def _solutions(query: str, store: ox.Store, source: Path | None, other: str) -> ox.QuerySolutions:
    """The solutions of the SELECT ``query``; ``other`` is the error for any other form."""
    try:
        solutions = store.query(query)
    except SyntaxError as exc:
        raise QueryError(f"not valid SPARQL: {exc}", path=source) from None
    except OSError as exc:
        raise QueryError(f"the query failed: {exc}", path=source) from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(other, path=source)
    return solutions


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
