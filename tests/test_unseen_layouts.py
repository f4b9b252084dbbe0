"""Layouts of documents the team had not seen: pages without heading, labels beside values,
running footers, budgets in prose, years in headings, and what is not a portfolio holder."""

from __future__ import annotations

from pathlib import Path

import pytest

from prestatiegraaf.errors import ExtractionError, ManifestError
from prestatiegraaf.extract.budget import read_budget_prose
from prestatiegraaf.extract.extracted import extract_document
from prestatiegraaf.extract.governance import parse_portfolio_holders
from prestatiegraaf.extract.layout import page_heading
from prestatiegraaf.model import BudgetFigures, Channel, DocumentInfo, DocumentKind, Line
from prestatiegraaf.sources import load_source
from prestatiegraaf.sources.lines import LineKind, classify
from prestatiegraaf.sources.manifest import read_manifest

MONITOR = DocumentInfo("Monitor 2022-II", DocumentKind.MONITOR, 2022, "II")
PAGE = "Acties 2022\n\n1. Wij brengen stil asfalt aan op ten minste vijf wegvakken.\n"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://destaatvan.overijssel.nl/monitor-2022-ii/project/341-schone-lucht-in-de-regio",
         ("3.4.1", "Schone lucht in de regio")),
        ("https://destaatvan.overijssel.nl/jaarverslag-2023/project/6112-cultuur-in-de-kernen/",
         ("6.1.12", "Cultuur in de kernen")),
        ("https://destaatvan.overijssel.nl/begroting-2024/project/10211-openbaar-bestuur",
         ("10.2.11", "Openbaar bestuur")),
        ("https://overijssel.begroting-2017.nl/p12/5-3-1-slimme-mobiliteit",
         ("5.3.1", "Slimme mobiliteit")),
        ("https://destaatvan.overijssel.nl/monitor-2022-ii/projecten", None),
        (None, None),
    ],
    ids=["w2-three-digits", "w2-two-digit-prestatie", "w2-kerntaak-10", "w1", "listing", "none"],
)  # fmt: skip
def test_the_heading_of_a_page_from_its_address(
    url: str | None, expected: tuple[str, str] | None
) -> None:
    assert page_heading(DocumentInfo("Monitor 2022-II", url=url)) == expected


def test_a_page_without_heading_is_one_section(tmp_path: Path) -> None:
    page = tmp_path / "geluid.txt"
    page.write_text(PAGE, encoding="utf-8")
    url = "https://destaatvan.overijssel.nl/monitor-2022-ii/project/452-geluid-langs-wegen"
    info = DocumentInfo("Monitor 2022-II", DocumentKind.MONITOR, 2022, "II", url)
    (section,) = extract_document(load_source(page, document=info)).sections
    assert (section.code, section.title) == ("4.5.2", "Geluid langs wegen")
    assert section.heading is not None and section.heading.exact == "Acties 2022"
    ((number, targets),) = [(a.number, a.targets) for a in section.actions]
    assert number == 1 and [(t.value, t.unit, t.year) for t in targets] == [(5, "count", 2022)]
    with pytest.raises(ExtractionError, match="manifest columns code and prestatie"):
        extract_document(load_source(page, document=MONITOR))


def test_the_manifest_names_the_heading_of_a_page(tmp_path: Path) -> None:
    (tmp_path / "geluid.txt").write_text(PAGE, encoding="utf-8")
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "file,title,kind,year,period,code,prestatie\n"
        "geluid.txt,Monitor 2022-II,monitor,2022,II,4.5.2,Geluid langs provinciale wegen\n",
        encoding="utf-8",
    )
    (entry,) = read_manifest(manifest)
    assert entry.document.heading == ("4.5.2", "Geluid langs provinciale wegen")
    (section,) = extract_document(load_source(entry.path, document=entry.document)).sections
    assert (section.code, section.title) == ("4.5.2", "Geluid langs provinciale wegen")
    manifest.write_text(
        "file,title,kind,year,period,code,prestatie\ngeluid.txt,Monitor 2022-II,monitor,2022,II,"
        "4.5,Geluid\n",
        encoding="utf-8",
    )
    with pytest.raises(ManifestError) as caught:
        read_manifest(manifest)
    assert str(caught.value).endswith(
        "manifest.csv:2: code '4.5' is not a prestatie code such as 5.2.1"
    )


@pytest.mark.parametrize(
    ("raw", "kind", "note"),
    [
        ("Provincie Overijssel – Begroting 2017 – pagina 142", LineKind.CHROME, "running footer"),
        ("Provincie Overijssel | Jaarverslag 2021 | 87", LineKind.CHROME, "running footer"),
        ("Monitor 2019-II | 12", LineKind.CHROME, "running footer"),
        ("2017", LineKind.TEXT, None),
        ("prestatie 6.3.1 Versterken van de culturele infrastructuur).", LineKind.TEXT, None),
        ("Prestatie 5.2.1 Kiezen, leren en werken in de techniek", LineKind.PRESTATIE, None),
    ],
    ids=["footer-dashes", "footer-bars", "footer-short", "a-year", "reference", "heading"],
)
def test_running_footers_and_references_are_no_content_or_heading(
    raw: str, kind: LineKind, note: str | None
) -> None:
    found = classify(Line(1, 0, raw, raw))
    assert (found.kind, found.note) == (kind, note)


def test_a_label_beside_its_value_in_pdf_text() -> None:
    found = classify(
        Line(1, 0, "Integrale kleurscore          Oranje ", "Integrale kleurscore Oranje")
    )
    assert found.kind is LineKind.LABEL and found.label is not None
    assert (found.label.key, found.label.value) == ("integraal", "Oranje")
    table = classify(
        Line(1, 0, "Lasten prestatie      (x € 1.000)", "Lasten prestatie (x € 1.000)")
    )
    assert table.label is not None and table.label.value == ""  # a heading keeps its caption


def test_status_rows_of_spans_give_label_and_value(tmp_path: Path) -> None:
    page = tmp_path / "monitor-2022-ii.html"
    page.write_text(
        "<html><body><main><h2>3.1.5 Aanpak van invasieve exoten</h2><h3>Acties 2022</h3>"
        "<ol><li>Wij bestrijden de Japanse duizendknoop.</li></ol><h3>Status</h3>"
        '<div><span class="label">Inhoudelijke kleurscore</span><span class="b">O</span></div>'
        '<div><span class="label">Financiële kleurscore</span><span class="b">G</span></div>'
        "</main></body></html>",
        encoding="utf-8",
    )
    (section,) = extract_document(load_source(page, document=MONITOR)).sections
    assert [(s.aspect, s.score) for s in section.scores] == [
        ("inhoud", "oranje"),
        ("financien", "groen"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lasten prestatie (begroot / besteed / ruimte): € 1,6 / 0,9 / 0,7 miljoen.",
         BudgetFigures(1_600_000, 900_000, 700_000)),
        ("Begroot € 1,2 miljoen, gerealiseerd € 0,9 miljoen; ruimte € 0,3 miljoen.",
         BudgetFigures(1_200_000, 900_000, 300_000)),
        ("Begroot: € 250.000, realisatie: € 120.000.", BudgetFigures(250_000, 120_000, None)),
        ("Wij schuiven € 1,1 miljoen door naar 2019.", None),
        ("Het investeringsvoorstel van € 4,5 miljoen is begroot.", None),
    ],
    ids=["slashes", "pairs", "realisatie", "shift", "one-figure"],
)  # fmt: skip
def test_budget_in_prose(text: str, expected: BudgetFigures | None) -> None:
    assert read_budget_prose(text) == expected


def test_the_year_of_an_actions_heading_dates_its_targets(tmp_path: Path) -> None:
    page = tmp_path / "voorjaarsnota-2024.txt"
    page.write_text(
        "2.2.5 Netcongestie\n\nActies 2025\n\n"
        "1. Wij ondersteunen ten minste 20 bedrijventerreinen bij een energiehub.\n"
        "2. Wij leggen vóór 1 maart 2025 een investeringsvoorstel van € 4,5 miljoen voor.\n"
        "3. Wij maken woondeals waarvan twee derde betaalbaar.\n",
        encoding="utf-8",
    )
    info = DocumentInfo("Voorjaarsnota 2024", DocumentKind.VOORJAARSNOTA, 2024)
    (section,) = extract_document(load_source(page, document=info)).sections
    targets = [(a.number, t.value, t.unit, t.year) for a in section.actions for t in a.targets]
    assert targets == [(1, 20, "count", 2025)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jorrit Hofstede.", ("Jorrit Hofstede",)),
        ("Gerrit-Jan Wessels en J.A. de Vries", ("Gerrit-Jan Wessels", "J.A. de Vries")),
        ("gedeputeerde Tijs de Bree", ("Tijs de Bree",)),
        ("Provincie Overijssel – Begroting 2017 – pagina 144", ()),
        ("Provincie Overijssel | Jaarverslag 2021 | 87", ()),
        ("Wij zijn regisseur.", ()),
        ("Verantwoordelijk portefeuillehouder", ()),
    ],
    ids=["name", "names", "title", "footer", "footer-bars", "sentence", "label"],
)
def test_a_portfolio_holder_is_a_persons_name(text: str, expected: tuple[str, ...]) -> None:
    assert parse_portfolio_holders(text) == expected


def test_bullets_under_numbered_actions_belong_to_them_without_indent(tmp_path: Path) -> None:
    page = tmp_path / "monitor-2021-i.txt"
    page.write_text(
        "2.4.1 Lokale energie\n\nActies\n\n"
        "1. Wij ondersteunen energiecoöperaties:\n"
        "• met procesgeld;\n"
        "• met een lening.\n"
        "2. Wij organiseren drie bijeenkomsten:\n"
        "1. in Zwolle;\n"
        "2. in Enschede.\n"
        "3. Wij evalueren de regeling.\n",
        encoding="utf-8",
    )
    info = DocumentInfo("Monitor 2021-I", DocumentKind.MONITOR, 2021, "I")
    (section,) = extract_document(load_source(page, document=info)).sections
    assert [(a.number, a.text) for a in section.actions] == [
        (1, "Wij ondersteunen energiecoöperaties: met procesgeld; met een lening."),
        (2, "Wij organiseren drie bijeenkomsten: in Zwolle; in Enschede."),
        (3, "Wij evalueren de regeling."),
    ]


def test_plain_bullets_without_numbers_are_the_actions(tmp_path: Path) -> None:
    page = tmp_path / "begroting-2016.txt"
    page.write_text(
        "5.3.1 Innovatie\n\nActies 2016\n\n• Wij starten een fonds.\n• Wij evalueren.\n",
        encoding="utf-8",
    )
    info = DocumentInfo("Begroting 2016", DocumentKind.BEGROTING, 2016)
    (section,) = extract_document(load_source(page, document=info)).sections
    assert [(a.number, a.text) for a in section.actions] == [
        (1, "Wij starten een fonds."),
        (2, "Wij evalueren."),
    ]


def test_a_sentence_that_starts_with_kerntaak_is_no_goal_heading() -> None:
    line = "kerntaak 10 is dit een van de speerpunten. Wij zetten in op een aanpak waarin"
    assert classify(Line(1, 0, line, line)).kind is LineKind.TEXT
    heading = "Kerntaak 10 Regionale opgaven"
    found = classify(Line(1, 0, heading, heading))
    assert (found.kind, found.code, found.text) == (LineKind.GOAL, "10", "Regionale opgaven")


@pytest.mark.parametrize("channel", [Channel.PDF_TEXT, Channel.WEB_TEXT])
def test_a_table_one_cell_per_line_with_its_caption_after_the_numbers(
    tmp_path: Path, channel: Channel
) -> None:
    page = tmp_path / "monitor-2014-i.txt"
    page.write_text(
        "4.1.3 Uitvoeren van de binnenvaart en havens\n\nIntegrale kleurscore\n\nRood\n\n"
        "Begroot\nRealisatie\nRuimte\n306\n257\n49\nLasten prestatie (x € 1.000)\n\n"
        "Context\n\nDe havens groeien.\n\n12\n",
        encoding="utf-8",
    )
    info = DocumentInfo("Monitor 2014-I", DocumentKind.MONITOR, 2014, "I")
    document = load_source(page, document=info, channel=channel)
    (section,) = extract_document(document).sections
    assert section.budget is not None and section.budget.span is not None
    assert section.budget == BudgetFigures(306_000, 257_000, 49_000, section.budget.span)
    assert section.budget.span.line == 7
    assert section.unparsed == []


def test_a_status_that_names_two_budget_changes(tmp_path: Path) -> None:
    page = tmp_path / "jaarverslag-2023.txt"
    page.write_text(
        "8.4.1 Bestuur\n\nActies 2023\n\n1. Wij ondersteunen gemeenten.\n\n"
        "Inhoudelijk (indicator)\n\nR\n\nGeld (indicator)\n\nG\n\n"
        " • PS Begrotingswijziging Vooraankondiging resultaatbestemming\n",
        encoding="utf-8",
    )
    info = DocumentInfo("Jaarverslag 2023", DocumentKind.JAARVERSLAG, 2023)
    (section,) = extract_document(load_source(page, document=info)).sections
    assert [(e.topic, e.text) for e in section.explanations] == [
        ("begrotingswijziging", "PS Begrotingswijziging Vooraankondiging resultaatbestemming")
    ]
    assert section.unparsed == []
