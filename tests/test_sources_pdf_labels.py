"""Stage 1, PDF: pages printed with a label column, read label by label into the real facts.

The sections are printed by ``pdf_print`` as the province's P&C PDFs are: labels in a narrow
left column (wrapping over two or three lines, headings without a value), each value starting
on its label's baseline, action numbers right-aligned in a gutter, sub-bullets indented under
their action, label/value tables (colour scores, Lasten with the caption "(x € 1.000)"), the
Basisinformatie grid, a running header and footer, a page break inside Acties and two
sections on one page. Each variant is printed in three styles (``standard``: bold labels, full
width headings, the label column last in the content stream; ``plain``: regular labels,
headings in the main column, justified text, a narrow gutter; ``tight``: labels smaller than
the body, no space between rows, numbers 2 pt from their text) and read back to the facts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pdf_fixtures import begroting_layout, find_fonts, write_pdf
from pdf_print import (
    STYLES,
    Cells,
    Numbered,
    Rows,
    Section,
    print_sections,
    register_fonts,
    wrap_words,
)
from prestatiegraaf.extract.extracted import extract_document
from prestatiegraaf.model import (
    DocumentInfo,
    DocumentKind,
    ElementKind,
    PrestatieSection,
    SourceDocument,
)
from prestatiegraaf.sources import load_source
from prestatiegraaf.sources.pdf_geometry import (
    find_body_size,
    find_gutters,
    find_running,
    group_lines,
)
from prestatiegraaf.sources.pdf_labels import find_label_edges
from prestatiegraaf.sources.pdf_words import PdfLimits, read_pages

JAARVERSLAG = DocumentInfo("Jaarverslag 2021", DocumentKind.JAARVERSLAG, 2021)
MONITOR = DocumentInfo("Monitor 2019-I", DocumentKind.MONITOR, 2019, "I")
BULLETS = (
    "bescherming van de grondwaterbeschermingsgebieden bij Hengelo en Wierden;",
    "voorlichting aan agrarische ondernemers via de Stichting Schoon Erf Salland;",
    "onderzoek naar nieuwe stoffen in het grondwater, samen met het Kenniscentrum Bodem en "
    "Water Oost.",
)
WATER = Section(
    "3.3.2",
    "Schoon en voldoende grond- en oppervlaktewater",
    (
        (
            "",
            "Wij zorgen samen met onze waterpartners voor voldoende en schoon grond- en "
            "oppervlaktewater, zodat drinkwater, landbouw en natuur ook in droge jaren over "
            "goed water kunnen beschikken.",
        ),
        (
            "Context",
            "De droge zomers van 2018 tot en met 2020 hebben laten zien hoe kwetsbaar "
            "de watervoorraad in Oost-Nederland is. Wij werken hierbij samen met "
            "drinkwaterbedrijf Vitens en met de landbouw.\n\nDe inrichting van de natte "
            "natuurparels loopt via het Natuurnetwerk (zie prestatie 3.1.2).",
        ),
        (
            "Acties",
            (
                Numbered(
                    1,
                    "Wij maken met de waterschappen afspraken over de aanpak van de "
                    "verdroging in en rond het Natura 2000-gebied Boetelerveld.",
                ),
                Numbered(
                    2,
                    "Wij voeren samen met Vitens maatregelen uit om de "
                    "drinkwaterbronnen te beschermen:",
                    BULLETS,
                ),
                Numbered(
                    3,
                    "Wij brengen vóór 1 maart 2022 voor vijftien beekdalen de "
                    "grondwaterstanden in beeld, zodat de waterschappen hun peilbeheer "
                    "daarop kunnen afstemmen.",
                ),
            ),
        ),
        (
            "Toelichting op voortgang",
            "Actie 3: Voor twaalf van de vijftien beekdalen zijn de "
            "grondwaterstanden in beeld gebracht.",
        ),
        ("", Rows((("Inhoudelijke kleurscore", "Oranje"), ("Financiële kleurscore", "Groen")))),
        (
            "Lasten (x € 1.000)",
            Rows((("Begroot", "2.840"), ("Gerealiseerd", "2.512"), ("Ruimte", "328"))),
        ),
        ("Financiën", None),
        (
            "Toelichting op voortgang",
            "Van de ruimte stellen wij € 0,25 miljoen via de "
            "resultaatbestemming beschikbaar voor 2022 (zie "
            "statenvoorstel PS/2022/118).",
        ),
        ("Basisinformatie", None),
        ("Verantwoordelijk portefeuillehouder", "Marleen ter Horst."),
        ("Rol provincie", "Wij zijn regisseur en financier."),
        ("Looptijd prestatie", "2020 t/m 2023"),
        ("Relatie met reserve Kwaliteit van Overijssel", "Nee."),
    ),
)
DROOGTE = Section(
    "3.3.1",
    "Aanpak van droogte in de beekdalen",
    (
        ("", "Wij houden water langer vast in de haarvaten van het watersysteem."),
        (
            "Acties",
            (
                Numbered(1, "Wij leggen samen met de waterschappen twintig stuwen aan."),
                Numbered(2, "Wij ondersteunen agrariërs bij het vasthouden van water."),
            ),
        ),
        ("Inhoudelijke kleurscore", "Groen"),
        ("Basisinformatie", None),
        ("Verantwoordelijke portefeuillehouder:", "Eddy van Hijum."),
        ("Rol provincie:", "Wij vervullen de rol van regisseur en uitvoerder."),
        ("Looptijd prestatie:", "Structureel."),
        ("Relatie met reserve Natuurnetwerk Nederland / Kwaliteit van Overijssel", "Ja."),
    ),
)
LONG_ACTIONS = tuple(
    Numbered(
        number,
        f"Wij voeren in {2020 + number % 3} samen met de gemeenten en de waterschappen het "
        f"onderdeel {number} van het programma Water in Balans uit, met aandacht voor de "
        "bodem, de landbouw en de kwaliteit van het oppervlaktewater in de beekdalen.",
        BULLETS[:2] if number == 5 else (),
    )
    for number in range(1, 27)
)
BEEKDALEN = Section(
    "3.3.4",
    "Herstel van beekdalen",
    (
        ("Acties", LONG_ACTIONS),
        ("Lasten begrotingswijziging (x € 1.000)", "-180"),
        ("Basisinformatie", None),
        ("Verantwoordelijk portefeuillehouder", "Marleen ter Horst."),
        ("Rol provincie", "investeerder, regisseur"),
        ("Looptijd prestatie", "Structureel."),
    ),
)


WONEN = Section(
    "1.3.4",
    "Aanpak van leegstand in binnensteden",
    (
        ("", "Wij helpen gemeenten om hun binnensteden levendig te houden."),
        ("Integrale kleurscore", "Groen"),
        (
            "Lasten prestatie",
            Cells((("Begroot", "Besteed", "Ruimte"), ("850.000", "210.000", "640.000"))),
        ),
        (
            "Budgetopbouw",
            Cells(
                (
                    ("750.000", "Reserve Uitvoering Kwaliteit van Overijssel"),
                    ("100.000", "algemene middelen"),
                )
            ),
        ),
        ("Acties", "Groen"),
        (
            "",
            (
                Numbered(1, "Wij ondersteunen ten minste tien binnensteden."),
                Numbered(2, "Wij zetten een leernetwerk op voor centrummanagers."),
            ),
        ),
        ("Financiën", "Oranje\n\nGeen afwijking."),
        ("Verantwoordelijke portefeuillehouder:", "Hanna Dijkhuis."),
        ("Rol provincie:", "Wij vervullen de rol van stimulator."),
    ),
)


PREFACE = (
    "3 Vitaal platteland en natuur",
    "Wij werken aan een sterk platteland met ruimte voor landbouw, natuur en water. Daarvoor "
    "zetten wij in op drie sporen: een vitale landbouw, een robuust natuurnetwerk en een "
    "watersysteem dat droogte en wateroverlast aankan. Samen met de waterschappen, de "
    "terreinbeheerders en de agrarische collectieven werken wij aan de doelen die in de "
    "Omgevingsvisie Overijssel staan; de prestaties hieronder zijn daar de uitwerking van.",
)


@pytest.fixture(scope="module")
def fonts() -> tuple[Path, Path]:
    found = find_fonts()
    if found is None:
        pytest.skip("no DejaVuSans.ttf with DejaVuSans-Bold.ttf in the usual font folders")
    return found


@pytest.fixture(scope="module", params=sorted(STYLES))
def style(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def printed(
    fonts: tuple[Path, Path], style: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, SourceDocument]:
    """Two sections sharing a page after a full-width preface, a section whose Acties run
    over three pages, and a short page with tables in the main column."""
    folder = tmp_path_factory.mktemp(f"labels-{style}")
    docs = {}
    for name, sections, start, info in (
        ("water", [DROOGTE, WATER], 0.0, JAARVERSLAG),
        ("beekdalen", [BEEKDALEN], 0.55, JAARVERSLAG),
        ("wonen", [WONEN], 0.0, MONITOR),
    ):
        path = folder / f"{name}.pdf"
        preface = PREFACE if name == "water" else ()
        print_sections(
            path, sections, info.title, fonts, STYLES[style], start=start, preface=preface
        )
        docs[name] = load_source(path, document=info)
    return docs


def _sections(doc: SourceDocument) -> dict[str, PrestatieSection]:
    return {section.code: section for section in extract_document(doc).sections}


def _page_texts(path: Path) -> list[str]:
    document = pdfium.PdfDocument(path)
    texts = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    document.close()
    return texts


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- the variants are what they claim to be ------------------------------------------------


def test_labels_wrap_over_two_and_three_lines(fonts: tuple[Path, Path], style: str) -> None:
    layout = STYLES[style]
    setter = register_fonts(fonts)
    font = "B" if layout.bold_labels else "R"

    def lines(label: str) -> int:
        return len(wrap_words(setter, label, font, layout.label_size, layout.label_width))

    assert lines("Toelichting op voortgang") == 2
    assert lines("Verantwoordelijk portefeuillehouder") == 2
    assert lines("Lasten begrotingswijziging (x € 1.000)") == 3
    assert lines("Relatie met reserve Natuurnetwerk Nederland / Kwaliteit van Overijssel") >= 4


def test_two_sections_share_a_page_and_acties_break_pages(
    printed: dict[str, SourceDocument],
) -> None:
    water = _page_texts(printed["water"].path)
    assert any("Relatie met" in page and "3.3.2 Schoon" in page for page in water)
    pages = _page_texts(printed["beekdalen"].path)
    assert len(pages) == 3
    assert "Acties" in pages[0] and "1." in pages[0] and "Basisinformatie" in pages[2]
    labels = ("Acties", "Lasten", "Basisinformatie", "Rol provincie")
    assert not any(label in pages[1] for label in labels)  # a page of actions only
    for page in pages:
        assert "Jaarverslag 2021" in page and "Vitaal platteland" in page  # running header
        assert "Provincie Overijssel" in page  # footer
    assert len(_page_texts(printed["wonen"].path)) == 1


def _edges(path: Path) -> list[float | None]:
    """The main column's edge of each page, as the reader finds it (None: no label column)."""
    pages = read_pages(path, PdfLimits())
    body = find_body_size([word for page in pages for word in page.words])
    lined = [group_lines(page.words) for page in pages]
    running = find_running(pages, lined, body)
    bodies = [[[c for c in line if c not in running] for line in lines] for lines in lined]
    bodies = [[line for line in lines if line] for lines in bodies]
    return find_label_edges(pages, bodies, find_gutters(pages, bodies), body)


def test_every_page_is_read_with_its_label_column(
    printed: dict[str, SourceDocument], style: str
) -> None:
    edges = {name: _edges(doc.path) for name, doc in printed.items()}
    assert all(edge is not None for found in edges.values() for edge in found)
    shift = STYLES[style].mirror  # even pages: mirrored margins move the edge
    first, second, third = edges["beekdalen"]
    assert first is not None and second is not None
    assert (first, abs(second - first - shift) < 1.5) == (third, True)


def test_two_column_pages_have_no_label_column(fonts: tuple[Path, Path], tmp_path: Path) -> None:
    path = tmp_path / "begroting.pdf"
    write_pdf(path, begroting_layout(12), fonts)
    assert set(_edges(path)) == {None}


# --- the facts -----------------------------------------------------------------------------


def test_actions_with_numbers_from_the_gutter_and_sub_bullets_folded_in(
    printed: dict[str, SourceDocument],
) -> None:
    water = _sections(printed["water"])
    actions = [(a.number, a.text) for a in water["3.3.2"].actions]
    own = "Wij voeren samen met Vitens maatregelen uit om de drinkwaterbronnen te beschermen:"
    assert actions == [
        (
            1,
            "Wij maken met de waterschappen afspraken over de aanpak van de verdroging in en "
            "rond het Natura 2000-gebied Boetelerveld.",
        ),
        (2, " ".join([own, *BULLETS])),
        (
            3,
            "Wij brengen vóór 1 maart 2022 voor vijftien beekdalen de grondwaterstanden in "
            "beeld, zodat de waterschappen hun peilbeheer daarop kunnen afstemmen.",
        ),
    ]
    assert [(a.number, a.text) for a in water["3.3.1"].actions] == [
        (1, "Wij leggen samen met de waterschappen twintig stuwen aan."),
        (2, "Wij ondersteunen agrariërs bij het vasthouden van water."),
    ]
    targets = [(t.value, t.unit, t.year) for t in water["3.3.2"].actions[2].targets]
    assert targets == [(15, "count", 2022)]


def test_actions_run_on_over_a_page_break_with_its_running_header_and_footer(
    printed: dict[str, SourceDocument],
) -> None:
    section = _sections(printed["beekdalen"])["3.3.4"]
    expected = [(item.number, " ".join([item.text, *item.bullets])) for item in LONG_ACTIONS]
    assert [(a.number, a.text) for a in section.actions] == expected
    for chrome in ("Vitaal platteland", "Provincie Overijssel |", "| 101", "| 102"):
        assert chrome not in printed["beekdalen"].text


def test_labels_stand_alone_never_glued_to_values_or_numbers(
    printed: dict[str, SourceDocument],
) -> None:
    for name, doc in printed.items():
        labels = [e.text for e in doc.elements if e.kind is ElementKind.LABEL]
        assert "Acties" in labels
        assert ("Basisinformatie" in labels) == (name != "wonen")
        assert not re.search(r"Acties \d|Toelichting op (?!voortgang)", doc.text)
        for section in _sections(doc).values():
            numbers = [action.number for action in section.actions]
            assert numbers == list(range(1, len(numbers) + 1))
    water = printed["water"]
    labels = [e.text for e in water.elements if e.kind is ElementKind.LABEL]
    assert labels.count("Toelichting op voortgang") == 2
    assert "Lasten (x € 1.000)" in labels
    assert "Relatie met reserve Kwaliteit van Overijssel" in labels
    assert "Relatie met reserve Natuurnetwerk Nederland / Kwaliteit van Overijssel" in labels
    heading = labels.index("Financiën")
    assert labels[heading + 1] == "Toelichting op voortgang"  # a heading label: no value


def test_colour_scores_from_label_rows(printed: dict[str, SourceDocument]) -> None:
    water = _sections(printed["water"])
    assert [(s.aspect, s.score) for s in water["3.3.2"].scores] == [
        ("inhoud", "oranje"),
        ("financien", "groen"),
    ]
    assert [(s.aspect, s.score) for s in water["3.3.1"].scores] == [("inhoud", "groen")]
    wonen = _sections(printed["wonen"])["1.3.4"]
    assert [(s.aspect, s.score) for s in wonen.scores] == [
        ("integraal", "groen"),
        ("acties", "groen"),
        ("financien", "oranje"),
    ]


def test_budget_from_the_lasten_table_with_its_scale_caption(
    printed: dict[str, SourceDocument],
) -> None:
    water = _sections(printed["water"])
    budget = water["3.3.2"].budget
    assert budget is not None
    assert (budget.begroot, budget.besteed, budget.ruimte) == (2_840_000, 2_512_000, 328_000)
    assert water["3.3.1"].budget is None
    beekdalen = _sections(printed["beekdalen"])["3.3.4"]
    assert beekdalen.budget is None  # Lasten begrotingswijziging is no budget
    assert [a.amount for a in beekdalen.amounts] == [-180_000]
    assert [d.identifier for d in water["3.3.2"].decisions] == ["PS/2022/118"]


def test_budget_and_make_up_from_tables_in_the_main_column(
    printed: dict[str, SourceDocument],
) -> None:
    wonen = _sections(printed["wonen"])["1.3.4"]
    assert wonen.budget is not None
    assert (wonen.budget.begroot, wonen.budget.besteed, wonen.budget.ruimte) == (
        850_000,
        210_000,
        640_000,
    )
    assert [(c.amount, c.source_key) for c in wonen.budget_components] == [
        (750_000, "reserve-kwaliteit-van-overijssel"),
        (100_000, "algemene-middelen"),
    ]
    assert [(a.number, a.text) for a in wonen.actions] == [
        (1, "Wij ondersteunen ten minste tien binnensteden."),
        (2, "Wij zetten een leernetwerk op voor centrummanagers."),
    ]
    assert (wonen.governance.portfolio_holders, wonen.governance.roles) == (
        ("Hanna Dijkhuis",),
        ("stimulator",),
    )
    assert not wonen.unparsed


def test_basisinformatie_grid(printed: dict[str, SourceDocument]) -> None:
    water = _sections(printed["water"])
    found = {
        code: (g.portfolio_holders, g.roles, g.duration, g.end_year, g.reserve_relation)
        for code, section in [*water.items(), *_sections(printed["beekdalen"]).items()]
        if (g := section.governance)
    }
    assert found == {
        "3.3.1": (("Eddy van Hijum",), ("regisseur", "uitvoerder"), "structureel", None, True),
        "3.3.2": (
            ("Marleen ter Horst",),
            ("regisseur", "financier"),
            "niet-structureel",
            2023,
            False,
        ),
        "3.3.4": (
            ("Marleen ter Horst",),
            ("investeerder", "regisseur"),
            "structureel",
            None,
            None,
        ),
    }


def test_sections_text_and_references(printed: dict[str, SourceDocument]) -> None:
    assert load_source(printed["water"].path).document == JAARVERSLAG  # from the running header
    lines = printed["water"].text.splitlines()
    assert lines[:3] == [PREFACE[0], "", PREFACE[1]]  # the full-width preface, whole
    water = _sections(printed["water"])
    assert list(water) == ["3.3.1", "3.3.2"]
    assert water["3.3.2"].title == "Schoon en voldoende grond- en oppervlaktewater"
    assert water["3.3.2"].intro is not None
    assert "voldoende en schoon grond- en oppervlaktewater" in water["3.3.2"].intro
    assert [r.code for r in water["3.3.2"].references] == ["3.1.2"]
    assert not water["3.3.2"].unparsed
