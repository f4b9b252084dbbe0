"""The PDF evaluation script (benchmarks/evaluate_pdf.py) on the dev folder of the evaluation set.

The dev sources are printed as label-column PDFs and read back; the PDF channel must answer
the questions about as well as the same sources read as text. The holdout folder is never
used here.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from pdf_fixtures import find_fonts

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "data" / "evaluation" / "dev"


def _script() -> ModuleType:
    """Import ``benchmarks/evaluate_pdf.py`` as a module (the folder is not a package)."""
    path = ROOT / "benchmarks" / "evaluate_pdf.py"
    spec = importlib.util.spec_from_file_location("_bench_evaluate_pdf", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fonts() -> tuple[Path, Path]:
    found = find_fonts()
    if found is None:
        pytest.skip("no DejaVuSans.ttf with DejaVuSans-Bold.ttf in the usual font folders")
    return found


def test_dev_pdfs_score_as_the_text(fonts: tuple[Path, Path], tmp_path: Path) -> None:
    script = _script()
    rows, printed = script.print_folder(DEV, tmp_path, "standard", fonts)
    assert {row["file"] for row in rows} == {
        f"{path.stem}.pdf" for path in DEV.iterdir() if path.suffix in (".txt", ".md")
    }
    assert all((tmp_path / row["file"]).is_file() for row in rows)
    script.write_manifest(tmp_path / "manifest.csv", rows)
    codes = {section.code for sections in printed.values() for section in sections}
    answers = tmp_path.parent / f"{tmp_path.name}-answers"
    script.keep_answers(DEV / "answers", answers, set(printed), codes)
    evaluation, messages = script.score(tmp_path, answers)
    assert messages == []
    by_question = {s.question: s for s in evaluation.scores}
    assert by_question["prestaties"].expected == sum(len(s) for s in printed.values())
    assert evaluation.macro_f1 >= 0.95, script.format_evaluation(evaluation)
