"""Whole fixture corpora build and pass the validation gate with zero violations."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from conftest import ROOT
from prestatiegraaf.cli import app

DATA = ROOT / "tests" / "data"


def _build(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["build", *args])
    return result.exit_code, result.stdout, result.stderr


def test_every_text_layout_builds_and_conforms(tmp_path: Path) -> None:
    code, out, err = _build(str(DATA / "sources"), "--out", str(tmp_path))
    assert code == 0, err
    assert "16 files, 25 sections" in out
    assert "validation: 0 violations" in err


def test_saved_web_pages_build_and_conform(tmp_path: Path) -> None:
    code, out, err = _build(str(DATA / "html"), "--out", str(tmp_path), "--keep-going")
    assert code == 0, err
    assert "6 files, 1 failed, 10 sections" in out
    assert "contact.html: not a P&C page" in err
    assert "validation: 0 violations" in err
    code, _, err = _build(str(DATA / "html"), "--out", str(tmp_path / "strict"))
    assert code == 2 and "1 of 7 files failed" in err
