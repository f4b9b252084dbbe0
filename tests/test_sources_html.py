"""Stage 1, sources: saved web pages of both site generations (W1 and W2) read as HTML.

The key check renders the three seeds as W1 pages (``html_render``) and asks every question of
``queries/`` of the graph built from those pages: the answers must equal the golden answers of
the text seeds.
The fixtures in ``tests/data/html`` are written for these tests in the structure of the
province's sites; each has its expectations below.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import EXAMPLES, EXPECTED, QUERIES, SEEDS
from html_render import CHROME_WORDS, render_w1_page
from prestatiegraaf.errors import SourceError
from prestatiegraaf.extract.extracted import ExtractedDocument, extract_document
from prestatiegraaf.graph import build_store, graph_triples
from prestatiegraaf.model import Channel, ElementKind, SourceDocument
from prestatiegraaf.query import read_query, serialize_results
from prestatiegraaf.sources import load_source
from prestatiegraaf.sources.html import load_html
from prestatiegraaf.sources.manifest import read_manifest

HTML = Path(__file__).resolve().parent / "data" / "html"
DOCUMENTS = {entry.path.name: entry.document for entry in read_manifest(EXAMPLES / "manifest.csv")}
SEED_STYLES = {
    "pdf": ("strong-inline", "div"),
    "web": ("dl", "main"),
    "markdown": ("strong-block", "article"),
}
GOLDEN_QUERIES = sorted(
    path.stem
    for path in QUERIES.glob("*.rq")
    if (EXPECTED / "queries" / f"{path.stem}.csv").exists()
)


@dataclass(frozen=True)
class Section:
    """What a reader finds in one prestatie of a fixture page."""

    actions: tuple[int, ...]
    scores: tuple[tuple[str, str], ...] = ()
    holders: tuple[str, ...] = ()
    decisions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    """A fixture page: its document (inferred, no manifest), sections and chrome texts."""

    document: str
    sections: dict[str, Section]
    chrome: tuple[str, ...]


W2_CHROME = ("Menu", "De Staat van Overijssel", "Terug naar navigatie")
PAGES = {
    "w1_monitor2017_chrome.html": Page(
        "Monitor 2017-II",
        {
            "4.3.2": Section(
                (1, 2, 3),
                (("integraal", "oranje"), ("acties", "groen"), ("financien", "rood")),
                ("Bert Boerman",),
                ("PS/2017/233", "PS/2016/412"),
            )
        },
        (
            "Direct naar de hoofdinhoud",
            "Zoekterm",
            "Startpagina",
            "Beleidsdoel 4.3",
            "Onderhouden van de provinciale wegen",
            "Vergroten van de verkeersveiligheid",
            "7.7.7",
            "Postbus 10078",
            "Disclaimer",
            "Toegankelijkheid",
            "cookies",
            "Akkoord",
            "Terug naar boven",
            "Monitor 2017-II",
            "Provincie Overijssel",
        ),
    ),
    "w1_begroting2018.html": Page(
        "Begroting 2018",
        {"6.2.1": Section((1, 2, 3, 4), holders=("Hester Maij",))},
        ("Naar de inhoud", "Cultuur", "Proclaimer", "functionele cookies", "Begroting 2018"),
    ),
    "w1_monitor2019_cp1252.html": Page(
        "Monitor 2019",
        {"2.2.1": Section((1, 2), holders=("Gert Harm ten Bolscher",))},
        (),
    ),
    "w2_listing_monitor2021.html": Page(
        "Monitor 2021-II",
        {
            "4.1.1": Section((1, 2, 3), (("inhoud", "groen"), ("financien", "oranje"))),
            "4.1.2": Section((1, 2), (("inhoud", "oranje"), ("financien", "groen"))),
            "4.2.1": Section((1, 2, 3), (("inhoud", "rood"), ("financien", "rood"))),
        },
        (*W2_CHROME, "4 Bereikbaarheid", "uitgave van de provincie"),
    ),
    "w2_listing_begroting2025.html": Page(
        "Begroting 2025",
        {
            "3.1.1": Section((1, 2), holders=("Liesbeth Grijsen",)),
            "3.2.1": Section((1, 2, 3), holders=("Martijn Dadema", "Erwin Hoogland")),
            "3.3.1": Section((1,), holders=("Erwin Hoogland",)),
        },
        (*W2_CHROME, "Natuur en water", "Luttenbergstraat"),
    ),
    "w2_project_page.html": Page(
        "Monitor 2022-II",
        {
            "1.2.3": Section(
                (1, 2, 3), (("inhoud", "oranje"),), ("Gert Harm ten Bolscher",), ("PS/2022/345",)
            )
        },
        (*W2_CHROME, "Verbeteren van het openbaar vervoer", "cookies"),
    ),
}
FIELDS = ("codes", "actions", "scores", "holders", "decisions", "document", "chrome")


@cache
def _loaded(name: str) -> tuple[SourceDocument, ExtractedDocument]:
    doc = load_html(HTML / name)
    return doc, extract_document(doc)


def _rows(text: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], sorted(rows[1:])


def _page(tmp_path: Path, body: str, name: str = "page.html", head: str = "") -> Path:
    path = tmp_path / name
    path.write_text(
        f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>", encoding="utf-8"
    )
    return path


# --- the seeds as web pages -----------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The three seeds rendered as W1 pages, each with another markup for its labels."""
    folder = tmp_path_factory.mktemp("seed-pages")
    pages = {}
    for seed, path in SEEDS.items():
        doc = load_source(path, document=DOCUMENTS[path.name])
        labels, wrapper = SEED_STYLES[seed]
        page = folder / f"{path.stem}.html"
        html = render_w1_page(doc, labels=labels, wrapper=wrapper, site=doc.document.title)
        page.write_text(html, encoding="utf-8")
        pages[seed] = page
    return pages


@pytest.fixture(scope="module")
def seed_html_store(seed_pages: dict[str, Path]) -> ox.Store:
    """A store built from the seed pages, with the manifest's document descriptions."""
    extracted = [
        extract_document(load_html(page, document=DOCUMENTS[SEEDS[seed].name]))
        for seed, page in seed_pages.items()
    ]
    return build_store(graph_triples(extracted))


def test_every_question_is_asked() -> None:
    assert len(GOLDEN_QUERIES) >= 9


@pytest.mark.parametrize("name", GOLDEN_QUERIES)
def test_seed_pages_answer_like_the_text_seeds(name: str, seed_html_store: ox.Store) -> None:
    query = read_query(QUERIES / f"{name}.rq")
    produced = serialize_results(query, seed_html_store, "csv").decode("utf-8")
    expected = (EXPECTED / "queries" / f"{name}.csv").read_text("utf-8")
    assert _rows(produced) == _rows(expected)


@pytest.mark.parametrize("seed", sorted(SEEDS), ids=str)
def test_seed_pages_drop_their_chrome(seed: str, seed_pages: dict[str, Path]) -> None:
    doc = load_html(seed_pages[seed])
    assert doc.channel is Channel.HTML
    assert doc.document == DOCUMENTS[SEEDS[seed].name]  # from <title>, no manifest needed
    texts = [e.text for e in doc.elements if e.kind is not ElementKind.CHROME]
    for word in CHROME_WORDS:
        assert word not in doc.text
        assert not any(word in text for text in texts)


# --- the fixtures ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "field"), [(name, field) for name in sorted(PAGES) for field in FIELDS]
)
def test_fixture_page(name: str, field: str) -> None:
    doc, extracted = _loaded(name)
    page = PAGES[name]
    sections = {section.code: section for section in extracted.sections}
    if field == "codes":
        assert list(sections) == list(page.sections)
    elif field == "document":
        assert doc.document.title == page.document
    elif field == "chrome":
        texts = [e.text for e in doc.elements if e.kind is not ElementKind.CHROME]
        for word in page.chrome:
            assert word not in doc.text, word
            assert not any(word in text for text in texts), word
    for code, expected in page.sections.items():
        section = sections[code]
        if field == "actions":
            assert tuple(action.number for action in section.actions) == expected.actions
        elif field == "scores":
            assert tuple((s.aspect, s.score) for s in section.scores) == expected.scores
        elif field == "holders":
            assert section.governance.portfolio_holders == expected.holders
        elif field == "decisions":
            assert tuple(d.identifier for d in section.decisions) == expected.decisions


@pytest.mark.parametrize("name", sorted(PAGES))
def test_lines_and_spans_quote_the_rendered_text(name: str) -> None:
    doc, extracted = _loaded(name)
    assert doc.channel is Channel.HTML
    for line in doc.lines:
        assert doc.text[line.offset : line.offset + len(line.raw)] == line.raw
    spans = [a.span for s in extracted.sections for a in s.actions]
    spans += [s.heading for s in extracted.sections]
    for span in spans:
        assert span is not None
        assert doc.text[span.start : span.end] == span.exact


def test_w1_monitor_keeps_structure() -> None:
    doc, extracted = _loaded("w1_monitor2017_chrome.html")
    lines = doc.text.splitlines()
    assert "## 4.3.2 Verbeteren van het regionale openbaar vervoer" in lines
    assert "\tBegroot\tBesteed\tRuimte" in lines
    assert "    - haltes langs de N340;" in lines
    assert lines[lines.index("## Financiën") + 2] == "Rood"  # an image named by its title
    assert "[OV in Overijssel](https://www.ov-overijssel.example/concessie)" in lines
    assert "Statenvoorstel Concessie West-Overijssel, zie PS/2017/233" in lines  # relative link
    section = extracted.sections[0]
    budget = section.budget
    assert budget is not None
    assert (budget.begroot, budget.besteed, budget.ruimte) == (2_400_000, 1_650_000, 750_000)
    assert "haltes bij de regionale ziekenhuizen" in section.actions[1].text
    assert section.governance.website_url == "https://www.ov-overijssel.example/concessie"
    assert section.governance.roles == ("regisseur", "investeerder")
    assert (section.governance.duration, section.governance.end_year) == ("niet-structureel", 2023)


def test_w1_begroting_labels_and_line_breaks() -> None:
    doc, extracted = _loaded("w1_begroting2018.html")
    lines = doc.text.splitlines()
    assert lines[lines.index("Looptijd prestatie:") + 1] == "Structureel."
    assert lines[lines.index("Verantwoordelijke portefeuillehouder:") + 1] == "Hester Maij."
    assert "4. Wij evalueren het netwerk van podia" in lines  # <ol start="3">, second item
    assert "    en stellen zo nodig de afspraken bij." in lines  # <br> inside the item
    section = extracted.sections[0]
    assert section.actions[3].text.endswith("podia en stellen zo nodig de afspraken bij.")
    assert section.governance.roles == ("regisseur", "faciliteerder")
    assert section.governance.reserve_relation is False
    chrome = [e for e in doc.elements if e.kind is ElementKind.CHROME]
    assert [e.note for e in chrome] == ["timestamp"]


def test_w2_pages_keep_labels_counters_and_amounts() -> None:
    doc, _ = _loaded("w2_listing_monitor2021.html")
    notes = [e.note for e in doc.elements if e.kind is ElementKind.CHROME]
    assert notes == ["document title", "listing counter"]
    _, extracted = _loaded("w2_project_page.html")
    section = extracted.sections[0]
    assert [(a.amount, a.kind) for a in section.amounts] == [(-425_000, "begrotingswijziging")]
    assert [e.topic for e in section.explanations] == ["begrotingswijziging", "voortgang"]


def test_list_numbers_follow_start_value_and_reversed(tmp_path: Path) -> None:
    body = (
        "<h1>5.2.1 Titel</h1><h2>Acties</h2>"
        '<ol start="4"><li>Vier</li><li value="9">Negen</li><li>Tien</li></ol>'
        "<p>Tussentekst.</p><ol reversed><li>Twee</li><li>Een</li></ol>"
        "<ul><li>Punt<ul><li>Sub<ol><li>Diep</li></ol></li></ul></li></ul>"
    )
    doc = load_html(_page(tmp_path, body))
    items = [(e.number, e.text, e.level) for e in doc.elements if e.kind is ElementKind.ITEM]
    assert items[:5] == [
        (4, "Vier", 0),
        (9, "Negen", 0),
        (10, "Tien", 0),
        (2, "Twee", 0),
        (1, "Een", 0),
    ]
    assert "- Punt\n    - Sub\n        1. Diep\n" in doc.text
    assert [level for _, _, level in items[5:]] == [0, 1, 1]


def test_colour_images_by_alt_title_or_file_name(tmp_path: Path) -> None:
    body = (
        "<h1>5.2.1 Titel</h1><p>Inhoudelijke kleurscore</p>"
        '<p><img src="/i/kleurscore-groen.png" alt=""></p>'
        '<p>Financiële kleurscore <img src="/i/x.png" alt="Rood"></p>'
        '<p><img src="/i/logo.png" alt="Provincie Overijssel"></p>'
        '<p><img src="/i/pijl-green.svg" alt=""> Lees verder</p>'
    )
    doc = load_html(_page(tmp_path, body))
    assert doc.text.splitlines()[2:] == [
        "Inhoudelijke kleurscore",
        "",
        "Groen",
        "",
        "Financiële kleurscore",
        "Rood",
        "",
        "Lees verder",
    ]


# --- decoding and document --------------------------------------------------------------------


def test_windows_1252_page_with_meta_charset() -> None:
    doc, extracted = _loaded("w1_monitor2019_cp1252.html")
    assert extracted.sections[0].title == "Stimuleren van energiecoöperaties"
    assert "‘procesgeld’" in doc.text
    assert [a.amount for a in extracted.sections[0].amounts] == [2_500_000]


def test_windows_1252_without_declaration_falls_back(tmp_path: Path) -> None:
    data = (HTML / "w1_monitor2019_cp1252.html").read_bytes().replace(b"windows-1252", b"")
    path = tmp_path / "page.html"
    path.write_bytes(data)
    assert "energiecoöperaties" in load_html(path).text


def test_bom_wins_over_meta_charset(tmp_path: Path) -> None:
    html = '<html><head><meta charset="windows-1252"></head><body><h1>5.2.1 Financiën</h1>'
    path = tmp_path / "bom.html"
    path.write_bytes(b"\xef\xbb\xbf" + html.encode("utf-8"))
    assert load_html(path).text.startswith("## 5.2.1 Financiën\n")


def test_explicit_encoding_that_does_not_fit() -> None:
    with pytest.raises(SourceError, match="not valid utf-8") as caught:
        load_html(HTML / "w1_monitor2019_cp1252.html", encoding="utf-8")
    assert caught.value.path == HTML / "w1_monitor2019_cp1252.html"


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("w1_monitor2017_chrome.html", "Monitor 2017-II"),  # <link rel="canonical">
        ("w2_listing_begroting2025.html", "Begroting 2025"),  # og:url
        ("w2_project_page.html", "Monitor 2022-II"),  # <title>
        ("w2_listing_monitor2021.html", "Monitor 2021-II"),  # <h1> in the content
    ],
)
def test_document_from_the_page_itself(name: str, title: str, tmp_path: Path) -> None:
    path = tmp_path / "pagina.html"
    path.write_bytes((HTML / name).read_bytes())
    assert load_html(path).document.title == title


def test_document_given_wins() -> None:
    info = DOCUMENTS["001_e4d768af5dac0265.txt"]
    assert load_html(HTML / "w2_project_page.html", document=info).document is info


# --- errors -------------------------------------------------------------------------------------


def test_contact_page_is_not_a_pc_page() -> None:
    with pytest.raises(SourceError, match=r"not a P&C page.*5\.2\.1") as caught:
        load_html(HTML / "contact.html")
    assert caught.value.path == HTML / "contact.html"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "binary"),
        (bytes(range(1, 32)) * 4, "binary"),
        (b"5.2.1 Kiezen, leren en werken in de techniek\n\nGewone tekst.", "no HTML markup"),
        (
            b"<!DOCTYPE html><html><head><title>Leeg</title></head><body> </body></html>",
            "no content",
        ),
        (b"<html><body><nav>5.2.1 Menu</nav></body></html>", "not a P&C page"),
        (b"   \n", "empty"),
    ],
    ids=["png", "control-bytes", "plain-text", "empty-body", "only-chrome", "blank"],
)
def test_unreadable_pages(data: bytes, message: str, tmp_path: Path) -> None:
    path = tmp_path / "pagina.html"
    path.write_bytes(data)
    with pytest.raises(SourceError, match=message) as caught:
        load_html(path)
    assert caught.value.path == path


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not found"):
        load_html(tmp_path / "weg.html")
