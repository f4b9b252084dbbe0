"""Organisations the actor register does not know, recognised by rule, in text and sections."""

from __future__ import annotations

from pathlib import Path

import pytest

from prestatiegraaf.extract.extracted import extract_document
from prestatiegraaf.extract.organisations import find_organisations
from prestatiegraaf.model import DocumentInfo, DocumentKind
from prestatiegraaf.sources import load_source


def _found(text: str) -> list[tuple[str, str]]:
    return [(org.name, org.how) for org in find_organisations(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Samen met de Herstructureringsmaatschappij Overijssel (HMO) kopen wij panden op.",
            [("Herstructureringsmaatschappij Overijssel", "organisatiewoord")],
            id="organisation-word-compound",
        ),
        pytest.param(
            "Wij werken met het Regionaal Energieloket (REL) en de Omgevingsdienst IJsselland.",
            [
                ("Regionaal Energieloket", "organisatiewoord"),
                ("Omgevingsdienst IJsselland", "organisatiewoord"),
            ],
            id="loket-and-dienst",
        ),  # fmt: skip
        pytest.param(
            "Wij maken met de woningcorporaties Sallandse Woongroep, Vechthorst Wonen en "
            "Stichting Domus Twente afspraken.",
            [
                ("Sallandse Woongroep", "organisatiewoord"),
                ("Vechthorst Wonen", "organisatiewoord"),
                ("Stichting Domus Twente", "organisatiewoord"),
            ],
            id="list-after-kind",
        ),  # fmt: skip
        pytest.param(
            "Wij maken met de netbeheerders Enexis, Cogas en TenneT afspraken.",
            [("Enexis", "opsomming"), ("Cogas", "opsomming"), ("TenneT", "opsomming")],
            id="plain-names-in-a-list",
        ),
        pytest.param(
            "Samen met Rijkswaterstaat, de havensamenwerking Port of Zwolle en Combi Terminal "
            "Twente (CTT) werken wij aan de haven.",
            [("Port of Zwolle", "signaalwoord"), ("Combi Terminal Twente", "organisatiewoord")],
            id="cue-list-a-single-plain-word-is-not-enough",
        ),  # fmt: skip
        pytest.param(
            "Wij ontwikkelen samen met Museum Vecht en Venen en het Kenniscentrum Bodem en Water "
            "Oost een lesprogramma.",
            [
                ("Museum Vecht en Venen", "organisatiewoord"),
                ("Kenniscentrum Bodem en Water Oost", "organisatiewoord"),
            ],
            id="en-inside-names",
        ),  # fmt: skip
        pytest.param(
            "Stichting Kunst*Werk Deventer, Schouwburg & Filmhuis Almelo en Museum Het Hof van "
            "Salland krijgen subsidie.",
            [
                ("Stichting Kunst*Werk Deventer", "organisatiewoord"),
                ("Schouwburg & Filmhuis Almelo", "organisatiewoord"),
                ("Museum Het Hof van Salland", "organisatiewoord"),
            ],
            id="star-ampersand-and-particles",
        ),  # fmt: skip
        pytest.param(
            "Wij werken met het Combinatiebureau Oost (CBO).",
            [("Combinatiebureau Oost", "organisatiewoord")],
            id="abbreviation",
        ),
    ],
)
def test_organisations_are_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "De Regionale Energiestrategie Twente wordt samen met Eddy van Hijum uitgewerkt.",
        "Wij herstellen het Natura 2000-gebied Regio Twente.",
        "Wij voeren het Uitvoeringsprogramma Weidevogels en het Actieplan Geluid uit.",
        "Wij werken samen met Overijssel en met Partners.",
        "Wij doen dit in Zwolle, Deventer en Enschede.",
        "Provinciale Staten besluiten over het Statenvoorstel Bereikbaarheid.",
    ],
    ids=[
        "strategy-and-person",
        "area",
        "programmes-and-plans",
        "place-and-bare-word",
        "places",
        "province",
    ],  # fmt: skip
)
def test_areas_plans_people_and_places_are_no_partners(text: str) -> None:
    assert _found(text) == []


def test_register_actors_are_not_read_again() -> None:
    text = "Samen met Oost NL en de Stichting Cultuurpad Oost."
    start = text.index("Oost NL")
    found = find_organisations(text, [(start, start + len("Oost NL"))])
    assert [org.name for org in found] == ["Stichting Cultuurpad Oost"]


def test_a_section_names_each_actor_once_with_how_and_how_sure(tmp_path: Path) -> None:
    page = tmp_path / "begroting-2021.txt"
    page.write_text(
        "2.4.2 Energieadvies voor woningeigenaren\n\n"
        "Acties\n\n"
        "1. Wij financieren het Regionaal Energieloket (REL) en werken samen met Oost NL.\n"
        "2. Via het REL krijgen 500 woningeigenaren in 2021 een advies.\n"
        "3. Het Jeugdfonds Sport & Cultuur Overijssel en het Jeugdfonds helpen gezinnen.\n",
        encoding="utf-8",
    )
    info = DocumentInfo("Begroting 2021", DocumentKind.BEGROTING, 2021)
    (section,) = extract_document(load_source(page, document=info)).sections
    found = [(a.key, a.label, a.how, a.confidence, a.kind) for a in section.actors]
    assert found == [
        ("oost-nl", "Oost NL", "register", 1.0, None),
        ("regionaal-energieloket", "Regionaal Energieloket", "organisatiewoord", 0.9,
         "organisatie"),
        ("jeugdfonds-sport-cultuur-overijssel", "Jeugdfonds Sport & Cultuur Overijssel",
         "organisatiewoord", 0.9, "organisatie"),
    ]  # fmt: skip
    assert section.actors[1].span is not None and section.actors[1].span.line == 5
