"""A prestatie's history: versions over the cycle, renumbering between and within periods."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from prestatiegraaf.extract.extracted import ExtractedDocument, extract_document
from prestatiegraaf.graph import IriMinter, build_store, graph_triples
from prestatiegraaf.graph.build import graph_ntriples, overrides
from prestatiegraaf.graph.document_part import document_ntriples
from prestatiegraaf.graph.history import cycle_key, index_prestaties, similar, title_words
from prestatiegraaf.model import DocumentInfo, DocumentKind
from prestatiegraaf.namespaces import DEFAULT_BASE
from prestatiegraaf.serialize import (
    canonical_ntriples,
    merged_ntriples,
    sorted_part,
    to_ntriples,
)
from prestatiegraaf.sources import load_source

BASE = "https://w3id.org/prestatiegraaf/id"
SECTION = """{code} {title}

Wij werken aan {title_lower}.

Acties

1. Wij doen het eerste.
2. Wij doen het tweede.
"""


def _doc(
    tmp: Path, name: str, info: DocumentInfo, sections: list[tuple[str, str]]
) -> ExtractedDocument:
    path = tmp / f"{name}.txt"
    text = "\n".join(SECTION.format(code=c, title=t, title_lower=t.lower()) for c, t in sections)
    path.write_text(text, "utf-8")
    return extract_document(load_source(path, document=info))


def _info(kind: DocumentKind, year: int, period: str | None = None) -> DocumentInfo:
    name = kind.value.capitalize() + f" {year}" + (f"-{period}" if period else "")
    return DocumentInfo(name, kind, year, period)


def _rows(store: ox.Store, query: str) -> set[tuple[str, ...]]:
    result = store.query(
        "PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX prov: <http://www.w3.org/ns/prov#> "
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> " + query
    )
    assert isinstance(result, ox.QuerySolutions)
    return {tuple(s[v].value for v in result.variables) for s in result}


@pytest.fixture
def docs(tmp_path: Path) -> list[ExtractedDocument]:
    return [
        _doc(
            tmp_path,
            "b2018",
            _info(DocumentKind.BEGROTING, 2018),
            [("4.1.1", "Verbeteren van de doorstroming"), ("4.1.2", "Veilig fietsen")],
        ),
        _doc(
            tmp_path,
            "m2018i",
            _info(DocumentKind.MONITOR, 2018, "I"),
            [
                ("4.1.1", "Verbeteren van de doorstroming op wegen"),
                ("4.1.2", "Openbaar vervoer in de regio"),
            ],
        ),
        _doc(
            tmp_path,
            "j2018",
            _info(DocumentKind.JAARVERSLAG, 2018),
            [("4.1.1", "Verbeteren van de doorstroming")],
        ),
        _doc(
            tmp_path,
            "b2020",
            _info(DocumentKind.BEGROTING, 2020),
            [("4.2.3", "Verbeteren van de doorstroming"), ("4.1.1", "Schone lucht")],
        ),
    ]


@pytest.fixture
def store(docs: list[ExtractedDocument]) -> ox.Store:
    return build_store(graph_triples(docs))


def test_parts_made_file_by_file_give_the_same_graph(
    docs: list[ExtractedDocument], tmp_path: Path
) -> None:
    """Workers map each file with default prestaties; the index corrects a reused code."""
    parts: list[Path | None] = []
    for number, doc in enumerate(docs):
        part = tmp_path / f"{number}.nt"
        part.write_bytes(sorted_part(document_ntriples(doc, DEFAULT_BASE)))
        parts.append(part)
    merged = merged_ntriples(graph_ntriples(docs, DEFAULT_BASE, parts, form=sorted_part))
    assert merged == to_ntriples(graph_triples(docs))
    index = index_prestaties(docs, IriMinter(DEFAULT_BASE))
    assert overrides(docs, index) == [{}, {"4.1.2": f"{BASE}/prestatie/2015-2019/4.1.2-2"}, {}, {}]
    reused = (
        f"<{BASE}/prestatiebeschrijving/monitor-2018-i/4.1.2> "
        f"<http://purl.org/dc/terms/isVersionOf> <{BASE}/prestatie/2015-2019/4.1.2-2> .\n"
    )
    assert reused.encode() in merged
    assert reused.encode() not in canonical_ntriples([(tmp_path / "1.nt").read_bytes()])


def test_descriptions_are_revisions_in_cycle_order(store: ox.Store) -> None:
    revisions = _rows(store, "SELECT ?later ?earlier WHERE { ?later prov:wasRevisionOf ?earlier }")
    d = f"{BASE}/prestatiebeschrijving"
    assert (f"{d}/monitor-2018-i/4.1.1", f"{d}/begroting-2018/4.1.1") in revisions
    assert (f"{d}/jaarverslag-2018/4.1.1", f"{d}/monitor-2018-i/4.1.1") in revisions


def test_same_code_other_period_is_another_prestatie(store: ox.Store) -> None:
    versions = _rows(store, "SELECT ?d ?p WHERE { ?d dcterms:isVersionOf ?p }")
    assert (
        f"{BASE}/prestatiebeschrijving/begroting-2020/4.1.1",
        f"{BASE}/prestatie/2019-2023/4.1.1",
    ) in versions
    assert (
        f"{BASE}/prestatiebeschrijving/begroting-2018/4.1.1",
        f"{BASE}/prestatie/2015-2019/4.1.1",
    ) in versions


def test_same_code_new_meaning_within_a_period_is_split(store: ox.Store) -> None:
    versions = _rows(store, "SELECT ?d ?p WHERE { ?d dcterms:isVersionOf ?p }")
    assert (
        f"{BASE}/prestatiebeschrijving/begroting-2018/4.1.2",
        f"{BASE}/prestatie/2015-2019/4.1.2",
    ) in versions
    assert (
        f"{BASE}/prestatiebeschrijving/monitor-2018-i/4.1.2",
        f"{BASE}/prestatie/2015-2019/4.1.2-2",
    ) in versions
    notation = _rows(
        store, f"SELECT ?n WHERE {{ <{BASE}/prestatie/2015-2019/4.1.2-2> skos:notation ?n }}"
    )
    assert notation == {("4.1.2",)}


def test_same_title_other_code_is_linked(store: ox.Store) -> None:
    links = _rows(store, "SELECT ?new ?old WHERE { ?new dcterms:replaces ?old }")
    assert links == {(f"{BASE}/prestatie/2019-2023/4.2.3", f"{BASE}/prestatie/2015-2019/4.1.1")}


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Kiezen, leren en werken in de techniek", "Kiezen, leren en werken in techniek", True),
        ("Verbeteren van de doorstroming", "Verbeteren van de doorstroming op wegen", True),
        ("Veilig fietsen", "Openbaar vervoer in de regio", False),
    ],
)
def test_title_similarity(a: str, b: str, same: bool) -> None:
    assert similar(title_words(a), title_words(b)) is same


def test_cycle_order() -> None:
    infos = [
        _info(DocumentKind.JAARVERSLAG, 2018),
        _info(DocumentKind.MONITOR, 2018, "II"),
        _info(DocumentKind.BEGROTING, 2019),
        _info(DocumentKind.MONITOR, 2018, "I"),
        _info(DocumentKind.BEGROTING, 2018),
        _info(DocumentKind.VOORJAARSNOTA, 2018),
    ]
    ordered = [i.title for i in sorted(infos, key=cycle_key)]
    assert ordered == [
        "Begroting 2018",
        "Monitor 2018-I",
        "Voorjaarsnota 2018",
        "Monitor 2018-II",
        "Jaarverslag 2018",
        "Begroting 2019",
    ]
