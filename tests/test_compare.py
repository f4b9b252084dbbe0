"""``diff``: what changed for each prestatie between two documents."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from prestatiegraaf.cli import app
from prestatiegraaf.compare import diff_documents, find_document, format_diff
from prestatiegraaf.errors import QueryError
from prestatiegraaf.pipeline import BuildResult


def test_find_document_by_title_or_slug(seed_store: ox.Store) -> None:
    expected = "https://w3id.org/prestatiegraaf/id/document/monitor-2016-ii"
    assert find_document(seed_store, "Monitor 2016-II") == expected
    assert find_document(seed_store, "monitor-2016-ii") == expected
    with pytest.raises(QueryError, match="documents: Begroting 2017, Monitor 2016-II"):
        find_document(seed_store, "Jaarverslag 2030")


def test_extended_and_reworded_actions_are_matched(seed_store: ox.Store) -> None:
    diff = diff_documents(seed_store, "Begroting 2017", "Monitor 2019-I")
    (change,) = diff.prestaties
    assert change.code == "5.2.1" and change.status == "changed"
    reworded = [pair["before"][:40] for pair in change.actions_reworded]
    assert reworded == [
        "Wij maken prestatieafspraken met de regi",
        "Wij steunen 2 samenwerkingsprojecten van",
    ]
    assert len(change.actions_added) == 3 and len(change.actions_dropped) == 3
    assert change.changes == []  # same targets, no budget or colours in either


def test_budget_scores_and_targets_changes(seed_store: ox.Store) -> None:
    (change,) = diff_documents(seed_store, "Monitor 2016-II", "Begroting 2017").prestaties
    fields = {item["field"]: (item["before"], item["after"]) for item in change.changes}
    assert fields["budget begroot"] == ("1532000", None)
    assert fields["kleur financien"] == ("oranje", None)
    assert fields["doel"] == ([], ["40% in 2020"])
    assert "~ budget begroot: 1532000 -> (not stated)" in format_diff(
        diff_documents(seed_store, "Monitor 2016-II", "Begroting 2017")
    )


def test_same_document_is_unchanged(seed_store: ox.Store) -> None:
    (change,) = diff_documents(seed_store, "Monitor 2016-II", "Monitor 2016-II").prestaties
    assert change.status == "unchanged"


def test_code_filter(seed_store: ox.Store) -> None:
    assert (
        diff_documents(seed_store, "Begroting 2017", "Monitor 2019-I", code="9.9.9").prestaties
        == []
    )


def test_cli_diff_text_and_json(seed_build: BuildResult) -> None:
    folder = str(seed_build.files[0].parent)
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "diff",
            "Begroting 2017",
            "Monitor 2019-I",
            "-d",
            folder,
            "--code",
            "5.2.1",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["prestaties"][0]["status"] == "changed"
    result = runner.invoke(app, ["diff", "Begroting 2017", "Begroting 2030", "-d", folder])
    assert result.exit_code == 2 and "no document 'Begroting 2030'" in result.stderr
