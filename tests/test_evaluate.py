"""Scoring the competency questions against hand-written answers (``prestatiegraaf evaluate``)."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from prestatiegraaf.cli import app
from prestatiegraaf.errors import SourceError
from prestatiegraaf.evaluate import evaluate, score_rows

ACTIONS = "code,document,number,text\n"
THREE = "5.2.1,Monitor 2016-II,3,Herijking Techniekpactafspraken in Overijsselse regio's.\n"


def _answers(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def test_scores_rows_one_to_one(seed_store: ox.Store, tmp_path: Path) -> None:
    answers = _answers(
        tmp_path,
        kleurscores="code,document,aspect,score\n"
        "5.2.1,Monitor 2016-II,acties,groen\n"
        "5.2.1,Monitor 2016-II,financien,groen\n"  # the document says oranje
        "5.2.1,Monitor 2016-II,integraal,groen\n",
    )
    (score,) = evaluate(answers, seed_store).scores
    assert (score.question, score.expected, score.found, score.matched) == ("kleurscores", 3, 3, 2)
    assert score.missing == (("5.2.1", "Monitor 2016-II", "financien", "groen"),)
    assert score.wrong == (("5.2.1", "Monitor 2016-II", "financien", "oranje"),)
    assert score.precision == pytest.approx(2 / 3) and score.f1 == pytest.approx(2 / 3)


def test_texts_match_by_their_words_not_their_spacing() -> None:
    columns = ("code", "number", "text")
    found = [("5.2.1", "1", "Wij steunen de Tech-Your-Future hogescholen in Overijssel en Twente.")]
    close = [("5.2.1", "1", "Wij steunen de TechYourFuture hogescholen in Overijssel en Twente.")]
    cut = [("5.2.1", "1", "Wij steunen de Tech-Your-Future hogescholen.")]
    other_number = [("5.2.1", "2", found[0][2])]
    assert score_rows("acties", columns, close, found).matched == 1
    assert score_rows("acties", columns, cut, found).matched == 0
    assert score_rows("acties", columns, other_number, found).matched == 0


def test_numbers_compare_by_value_and_cells_by_normal_form() -> None:
    columns = ("code", "value", "actor")
    found = [("5.2.1", "40.0", "ROC’s  van Twente")]
    assert score_rows("doelen", columns, [("5.2.1", "40", "roc's van twente")], found).matched == 1
    assert score_rows("doelen", columns, [("5.2.1", "41", "roc's van twente")], found).matched == 0


def test_the_macro_f1_averages_the_questions(seed_store: ox.Store, tmp_path: Path) -> None:
    answers = _answers(
        tmp_path,
        acties=ACTIONS + THREE,
        verwijzingen="code,document,related_code\n5.2.1,Monitor 2019-I,5.4.2\n",
    )
    result = evaluate(answers, seed_store)
    acties, verwijzingen = result.scores
    assert (acties.expected, acties.matched, acties.found) == (1, 1, 13)
    assert acties.recall == 1.0 and acties.precision == pytest.approx(1 / 13)
    assert verwijzingen.f1 == 1.0
    assert result.macro_f1 == pytest.approx((acties.f1 + 1.0) / 2)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {"acties": ACTIONS + "5.2.1,Monitor 2016-II,1\n"},
            "acties.csv:2: 3 cells where the header",
        ),
        ({"kosten": "code\n5.2.1\n"}, "no question 'kosten'"),
        ({"acties": "code,number\n5.2.1,1\n"}, "acties.csv:1: columns code, number differ"),
        ({}, "no answer files"),
    ],
    ids=["short-row", "unknown-question", "other-columns", "empty-folder"],
)
def test_bad_answer_files_are_named(
    seed_store: ox.Store, tmp_path: Path, files: dict[str, str], message: str
) -> None:
    answers = _answers(tmp_path / "answers", **files)
    with pytest.raises(SourceError) as caught:
        evaluate(answers, seed_store)
    assert message in str(caught.value)


def test_cli_extracts_the_sources_beside_the_answers(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parent.parent / "examples"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in examples.iterdir():
        (corpus / path.name).write_bytes(path.read_bytes())
    answers = _answers(corpus / "answers", kleurscores="code,document,aspect,score\n"
                       "5.2.1,Monitor 2016-II,acties,groen\n")  # fmt: skip
    runner = CliRunner()
    done = runner.invoke(app, ["evaluate", str(answers), "--format", "json"])
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert report["questions"][0]["matched"] == 1 and report["questions"][0]["found"] == 3
    assert report["macro_f1"] == pytest.approx(0.5)
    failed = runner.invoke(app, ["evaluate", str(answers), "--fail-under", "0.9"])
    assert failed.exit_code == 1 and "macro F1 0.500 over 1 questions" in failed.stdout
    missing = runner.invoke(app, ["evaluate", str(tmp_path / "none")])
    assert missing.exit_code == 2 and "no answer files" in missing.stderr


def test_only_the_answers_about_the_documents_asked_for(
    seed_store: ox.Store, tmp_path: Path
) -> None:
    answers = _answers(
        tmp_path,
        prestaties="code,title,document\n5.2.1,Kiezen,Monitor 2016-II\n"
        "5.2.1,Kiezen,Begroting 2017\n",
        besluiten="code,document,decision\n5.2.1,Monitor 2016-II,PS/2016/196\n"
        "5.2.1,Begroting 2020,PS/2019/1\n",
        actoren="code,actor\n5.2.1,TechYourFuture\n9.9.9,Elders\n",
    )
    scores = {
        s.question: s for s in evaluate(answers, seed_store, documents={"Monitor 2016-II"}).scores
    }
    assert (scores["besluiten"].expected, scores["besluiten"].matched) == (1, 1)
    assert (scores["actoren"].expected, scores["actoren"].matched) == (1, 1)
    assert scores["prestaties"].expected == 1


def test_the_development_set_builds_conforming_and_scores(tmp_path: Path) -> None:
    """The hand-answered sections the extractor was tuned on stay right (a regression gate)."""
    dev = Path(__file__).resolve().parent / "data" / "evaluation" / "dev"
    runner = CliRunner()
    built = runner.invoke(app, ["build", str(dev), "--out", str(tmp_path / "out"), "--no-cache"])
    assert built.exit_code == 0, built.output
    assert "0 violations" in built.stderr
    scored = runner.invoke(app, ["evaluate", str(dev / "answers"), "--format", "json"])
    report = json.loads(scored.stdout)
    assert report["macro_f1"] >= 0.95
    assert {q["question"]: q["f1"] for q in report["questions"]}["actoren"] >= 0.9
