"""The nine competency questions answer exactly what a reader of the seeds finds."""

from __future__ import annotations

import csv
import io

import pyoxigraph as ox
import pytest

from conftest import EXPECTED, QUERIES
from prestatiegraaf.query import read_query, run_query, serialize_results

QUERY_FILES = sorted(p for p in QUERIES.glob("*.rq"))
COLUMNS = {
    "prestaties": ["code", "title", "document"],
    "acties": ["code", "document", "number", "text"],
    "doelen": ["code", "document", "value", "unit", "year", "text"],
    "actoren": ["code", "actor"],
    "budget": ["code", "document", "begroot", "besteed", "ruimte"],
    "besluiten": ["code", "document", "decision"],
    "governance": ["code", "document", "portefeuillehouder", "rol", "looptijd"],
    "kleurscores": ["code", "document", "aspect", "score"],
    "verwijzingen": ["code", "document", "related_code"],
    "tijdlijn": ["code", "document", "year", "period", "actions", "begroot", "besteed", "score"],
}


def _rows(text: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], sorted(rows[1:])


def test_every_question_has_a_query_file() -> None:
    assert {p.stem for p in QUERY_FILES} >= set(COLUMNS)


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_query_answers_match_golden(name: str, seed_store: ox.Store) -> None:
    query = read_query(QUERIES / f"{name}.rq")
    produced = serialize_results(query, seed_store, "csv").decode("utf-8")
    header, rows = _rows(produced)
    if name == "tijdlijn":  # rows come in cycle order: check that order too
        assert [r[1] for r in list(csv.reader(io.StringIO(produced)))[1:]] == [
            "Monitor 2016-II",
            "Begroting 2017",
            "Monitor 2019-I",
        ]
    expected_header, expected_rows = _rows(
        (EXPECTED / "queries" / f"{name}.csv").read_text("utf-8")
    )
    assert header == COLUMNS[name] == expected_header
    assert rows == expected_rows


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_file_states_its_question_first(path: ...) -> None:  # type: ignore[valid-type]
    lines = path.read_text("utf-8").splitlines()
    assert lines[0].startswith("# Question:")
    assert any(line.startswith("# Columns:") for line in lines[:4])


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_every_query_returns_rows_on_the_seeds(path: ..., seed_store: ox.Store) -> None:  # type: ignore[valid-type]
    result = run_query(read_query(path), seed_store, source=path)
    assert result.rows, f"{path.name} returned no rows"
