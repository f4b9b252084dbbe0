"""Texts larger than any P&C paragraph, and RDF terms larger than the reader takes: clear errors."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from prestatiegraaf.cli import app

QUERIES = Path(__file__).resolve().parent.parent / "queries"


def test_a_paragraph_larger_than_any_document_holds_is_refused_in_one_line(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    words = "Wij steunen de techniek in Overijssel " * 120_000  # 4.6 MB, lines of 80 characters
    lines = [words[i : i + 80] for i in range(0, len(words), 80)]
    (corpus / "monitor-2019-i.txt").write_text(
        "5.2.1 Kiezen, leren en werken in de techniek\n\n" + "\n".join(lines), encoding="utf-8"
    )
    result = CliRunner().invoke(app, ["build", str(corpus), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    expected = r"monitor-2019-i\.txt:3: a paragraph of 4,\d{3},\d{3} characters; expected at most"
    assert re.search(expected, result.stderr)


def test_a_literal_larger_than_the_reader_takes_is_one_clear_line(tmp_path: Path) -> None:
    data = tmp_path / "big.ttl"
    data.write_text('<http://a.example/s> <http://a.example/p> "' + "x" * (17 << 20) + '" .\n')
    runner = CliRunner()
    for args in (
        ["query", str(QUERIES / "budget.rq"), "--data", str(data)],
        ["validate", str(data)],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"error: {data}: holds a term larger than the RDF reader")
        assert result.stderr.count("\n") == 1
