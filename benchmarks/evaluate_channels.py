"""Score the hand-answered evaluation set per channel: text copies, saved HTML pages, and all.

    python benchmarks/evaluate_channels.py            # the development half
    python benchmarks/evaluate_channels.py --holdout  # the held-out half (score once, at the end)

Each channel's files are extracted on their own (with the rows of the manifest that name
them) and scored against the answers about their documents only, with
``prestatiegraaf.evaluate``; the label-column PDF prints of the same sections are scored by
``benchmarks/evaluate_pdf.py``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import sys
import tempfile
from pathlib import Path

from prestatiegraaf.evaluate import Evaluation, evaluate, graph_of_sources

SETS = Path(__file__).resolve().parent.parent / "tests" / "data" / "evaluation"
CHANNELS = {"text": (".txt", ".md"), "html": (".html", ".htm"), "all": (".txt", ".md", ".html")}


def manifest_rows(folder: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a set's manifest."""
    with (folder / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def score_channel(folder: Path, suffixes: tuple[str, ...]) -> tuple[int, Evaluation, list[str]]:
    """Extract the set's files with these suffixes on their own and score them."""
    header, rows = manifest_rows(folder)
    chosen = [row for row in rows if Path(row["file"]).suffix.lower() in suffixes]
    with tempfile.TemporaryDirectory() as work:
        target = Path(work)
        for row in chosen:
            shutil.copy2(folder / row["file"], target / row["file"])
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(chosen)
        (target / "manifest.csv").write_text(buffer.getvalue(), encoding="utf-8")
        store, problems = graph_of_sources(target)
    titles = {row["title"] for row in chosen}
    return len(chosen), evaluate(folder / "answers", store, documents=titles), problems


def main(argv: list[str] | None = None) -> int:
    """Print the macro F1 and the F1 of every question, per channel."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--holdout", action="store_true", help="score the held-out half")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    folder = SETS / ("holdout" if args.holdout else "dev")
    results = {}
    for channel, suffixes in CHANNELS.items():
        files, result, problems = score_channel(folder, suffixes)
        results[channel] = {"files": files, "problems": problems, **result.as_dict()}
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return 0
    questions = [q["question"] for q in results["all"]["questions"]]
    print(f"{folder.name}: macro F1 and F1 per question, by channel")
    print(f"{'channel':8} {'files':>5} {'macro':>6} " + " ".join(f"{q[:8]:>8}" for q in questions))
    for channel, found in results.items():
        f1 = {q["question"]: q["f1"] for q in found["questions"]}
        cells = " ".join(f"{f1[q]:>8.2f}" for q in questions)
        print(f"{channel:8} {found['files']:>5} {found['macro_f1']:>6.3f} {cells}")
        for problem in found["problems"]:
            print(f"  {channel}: {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
