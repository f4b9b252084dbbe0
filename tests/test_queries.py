"""The competency questions answer exactly what a reader of the seeds finds."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

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
    "doelrealisatie": [
        "code",
        "indicator",
        "text",
        "comparison",
        "value",
        "unit",
        "deadline",
        "measured",
        "period",
        "gehaald",
    ],
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


def _readme_columns() -> dict[str, list[str]]:
    """The query files and their columns as the table of ``queries/README.md`` lists them."""
    found = {}
    for line in (QUERIES / "README.md").read_text("utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`") and cells[0].endswith(".rq`"):
            found[cells[0].strip("`").removesuffix(".rq")] = _names(cells[2])
    return found


def _names(text: str) -> list[str]:
    """Column names of a comma-separated list, without notes in brackets: ``unit (a/b)``."""
    return [re.sub(r"\(.*?\)", "", part).strip() for part in text.split(",")]


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_file_states_its_question_first(path: Path) -> None:
    """The header comments state the question in English and Dutch and the real columns."""
    lines = path.read_text("utf-8").splitlines()
    assert re.fullmatch(r"# Question: \S.*\?", lines[0]), lines[0]
    assert re.fullmatch(r"# Vraag: \S.*\?", lines[1]), lines[1]
    assert lines[2].startswith("# Columns: "), lines[2]
    stated = _names(lines[2].removeprefix("# Columns: "))
    selected = list(run_query(read_query(path), ox.Store(), source=path).columns)
    assert stated == selected == COLUMNS[path.stem] == _readme_columns()[path.stem]


# One row of each answer as a reader of the seeds finds it (the golden CSVs hold them all).
KNOWN_ROWS = {
    "prestaties": ("5.2.1", "Kiezen, leren en werken in de techniek", "Monitor 2016-II"),
    "acties": (
        "5.2.1",
        "Monitor 2016-II",
        "3",
        "Herijking Techniekpactafspraken in Overijsselse regio's.",
    ),
    "doelen": ("5.2.1", "Monitor 2019-I", "40", "percent", "2020"),
    "actoren": ("5.2.1", "Nationaal Techniekpact 2020"),
    "budget": ("5.2.1", "Monitor 2016-II", "1532000", "429000", "1103000"),
    "besluiten": ("5.2.1", "Monitor 2016-II", "PS/2016/196"),
    "governance": ("5.2.1", "Monitor 2019-I", "Eddy van Hijum", "regisseur", "structureel"),
    "kleurscores": ("5.2.1", "Monitor 2016-II", "financien", "oranje"),
    "verwijzingen": ("5.2.1", "Monitor 2019-I", "5.4.2"),
    "tijdlijn": ("5.2.1", "Monitor 2016-II", "2016", "II", "3", "1532000", "429000", "groen"),
    "doelrealisatie": ("5.2.1", "instroom-technische-studies-mbo-hbo-wo"),
}


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_every_query_returns_its_golden_rows_on_the_seeds(path: Path, seed_store: ox.Store) -> None:
    """``run_query`` (the table and the library) gives the golden rows, as plain values."""
    result = run_query(read_query(path), seed_store, source=path)
    expected_header, expected_rows = _rows(
        (EXPECTED / "queries" / f"{path.stem}.csv").read_text("utf-8")
    )
    assert list(result.columns) == expected_header
    assert sorted(list(row) for row in result.rows) == expected_rows
    known = KNOWN_ROWS[path.stem]
    assert any(row[: len(known)] == known for row in result.rows), known
