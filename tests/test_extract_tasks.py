"""The societal tasks ("Opgaven") a prestatie serves: read from project pages, one concept each."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from prestatiegraaf.extract.extracted import extract_document
from prestatiegraaf.graph import build_store, graph_triples
from prestatiegraaf.model import DocumentInfo, DocumentKind
from prestatiegraaf.report import section_fields
from prestatiegraaf.sources import load_source

DATA = Path(__file__).resolve().parent / "data"
MONITOR = DocumentInfo("Monitor 2022-II", DocumentKind.MONITOR, 2022, "II")
PAGE = """4.1.3 Veilig fietsen

Acties 2022

1. Wij pakken tien kruispunten aan.

Opgaven

- Goede bereikbaarheid
- Gezonde leefomgeving.
- goede bereikbaarheid
"""


@pytest.mark.parametrize("name", ["sources/w2_project_page.txt", "html/w2_project_page.html"])
def test_project_pages_give_their_tasks(name: str) -> None:
    (section,) = extract_document(load_source(DATA / name, document=MONITOR)).sections
    assert [task.name for task in section.tasks] == ["Goede bereikbaarheid"]
    assert section.tasks[0].span is not None
    assert section_fields(section)["opgaven"] == 1
    assert not [part for part in section.unparsed if part.where == "opgaven"]


def test_each_task_once_and_other_text_not_understood(tmp_path: Path) -> None:
    page = tmp_path / "monitor-2022-ii.txt"
    page.write_text(PAGE + "| Opgave | Aandeel |\n| --- | --- |\n| Energie | 40% |\n")
    (section,) = extract_document(load_source(page, document=MONITOR)).sections
    assert [task.name for task in section.tasks] == ["Goede bereikbaarheid", "Gezonde leefomgeving"]
    assert [part.text for part in section.unparsed if part.where == "opgaven"] == [
        "| Opgave | Aandeel |",
        "| Energie | 40% |",
    ]


def test_a_task_is_one_concept_whatever_document_names_it(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(PAGE)
    second.write_text(PAGE.replace("goede bereikbaarheid\n", "Goede Bereikbaarheid\n"))
    later = DocumentInfo("Jaarverslag 2022", DocumentKind.JAARVERSLAG, 2022)
    documents = [
        extract_document(load_source(first, document=MONITOR)),
        extract_document(load_source(second, document=later)),
    ]
    store = build_store(graph_triples(documents, "https://example.org/pg"))
    rows = store.query(
        """PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?doc ?task ?label WHERE {
          ?d pg:opgave ?task ; dcterms:isPartOf/dcterms:title ?doc .
          ?task a pg:Opgave ; skos:prefLabel ?label }"""
    )
    assert isinstance(rows, ox.QuerySolutions)
    found = sorted((r["doc"].value, r["task"].value, r["label"].value) for r in rows)
    task = "https://example.org/pg/id/opgave/"
    assert found == [
        ("Jaarverslag 2022", task + "gezonde-leefomgeving", "Gezonde leefomgeving"),
        ("Jaarverslag 2022", task + "goede-bereikbaarheid", "Goede bereikbaarheid"),
        ("Monitor 2022-II", task + "gezonde-leefomgeving", "Gezonde leefomgeving"),
        ("Monitor 2022-II", task + "goede-bereikbaarheid", "Goede bereikbaarheid"),
    ]
