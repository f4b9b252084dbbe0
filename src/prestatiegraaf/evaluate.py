"""How right the graph is: the competency questions' answers scored against hand-written answers.

An answer set is a folder of CSV files, one per question, named after its query
(``acties.csv`` for ``queries/acties.rq``) and with the query's columns. Each question's
query runs on the graph; its rows are matched one to one with the expected rows, and
precision, recall and F1 are counted per question and averaged over the questions (macro F1).

Cells are compared in a normal form: Unicode NFC, curly quotes and dashes straight, white
space collapsed, case folded; numbers by value (``40`` equals ``40.0``). Columns named
``text`` and ``title`` hold whole sentences: two match when their characters, compared
without spaces and hyphens, agree for at least :data:`TEXT_SIMILARITY` of their length, so a
line break or a hyphen does not count as a wrong fact while a text cut in two does.
"""

from __future__ import annotations

import csv
import difflib
import re
import tempfile
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from prestatiegraaf.errors import SourceError
from prestatiegraaf.graph import build_store, graph_triples
from prestatiegraaf.pipeline import BuildOptions, extract_all
from prestatiegraaf.query import read_query, run_query
from prestatiegraaf.resources import queries_dir

TEXT_SIMILARITY = 0.9
TEXT_COLUMNS = frozenset({"text", "title"})
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
_GAPS = re.compile(r"[\s\-\u2010\u2011]+")


@dataclass(frozen=True)
class Score:
    """The score of one question: rows expected, found and matched."""

    question: str
    expected: int
    found: int
    matched: int
    missing: tuple[tuple[str, ...], ...] = ()  # expected rows not found
    wrong: tuple[tuple[str, ...], ...] = ()  # found rows not expected

    @property
    def precision(self) -> float:
        """Matched rows among the rows found (1 when nothing was found nor expected)."""
        return self.matched / self.found if self.found else float(not self.expected)

    @property
    def recall(self) -> float:
        """Matched rows among the rows expected (1 when nothing was expected)."""
        return self.matched / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass(frozen=True)
class Evaluation:
    """The scores of every question that has an answer file."""

    scores: tuple[Score, ...]

    @property
    def macro_f1(self) -> float:
        """The mean F1 over the questions."""
        return sum(s.f1 for s in self.scores) / len(self.scores) if self.scores else 0.0

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form, with precision, recall and F1 of each question."""
        questions = []
        for score in self.scores:
            entry = asdict(score)
            entry.update(precision=score.precision, recall=score.recall, f1=score.f1)
            questions.append(entry)
        return {"macro_f1": self.macro_f1, "questions": questions}


def graph_of_sources(folder: Path) -> tuple[ox.Store, list[str]]:
    """The graph of the sources in ``folder`` (its manifest describing them), unvalidated.

    A file that cannot be read adds nothing and is named in the returned messages, so it
    costs recall instead of stopping the evaluation.

    Raises:
        SourceError: the folder holds no source file.
        ManifestError: its manifest is malformed.
    """
    with tempfile.TemporaryDirectory() as out:
        options = BuildOptions(inputs=(folder,), out_dir=Path(out), cache=False, validate=False,
                               workers=1)  # fmt: skip
        documents, _, failures = extract_all(options)
    messages = [failure.message for failure in failures]
    return build_store(graph_triples(documents)), messages


def read_answers(path: Path) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The columns and rows of one answer file.

    Raises:
        SourceError: the file cannot be read, or a row has another number of cells than
            the header (the message names the line).
    """
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            table = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SourceError(f"cannot read answers: {exc}", path=path) from exc
    if not table:
        raise SourceError("answer file is empty; expected a header row", path=path, line=1)
    header, rows = tuple(table[0]), table[1:]
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            raise SourceError(
                f"{len(row)} cells where the header has {len(header)} ({', '.join(header)})",
                path=path,
                line=number,
            )
    return header, [tuple(row) for row in rows if any(cell.strip() for cell in row)]


def evaluate(
    answers: Path,
    store: ox.Store,
    queries: Path | None = None,
    documents: Collection[str] | None = None,
) -> Evaluation:
    """Score the answers the graph in ``store`` gives against the answer files in ``answers``.

    With ``documents`` (titles), only the answers about those documents are expected: rows of
    a question without a ``document`` column (``actoren``) count for the prestatie codes that
    ``prestaties.csv`` gives those documents.

    Raises:
        SourceError: ``answers`` holds no answer file, a file names no known question, or its
            columns differ from the query's.
        QueryError: a query cannot run.
    """
    folder = queries or queries_dir()
    files = sorted(answers.glob("*.csv")) if answers.is_dir() else []
    if not files:
        raise SourceError("no answer files (*.csv) found", path=answers)
    codes = _codes_of(answers / "prestaties.csv", documents) if documents is not None else None
    scores = []
    for path in files:
        query_file = folder / f"{path.stem}.rq"
        if not query_file.is_file():
            raise SourceError(f"no question {path.stem!r}: no {query_file.name} in {folder}",
                              path=path)  # fmt: skip
        header, expected = read_answers(path)
        result = run_query(read_query(query_file), store, source=query_file)
        if header != result.columns:
            raise SourceError(
                f"columns {', '.join(header)} differ from the query's "
                f"({', '.join(result.columns)})",
                path=path,
                line=1,
            )
        if documents is not None:
            expected = _in_scope(header, expected, set(documents), codes)
        scores.append(score_rows(path.stem, header, expected, list(result.rows)))
    return Evaluation(tuple(scores))


def _codes_of(prestaties: Path, documents: Collection[str]) -> set[str] | None:
    """The codes ``prestaties.csv`` gives ``documents``; None without that file."""
    if not prestaties.is_file():
        return None
    header, rows = read_answers(prestaties)
    code, document = header.index("code"), header.index("document")
    return {row[code] for row in rows if row[document] in documents}


def _in_scope(
    header: tuple[str, ...],
    rows: list[tuple[str, ...]],
    documents: set[str],
    codes: set[str] | None,
) -> list[tuple[str, ...]]:
    """The expected rows about ``documents`` (by the code, where a question has no document)."""
    if "document" in header:
        column = header.index("document")
        return [row for row in rows if row[column] in documents]
    if codes is not None and "code" in header:
        column = header.index("code")
        return [row for row in rows if row[column] in codes]
    return rows


def score_rows(
    question: str,
    columns: Sequence[str],
    expected: Sequence[tuple[str, ...]],
    found: Sequence[tuple[str, ...]],
) -> Score:
    """Match found rows to expected rows one to one, and count.

    Exact rows are matched first; then each remaining expected row takes the most similar
    remaining found row whose cells all match (texts by similarity).
    """
    texts = [i for i, name in enumerate(columns) if name in TEXT_COLUMNS]
    want = [_normal_row(row, texts) for row in expected]
    have = [_normal_row(row, texts) for row in found]
    free = list(range(len(have)))
    unmatched: list[int] = []
    for i, row in enumerate(want):
        if row in (have[j] for j in free):
            free.remove(next(j for j in free if have[j] == row))
        else:
            unmatched.append(i)
    missing = []
    for i in unmatched:
        best = max(
            (j for j in free if _same(want[i], have[j], texts)),
            key=lambda j: _similarity(want[i], have[j], texts),
            default=None,
        )
        if best is None:
            missing.append(tuple(expected[i]))
        else:
            free.remove(best)
    matched = len(want) - len(missing)
    wrong = tuple(tuple(found[j]) for j in free)
    return Score(question, len(want), len(have), matched, tuple(missing), wrong)


def _normal_row(row: Sequence[str], texts: Sequence[int]) -> tuple[str, ...]:
    return tuple(_normal(cell, i in texts) for i, cell in enumerate(row))


def _normal(cell: str, text: bool) -> str:
    value = " ".join(unicodedata.normalize("NFC", cell).translate(_QUOTES).split()).casefold()
    if text:
        return value
    try:
        number = Decimal(value)
    except InvalidOperation:
        return value
    return format(number.normalize(), "f") if number.is_finite() else value


def _same(want: tuple[str, ...], have: tuple[str, ...], texts: Sequence[int]) -> bool:
    pairs = list(enumerate(zip(want, have, strict=True)))
    if any(a != b for i, (a, b) in pairs if i not in texts):
        return False
    return all(_text_ratio(a, b) >= TEXT_SIMILARITY for i, (a, b) in pairs if i in texts)


def _similarity(want: tuple[str, ...], have: tuple[str, ...], texts: Sequence[int]) -> float:
    return sum(_text_ratio(want[i], have[i]) for i in texts)


def _text_ratio(a: str, b: str) -> float:
    """Similarity of two texts, their characters compared without spaces and hyphens."""
    if a == b:
        return 1.0
    left, right = _GAPS.sub("", a), _GAPS.sub("", b)
    return difflib.SequenceMatcher(None, left, right, autojunk=False).ratio()


def format_evaluation(evaluation: Evaluation, *, details: bool = True) -> str:
    """A table: precision, recall and F1 per question and the macro F1; then what differed."""
    lines = [f"{'question':14} {'expected':>8} {'found':>6} {'matched':>7} "
             f"{'precision':>9} {'recall':>6} {'F1':>5}"]  # fmt: skip
    for s in evaluation.scores:
        lines.append(f"{s.question:14} {s.expected:>8} {s.found:>6} {s.matched:>7} "
                     f"{s.precision:>9.2f} {s.recall:>6.2f} {s.f1:>5.2f}")  # fmt: skip
    lines.append(f"macro F1 {evaluation.macro_f1:.3f} over {len(evaluation.scores)} questions")
    if details:
        for s in evaluation.scores:
            lines.extend(f"  {s.question} missing: {', '.join(row)}" for row in s.missing)
            lines.extend(f"  {s.question} wrong: {', '.join(row)}" for row in s.wrong)
    return "\n".join(lines) + "\n"
