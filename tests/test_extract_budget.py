import pytest

from prestatiegraaf.extract.budget_tables import (
    funding_source_key,
    parse_budget_makeup,
    parse_budget_table,
)
from prestatiegraaf.model import BudgetComponent, BudgetFigures

SEED_002_TABLE = ["Begroot\tBesteed\tRuimte", "1.532.000\t429.000\t1.103.000", ""]
SEED_002_MAKEUP = [
    "1.532.000\tReserve Uitvoering Kwaliteit van Overijssel",
    "-----------\t---",
    "",
]
SEED_002_FIGURES = BudgetFigures(1_532_000, 429_000, 1_103_000)
KVO = "reserve-kwaliteit-van-overijssel"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(SEED_002_TABLE, SEED_002_FIGURES, id="seed-002-tabs"),
        pytest.param(
            ["### Lasten prestatie", "", *SEED_002_TABLE], SEED_002_FIGURES, id="with-heading"
        ),
        pytest.param(
            [
                "| Begroot | Besteed | Ruimte |",
                "|---|---|---|",
                "| 1.532.000 | 429.000 | 1.103.000 |",
            ],
            SEED_002_FIGURES,
            id="markdown-pipes",
        ),
        pytest.param(
            [
                "|  | Begroot | Besteed | Ruimte |",
                "|:--|--:|--:|--:|",
                "| Lasten | 1.532 | 429 | 1.103 |",
            ],
            BudgetFigures(1_532, 429, 1_103),
            id="markdown-row-label",
        ),
        pytest.param(
            ["Begroot", "", "Besteed", "  ", "Ruimte", "", "1.532.000", "429.000", "1.103.000"],
            SEED_002_FIGURES,
            id="pdf-labels-then-numbers",
        ),
        pytest.param(
            ["1.532", "429", "1.103", "(x € 1.000)", "Begroot", "Gerealiseerd", "Ruimte"],
            SEED_002_FIGURES,
            id="pdf-numbers-caption-labels",
        ),
        pytest.param(
            ["Begroot Besteed Ruimte", "1.532.000 429.000 1.103.000"],
            SEED_002_FIGURES,
            id="single-spaces",
        ),
        pytest.param(
            ["Begroot: 1.532.000", "Besteed: 429.000", "Ruimte: 1.103.000"],
            SEED_002_FIGURES,
            id="label-colon-value",
        ),
        pytest.param(
            ["Begroot\tGerealiseerd\tRuimte", "1.532.000\t429.000\t1.103.000"],
            SEED_002_FIGURES,
            id="gerealiseerd",
        ),
        pytest.param(
            ["Begroot\tRealisatie\tRuimte", "1.532.000\t429.000\t1.103.000"],
            SEED_002_FIGURES,
            id="realisatie",
        ),
        pytest.param(
            ["Begroot lasten\tRealisatie lasten\tRuimte lasten", "1.532.000\t429.000\t1.103.000"],
            SEED_002_FIGURES,
            id="lasten-labels",
        ),
        pytest.param(
            ["Begroot 2018\tRealisatie 2018\tRuimte", "1.532.000\t429.000\t1.103.000"],
            SEED_002_FIGURES,
            id="labels-with-year",
        ),
        pytest.param(
            [
                "Lasten (x € 1.000)",
                "Primitieve begroting\tWijzigingen\tActuele begroting\tGerealiseerd\tRuimte",
                "10.000\t2.000\t12.000\t11.500\t500",
            ],
            BudgetFigures(12_000_000, 11_500_000, 500_000),
            id="five-columns",
        ),
        pytest.param(
            [
                "Primitieve begroting",
                "Wijzigingen",
                "Actuele begroting",
                "Gerealiseerd",
                "Ruimte",
                "10.000",
                "2.000",
                "12.000",
                "11.500",
                "500",
                "Bedragen x €1.000",
            ],
            BudgetFigures(12_000_000, 11_500_000, 500_000),
            id="five-columns-pdf",
        ),
        pytest.param(
            [
                "Uitgaven (x1000)",
                "\tBegroot\tRealisatie\tRuimte",
                "Lasten\t1.532\t429\t1.103",
                "Baten\t10\t5\t5",
            ],
            SEED_002_FIGURES,
            id="first-value-row",
        ),
        pytest.param(
            ["x € 1 miljoen", "Begroot\tBesteed\tRuimte", "1,5\t0,25\t1,25"],
            BudgetFigures(1_500_000, 250_000, 1_250_000),
            id="scale-miljoen-decimals",
        ),
        pytest.param(
            ["Begroot\tBesteed\tRuimte", "1.532.000\t\t1.103.000"],
            BudgetFigures(1_532_000, None, 1_103_000),
            id="empty-middle-cell",
        ),
        pytest.param(
            ["Begroot\tBesteed\tRuimte", "1.532.000\t429.000"],
            BudgetFigures(1_532_000, 429_000, None),
            id="missing-last-cell",
        ),
        pytest.param(
            ["Begroot", "Besteed", "Ruimte", "1.532.000"],
            BudgetFigures(1_532_000, None, None),
            id="pdf-missing-cells",
        ),
        pytest.param(
            ["Begroot\tBesteed\tRuimte", "1.532.000\t-\t1.532.000"],
            BudgetFigures(1_532_000, 0, 1_532_000),
            id="dash-is-zero",
        ),
        pytest.param(
            ["Begroot\tBesteed\tRuimte", "1.532.000\t429.000\t1.000.000"],
            BudgetFigures(1_532_000, 429_000, 1_000_000),
            id="inconsistent-ruimte-kept",
        ),
        pytest.param(
            ["Begroot\tBesteed\tRuimte", "€ 1.532.000\t€ 429.000\t€ 1.103.000"],
            SEED_002_FIGURES,
            id="euro-signs",
        ),
        pytest.param(
            ["Begroot\tBesteed\tRuimte", "1.000\t1.200\t(200)"],
            BudgetFigures(1_000, 1_200, -200),
            id="negative-ruimte",
        ),
    ],
)
def test_parse_budget_table(lines: list[str], expected: BudgetFigures) -> None:
    assert parse_budget_table(lines) == expected


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param([], id="empty"),
        pytest.param(["", "  "], id="blank"),
        pytest.param(["Geen afwijking."], id="prose"),
        pytest.param(["1.532.000\t429.000"], id="numbers-without-labels"),
        pytest.param(["Begroot\tBesteed\tRuimte"], id="labels-without-numbers"),
    ],
)
def test_parse_budget_table_without_table(lines: list[str]) -> None:
    assert parse_budget_table(lines) is None


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            SEED_002_MAKEUP,
            [BudgetComponent(1_532_000, "Reserve Uitvoering Kwaliteit van Overijssel", KVO)],
            id="seed-002",
        ),
        pytest.param(
            [
                "1.000.000\tUKVO",
                "500.000\tAlgemene risicoreserve",
                "32.000\talgemene middelen",
                "-----------\t---",
                "1.532.000\tNa de streep",
            ],
            [
                BudgetComponent(1_000_000, "UKVO", KVO),
                BudgetComponent(500_000, "Algemene risicoreserve", "algemene-risicoreserve"),
                BudgetComponent(32_000, "algemene middelen", "algemene-middelen"),
            ],
            id="stops-at-dashes",
        ),
        pytest.param(
            [
                "| Bedrag | Bron |",
                "|---|---|",
                "| 1.000.000 | KvO |",
                "| 532.000 | Natuurnetwerk Nederland |",
                "| 1.532.000 | Totaal |",
            ],
            [
                BudgetComponent(1_000_000, "KvO", KVO),
                BudgetComponent(
                    532_000, "Natuurnetwerk Nederland", "reserve-natuurnetwerk-nederland"
                ),
            ],
            id="pipe-table-until-totaal",
        ),
        pytest.param(
            [
                "Reserve Kwaliteit van Overijssel: 1.000.000",
                "Algemene middelen: 532.000",
                "Totaal: 1.532.000",
            ],
            [
                BudgetComponent(1_000_000, "Reserve Kwaliteit van Overijssel", KVO),
                BudgetComponent(532_000, "Algemene middelen", "algemene-middelen"),
            ],
            id="source-colon-amount",
        ),
        pytest.param(
            [
                "Budgetopbouw",
                "1.000.000",
                "Reserve Uitvoering Kwaliteit van",
                "Overijssel",
                "",
                "532.000",
                "Ecologische Hoofdstructuur reserve",
            ],
            [
                BudgetComponent(1_000_000, "Reserve Uitvoering Kwaliteit van Overijssel", KVO),
                BudgetComponent(
                    532_000, "Ecologische Hoofdstructuur reserve", "reserve-natuurnetwerk-nederland"
                ),
            ],
            id="separate-lines-amount-first",
        ),
        pytest.param(
            [
                "Uitvoeringsreserve Kwaliteit van Overijssel",
                "1.000.000",
                "Algemene middelen",
                "532.000",
            ],
            [
                BudgetComponent(1_000_000, "Uitvoeringsreserve Kwaliteit van Overijssel", KVO),
                BudgetComponent(532_000, "Algemene middelen", "algemene-middelen"),
            ],
            id="separate-lines-source-first",
        ),
        pytest.param(
            ["1.532.000 Reserve Uitvoering Kwaliteit van Overijssel"],
            [BudgetComponent(1_532_000, "Reserve Uitvoering Kwaliteit van Overijssel", KVO)],
            id="single-space",
        ),
        pytest.param(
            [
                "(x € 1.000)",
                "1.532\tReserve (Uitvoering) Kwaliteit van Overijssel",
                "10\tBijdrage Rijk (BDU)",
            ],
            [
                BudgetComponent(1_532_000, "Reserve (Uitvoering) Kwaliteit van Overijssel", KVO),
                BudgetComponent(10_000, "Bijdrage Rijk (BDU)", "bijdrage-rijk-bdu"),
            ],
            id="scaled",
        ),
        pytest.param(["", "Geen budget."], [], id="no-amounts"),
        pytest.param([], [], id="empty"),
    ],
)
def test_parse_budget_makeup(lines: list[str], expected: list[BudgetComponent]) -> None:
    assert parse_budget_makeup(lines) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("Reserve Uitvoering Kwaliteit van Overijssel", KVO, id="reserve-uitvoering"),
        pytest.param("Reserve (Uitvoering) Kwaliteit van Overijssel", KVO, id="parenthesised"),
        pytest.param("Reserve Kwaliteit van Overijssel", KVO, id="reserve"),
        pytest.param("Uitvoeringsreserve Kwaliteit van Overijssel", KVO, id="uitvoeringsreserve"),
        pytest.param("UKVO", KVO, id="ukvo"),
        pytest.param("KvO", KVO, id="kvo"),
        pytest.param("Algemene risicoreserve", "algemene-risicoreserve", id="risicoreserve"),
        pytest.param("algemene middelen", "algemene-middelen", id="algemene-middelen"),
        pytest.param("Natuurnetwerk Nederland", "reserve-natuurnetwerk-nederland", id="nnn"),
        pytest.param(
            "Reserve Ecologische Hoofdstructuur", "reserve-natuurnetwerk-nederland", id="ehs"
        ),
        pytest.param(
            "Reserve EHS/Kwaliteit van Overijssel",
            "reserve-ehs-kwaliteit-van-overijssel",
            id="both-reserves-keep-slug",
        ),
        pytest.param("Bijdrage Rijk (BDU)", "bijdrage-rijk-bdu", id="slug"),
        pytest.param(
            "Fonds Cultuurparticipatie – Ëxtra", "fonds-cultuurparticipatie-extra", id="ascii"
        ),
    ],
)
def test_funding_source_key(source: str, expected: str) -> None:
    assert funding_source_key(source) == expected
