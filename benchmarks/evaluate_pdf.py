"""Score the PDF channel on the hand-answered evaluation set, with label-column printing.

The evaluation set (``tests/data/evaluation/{dev,holdout}``) holds source files and hand-made
answers. This script reads each TEXT and MARKDOWN source of the chosen folder with the
project's own readers, describes its prestatie sections (``tests/pdf_sections.py``) and
prints each document again as a P&C PDF with labels in a left column, action numbers in a
gutter, running headers and footers (``tests/pdf_print.py``), each starting lower on its first
page than the one before, so that page breaks fall in other places (inside Acties too). The
PDFs go into an output folder with a copy of the manifest (the same rows, the file names
changed to ``.pdf``); the answers are kept for the printed documents only (rows whose
``document`` is a printed document's title; ``actoren.csv`` rows whose code is a printed
section's). Then the graph of that folder is built and scored (``prestatiegraaf.evaluate``),
and the table and the macro F1 are printed with the command line used.

Develop and tune with the dev folder only; ``--holdout`` is scored once, at the end of a piece
of work. ``--text`` also scores the same text sources as text, for comparison.

    python benchmarks/evaluate_pdf.py [--holdout] [--style standard|plain] [--out DIR] [--text]
"""

from __future__ import annotations

import argparse
import csv
import shlex
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from pdf_fixtures import find_fonts  # noqa: E402
from pdf_print import STYLES, Section, print_sections  # noqa: E402
from pdf_sections import describe_sections  # noqa: E402
from prestatiegraaf.evaluate import (  # noqa: E402
    Evaluation,
    evaluate,
    format_evaluation,
    graph_of_sources,
)
from prestatiegraaf.sources import load_source  # noqa: E402
from prestatiegraaf.sources.manifest import read_manifest  # noqa: E402

EVALUATION = ROOT / "tests" / "data" / "evaluation"
TEXT_SUFFIXES = (".txt", ".md")
START_STEP = 0.37  # the share of a first page left blank grows by this from one document on


def print_folder(
    source: Path, out: Path, style: str, fonts: tuple[Path, Path]
) -> tuple[list[dict[str, str]], dict[str, list[Section]]]:
    """Print the text sources of ``source`` as PDFs into ``out``.

    Returns:
        The manifest rows of the printed files (file names ending in ``.pdf``) and the
        sections printed, by document title.

    """
    entries = {entry.path.name: entry for entry in read_manifest(source / "manifest.csv")}
    rows: list[dict[str, str]] = []
    printed: dict[str, list[Section]] = {}
    for row in _read_manifest_rows(source / "manifest.csv"):
        entry = entries[row["file"]]
        if entry.path.suffix not in TEXT_SUFFIXES:
            continue
        sections = describe_sections(load_source(entry.path, document=entry.document))
        pdf = out / f"{entry.path.stem}.pdf"
        start = START_STEP * len(rows) % 0.8  # page breaks at other places in each document
        print_sections(pdf, sections, entry.document.title, fonts, STYLES[style], start=start)
        rows.append({**row, "file": pdf.name})
        printed.setdefault(entry.document.title, []).extend(sections)
    return rows, printed


def _read_manifest_rows(path: Path) -> list[dict[str, str]]:
    """The rows of a manifest, as written."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_manifest(path: Path, rows: Sequence[dict[str, str]]) -> None:
    """Write manifest ``rows`` (with the header of the first) to ``path``."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def keep_answers(answers: Path, out: Path, titles: set[str], codes: set[str]) -> None:
    """Copy the answer files, keeping only the rows of the printed documents and sections."""
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(answers.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            table = list(csv.reader(handle))
        header, body = table[0], table[1:]
        column, wanted = ("document", titles) if "document" in header else ("code", codes)
        index = header.index(column)
        with (out / path.name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerows([header, *(row for row in body if row[index] in wanted)])


def score(folder: Path, answers: Path) -> tuple[Evaluation, list[str]]:
    """Build the graph of ``folder`` and score it against ``answers``; what was not read."""
    store, messages = graph_of_sources(folder)
    return evaluate(answers, store), messages


def report_score(folder: Path, answers: Path) -> str:
    """The score of ``folder`` as a table, after the files that could not be read."""
    evaluation, messages = score(folder, answers)
    return "".join(f"not read: {m}\n" for m in messages) + format_evaluation(evaluation)


def run(args: argparse.Namespace, out: Path, fonts: tuple[Path, Path]) -> str:
    """Print, keep the answers, copy the text sources if asked, and score; the report."""
    source = EVALUATION / ("holdout" if args.holdout else "dev")
    pdfs, answers = out / "pdf", out / "answers"
    pdfs.mkdir(parents=True, exist_ok=True)
    rows, printed = print_folder(source, pdfs, args.style, fonts)
    write_manifest(pdfs / "manifest.csv", rows)
    codes = {section.code for sections in printed.values() for section in sections}
    keep_answers(source / "answers", answers, set(printed), codes)
    report = [f"$ {shlex.join(['python', *sys.argv])}", f"printed to {pdfs}", ""]
    report += [f"PDF channel (label column, style {args.style})", report_score(pdfs, answers)]
    if args.text:
        texts = out / "text"
        texts.mkdir(exist_ok=True)
        text_rows = [{**row, "file": _find_text_source(source, row["file"])} for row in rows]
        for row in text_rows:
            shutil.copy(source / row["file"], texts / row["file"])
        write_manifest(texts / "manifest.csv", text_rows)
        report += ["The same sources read as text", report_score(texts, answers)]
    return "\n".join(report)


def _find_text_source(source: Path, pdf_name: str) -> str:
    """The text source a printed PDF was made from."""
    stem = Path(pdf_name).stem
    return next(p.name for p in source.iterdir() if p.stem == stem and p.suffix in TEXT_SUFFIXES)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation as the command line asks; 2 when no fonts are found."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holdout", action="store_true", help="score the holdout folder")
    parser.add_argument("--style", choices=sorted(STYLES), default="standard")
    parser.add_argument("--out", type=Path, help="keep the PDFs and answers in this folder")
    parser.add_argument("--text", action="store_true", help="also score the sources as text")
    args = parser.parse_args(argv)
    fonts = find_fonts()
    if fonts is None:
        print("no DejaVuSans.ttf with DejaVuSans-Bold.ttf found; cannot print PDFs")
        return 2
    if args.out is not None:
        print(run(args, args.out, fonts))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        print(run(args, Path(folder), fonts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
