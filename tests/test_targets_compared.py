"""Targets modelled for comparison: indicator, area and comparison read from a target's text."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest

from prestatiegraaf.extract.targets import (
    AT_LEAST,
    AT_MOST,
    EXACTLY,
    comparison_of,
    find_targets,
    indicator_of,
)
from prestatiegraaf.model import Target
from prestatiegraaf.namespaces import PROVINCE_IRI

TECHNIEK = (
    "Wij maken prestatieafspraken met de regionale Techniekpacten gericht op Kiezen, leren en "
    "werken in de Techniek met als doel 40% instroom in technische studies in het mbo, hbo en "
    "wo in Overijssel in 2020."
)
TECHNIEK_OTHER = (
    "Wij steunen 3 samenwerkingsverbanden van onderwijs en bedrijfsleven: TechYourFuture "
    "(Techniekonderwijs), met als doel 40% instroom in technische studies in het mbo, hbo en wo "
    "in 2020 en voldoende en gekwalificeerde hbo’ers voor de bedrijven."
)


def _only(text: str, year: int | None = None) -> Target:
    targets = find_targets(text, year)
    assert len(targets) == 1, targets
    return targets[0]


def test_the_5_2_1_target_measures_the_share_choosing_technical_studies() -> None:
    target = _only(TECHNIEK)
    assert (target.value, target.unit, target.year) == (Decimal(40), "percent", 2020)
    indicator = indicator_of(target)
    assert indicator is not None
    assert indicator.code == "instroom-technische-studies-mbo-hbo-wo"
    assert indicator.label == "instroom in technische studies in het mbo, hbo en wo"
    assert comparison_of(target) == AT_LEAST  # a bare level to reach


def test_the_same_words_in_another_sentence_give_the_same_indicator() -> None:
    first, second = indicator_of(_only(TECHNIEK)), indicator_of(_only(TECHNIEK_OTHER))
    assert first is not None and first == second


@pytest.mark.parametrize(
    ("text", "year", "code", "comparison"),
    [
        (  # evaluation section 3.1.4, Jaarverslag 2022
            "Wij zorgen dat in 2022 ten minste 18 gemeenten een biodiversiteitsplan hebben "
            "opgesteld.",
            None,
            "gemeenten-biodiversiteitsplan-opgesteld",
            AT_LEAST,
        ),
        (  # evaluation section 2.6.4, Monitor 2020-II
            "Wij zorgen dat vóór 1 december 2020 ten minste 40% van de bussen in de provinciale "
            "concessies emissievrij rijdt (zie prestatie 4.2.1).",
            None,
            "bussen-provinciale-concessies-emissievrij-rijdt",
            AT_LEAST,
        ),
        (  # evaluation section 2.2.5, Voorjaarsnota 2024: a partner cue ends the indicator
            "Wij ondersteunen ten minste 20 bedrijventerreinen bij het opzetten van een "
            "energiehub, samen met het Platform Netcongestie Oost.",
            2025,
            "bedrijventerreinen-opzetten-energiehub",
            AT_LEAST,
        ),
        (  # evaluation section 6.3.2, Begroting 2017: "ruim" is at least
            "Wij financieren de scholing van leerkrachten, met als doel dat eind 2018 ruim 35% "
            "van de scholen een opgeleide cultuurcoördinator heeft.",
            None,
            "scholen-opgeleide-cultuurcoordinator",
            AT_LEAST,
        ),
        (
            "Wij zorgen dat in 2022 maximaal 5% van de leerlingen voortijdig de school verlaat.",
            None,
            "leerlingen-voortijdig-school-verlaat",
            AT_MOST,
        ),
        (
            "Wij zorgen dat in 2023 niet meer dan 12 projecten vertraging oplopen.",
            None,
            "projecten-vertraging-oplopen",
            AT_MOST,
        ),
        (
            "In 2021 nemen circa 150 bedrijven maatregelen om energie te besparen.",
            None,
            "bedrijven-maatregelen-energie-besparen",
            EXACTLY,
        ),
        (
            "Wij zorgen dat minimaal € 20 miljoen aan investeringen in 2019 wordt aangetrokken.",
            None,
            "investeringen",
            AT_LEAST,
        ),
    ],
)
def test_indicator_and_comparison_of_targets_in_other_documents(
    text: str, year: int | None, code: str, comparison: str
) -> None:
    target = _only(text, year)
    indicator = indicator_of(target)
    assert indicator is not None and indicator.code == code
    assert comparison_of(target) == comparison


def test_a_value_without_words_after_it_has_no_indicator() -> None:
    target = Target(value=Decimal(30), unit="count", year=2025, text="Het worden er 30 zijn.")
    assert indicator_of(target) is None


def test_the_graph_states_indicator_area_and_comparison(seed_store: ox.Store) -> None:
    rows = list(
        seed_store.query(
            """
            PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
            SELECT DISTINCT ?indicator ?area ?comparison WHERE {
              ?d pg:actie/pg:doel ?g .
              ?g pg:indicator ?indicator ; pg:gebied ?area ; pg:vergelijking ?comparison .
            }
            """
        )
    )
    assert [(r["indicator"].value, r["area"].value, r["comparison"].value) for r in rows] == [
        (
            "https://w3id.org/prestatiegraaf/id/indicator/instroom-technische-studies-mbo-hbo-wo",
            PROVINCE_IRI,
            "https://w3id.org/prestatiegraaf/id/begrip/vergelijking-tenminste",
        )
    ]
