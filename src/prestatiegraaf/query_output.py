"""Write the solutions of a SELECT query as they come: W3C result formats and a plain table.

Nothing here holds all rows: the W3C formats are written by pyoxigraph in chunks as it finds
solutions; the table, which needs every column's width before its first line, keeps its rows
in a temporary file in batches and prints them from there.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import IO, BinaryIO, Protocol, cast

import pyoxigraph as ox

from prestatiegraaf.errors import OutputError, QueryError

RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}
BATCH = 4096  # rows held at a time


class Output(Protocol):
    """Where results go: a writer that counts its bytes and keeps its first failure."""

    written: int
    error: OSError | None

    def write(self, data: bytes) -> int:
        """Write all of ``data``."""

    def flush(self) -> None:
        """Pass on what was written."""


@dataclass(frozen=True)
class Streamed:
    """What was written: bytes and, for the table, rows (None where they were not counted)."""

    size: int
    rows: int | None


def write_results(
    solutions: ox.QuerySolutions, fmt: str, output: Output, source: Path | None = None
) -> Streamed:
    """Write ``solutions`` to ``output`` as ``fmt``: ``table``, ``csv``, ``tsv`` or ``json``.

    Raises:
        OutputError: ``output`` cannot be written (a full disk, a closed pipe).
        QueryError: the query fails while it runs, or the table's rows cannot be kept.

    """
    if fmt == "table":
        rows = _write_table(solutions, output, source)
        return Streamed(output.written, rows)
    try:
        solutions.serialize(cast(IO[bytes], output), RESULT_FORMATS[fmt])  # needs write() only
    except OSError as exc:
        raise _failure(exc, output, source) from None
    return Streamed(output.written, None)


def plain_batches(
    solutions: ox.QuerySolutions, source: Path | None = None, size: int = BATCH
) -> Iterator[list[list[str]]]:
    """The solutions as plain values (lexical forms; an empty string when unbound), in batches.

    Raises:
        QueryError: the query fails while it runs.

    """
    found = iter(solutions)
    try:
        while batch := list(islice(found, size)):
            # a solution iterates its values in column order; far cheaper than a lookup per name
            try:
                rows = [[term.value for term in solution] for solution in batch]
            except AttributeError:  # an unbound variable (None) or a quoted triple
                rows = [[_plain(term) for term in solution] for solution in batch]
            yield rows
    except OSError as exc:
        raise QueryError(f"the query failed: {exc}", path=source) from None


def _plain(term: object) -> str:
    if term is None:
        return ""
    value = getattr(term, "value", None)
    return value if isinstance(value, str) else str(term)


def widen(widths: list[int], rows: Sequence[Sequence[str]]) -> list[int]:
    """``widths`` grown to fit every cell of ``rows``."""
    if not rows:
        return widths
    columns = zip(*rows, strict=True)
    return [max(w, *map(len, column)) for w, column in zip(widths, columns, strict=True)]


def table_line(cells: Sequence[str], widths: Sequence[int]) -> str:
    """One line of the table: the cells left-aligned in their columns."""
    return "  ".join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)).rstrip()


def table_lines(rows: Iterable[Sequence[str]], widths: Sequence[int]) -> list[str]:
    """The lines of ``rows``, as :func:`table_line` makes them, at a fraction of its cost."""
    template = "  ".join(f"{{:<{w}}}" for w in widths)
    return [template.format(*row).rstrip() for row in rows]


def table_head(columns: Sequence[str], widths: Sequence[int]) -> list[str]:
    """The header line and the line of dashes under it."""
    return [table_line(columns, widths), table_line(["-" * w for w in widths], widths)]


def table_foot(rows: int) -> str:
    """The last line of the table: the number of rows."""
    return f"({rows} row{'s' if rows != 1 else ''})"


def _write_table(solutions: ox.QuerySolutions, output: Output, source: Path | None) -> int:
    """Print ``solutions`` as an aligned table; the number of rows."""
    columns = [variable.value for variable in solutions.variables]
    widths = [len(name) for name in columns]
    count = 0
    try:
        with tempfile.TemporaryFile(prefix="prestatiegraaf-table-") as spool:
            for batch in plain_batches(solutions, source):
                widths = widen(widths, batch)
                count += len(batch)
                pickle.dump(batch, spool, pickle.HIGHEST_PROTOCOL)
            spool.seek(0)
            _print(output, table_head(columns, widths), source)
            for batch in _batches(spool):
                _print(output, table_lines(batch, widths), source)
            _print(output, [table_foot(count)], source)
    except OutputError:
        raise
    except OSError as exc:  # the temporary file: no room in the temporary folder
        raise QueryError(
            f"cannot keep the table's rows in a temporary file: {exc.strerror or exc}",
            path=source,
        ) from None
    return count


def _batches(spool: IO[bytes]) -> Iterator[list[list[str]]]:
    """The batches of rows kept in ``spool``, in order."""
    while True:
        try:
            yield pickle.load(spool)
        except EOFError:
            return


def _print(output: Output, lines: Iterable[str], source: Path | None) -> None:
    """Write ``lines`` to ``output``, each ended by a newline, in one write."""
    text = "".join(f"{line}\n" for line in lines)
    try:
        output.write(text.encode("utf-8"))
    except OSError as exc:
        raise _failure(exc, output, source) from None


def _failure(exc: OSError, output: Output, source: Path | None) -> QueryError | OutputError:
    """The error for ``exc`` raised while writing results: the output's or the query's."""
    if output.error is not None:
        return OutputError(f"cannot write the results: {output.error.strerror or output.error}")
    incomplete = "; the output is incomplete" if output.written else ""
    return QueryError(f"the query failed: {exc}{incomplete}", path=source)


class CountedWriter:
    """Writes to a file object, counting the bytes and keeping the first failure."""

    def __init__(self, output: BinaryIO) -> None:
        self.output = output
        self.written = 0
        self.error: OSError | None = None

    def write(self, data: bytes) -> int:
        """Write ``data``; count it, or keep the error and raise it."""
        try:
            self.output.write(data)
        except OSError as error:
            self.error = error
            raise
        self.written += len(data)
        return len(data)

    def flush(self) -> None:
        """Flush the output; keep the error and raise it."""
        try:
            self.output.flush()
        except OSError as error:
            self.error = error
            raise
