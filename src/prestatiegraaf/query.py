"""Run SPARQL files against Turtle files or build folders, printing W3C result formats.

:func:`stream_results` writes the results as they come, from a child process that can be
stopped (see :mod:`.query_output`); :func:`run_query` and :func:`serialize_results` give a
small result in memory.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from prestatiegraaf.errors import OutputError, QueryError
from prestatiegraaf.query_output import (
    RESULT_FORMATS,
    CountedWriter,
    Output,
    Streamed,
    plain_batches,
    table_foot,
    table_head,
    table_lines,
    widen,
    write_results,
)
from prestatiegraaf.validate.query_tokens import remote_access
from prestatiegraaf.validate.time_limit import (
    Result,
    TimedOut,
    WriteFailed,
    run_stoppable,
    run_writing,
)

__all__ = [
    "RESULT_FORMATS",
    "QueryResult",
    "Streamed",
    "format_table",
    "read_query",
    "refuse_remote_access",
    "run_query",
    "serialize_results",
    "stream_results",
]

REFUSED = "would query a remote endpoint; refused (--allow-service allows it)"


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
    """Run a SELECT query on ``store``; all rows in memory (for small results).

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
        batches = plain_batches(solutions, source)
        return QueryResult(columns, tuple(tuple(row) for batch in batches for row in batch))

    _check(query, source, allow_service)
    if timeout is None:
        return rows()
    return _timed(lambda: run_stoppable(rows, timeout), source, timeout)


def stream_results(
    query: str,
    store: ox.Store,
    fmt: str,
    output: BinaryIO,
    *,
    source: Path | None = None,
    allow_service: bool = False,
    timeout: float | None = None,
) -> Streamed:
    """Write the results of a SELECT query to ``output`` as they come, in flat memory.

    ``fmt`` is ``table``, ``csv``, ``tsv`` or ``json``. With a ``timeout`` (``math.inf``: no
    limit, but Ctrl-C stops it) a forked child evaluates the query and writes the results
    straight to ``output``'s file descriptor (see
    :func:`~prestatiegraaf.validate.time_limit.run_writing`); None writes them from this
    process, without a limit. A query stopped after its first bytes leaves ``output``
    incomplete; the error says so.

    Raises:
        QueryError: the query does not parse, is not a SELECT query, would query a remote
            endpoint, fails or runs longer than ``timeout``.
        OutputError: ``output`` cannot be written (a full disk, a closed pipe).
        KeyboardInterrupt: Ctrl-C; with a ``timeout``, a
            :class:`~prestatiegraaf.validate.time_limit.Stopped` that tells whether the
            output had begun.

    """
    if fmt != "table" and fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown result format {fmt!r}", path=source)
    other = "only SELECT queries are supported"
    if fmt == "table":
        other = "only SELECT queries can be printed as a table"

    def write(sink: Output) -> Streamed:
        return write_results(_solutions(query, store, source, other), fmt, sink, source)

    _check(query, source, allow_service)
    if timeout is None:
        return _in_process(write, output)
    try:
        return _timed(lambda: run_writing(write, output, timeout), source, timeout)
    except WriteFailed as failed:
        raise _unwritable(failed.error) from None


def serialize_results(
    query: str,
    store: ox.Store,
    fmt: str,
    *,
    source: Path | None = None,
    allow_service: bool = False,
    timeout: float | None = None,
) -> bytes:
    """The results of a SELECT query in a W3C format (``csv``, ``tsv`` or ``json``), in memory.

    ``allow_service`` and ``timeout`` are as for :func:`run_query`; for large results,
    :func:`stream_results` writes them to a file instead.

    Raises:
        QueryError: the query does not parse, is not a SELECT query, would query a remote
            endpoint, fails or runs longer than ``timeout``.

    """
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown result format {fmt!r}", path=source)
    buffer = io.BytesIO()
    stream_results(
        query, store, fmt, buffer, source=source, allow_service=allow_service, timeout=timeout
    )
    return buffer.getvalue()


def _check(query: str, source: Path | None, allow_service: bool) -> None:
    if not allow_service:
        refuse_remote_access(query, source=source)


def _timed(run: Callable[[], Result], source: Path | None, timeout: float) -> Result:
    """``run()``, with its :class:`TimedOut` as a query error."""
    try:
        return run()
    except TimedOut as stopped:
        incomplete = "; the output is incomplete" if stopped.begun else ""
        raise QueryError(
            f"the query ran longer than {timeout:g} s (--timeout){incomplete}", path=source
        ) from None


def _unwritable(error: OSError) -> OutputError:
    return OutputError(f"cannot write the results: {error.strerror or error}")


def _in_process(write: Callable[[Output], Streamed], output: BinaryIO) -> Streamed:
    """``write`` to ``output`` from this process; see :func:`stream_results`."""
    counted = CountedWriter(output)
    streamed = write(counted)
    try:
        counted.flush()
    except OSError as exc:
        raise _unwritable(exc) from None
    return streamed


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


def format_table(result: QueryResult) -> str:
    """A plain-text table with a header row and aligned columns."""
    widths = widen([len(name) for name in result.columns], result.rows)
    lines = table_head(result.columns, widths)
    lines.extend(table_lines(result.rows, widths))
    lines.append(table_foot(len(result.rows)))
    return "\n".join(lines)
