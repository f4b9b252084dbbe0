from decimal import Decimal

import pytest

from prestatiegraaf.extract.amounts import (
    euro_spans,
    find_amount_mentions,
    parse_euro,
    parse_number,
    scale_of,
    sentence_spans,
    speaks_of_shift,
)
from prestatiegraaf.model import AmountMention

SEED_002_FINANCIEN = (
    "De vaststelling en invoering beleid midden 2016 leidt tot een vertraagde budgetuitputting. "
    "Op basis van de spelregels van Kwaliteit van Overijssel hebben wij besloten om een bedrag "
    "à € 1,1 miljoen lasten door te schuiven vanuit 2016 en toe te voegen aan de jaarschijf "
    "2017, op prestatie 5.2.1."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("1.532.000", Decimal("1532000"), id="thousands-dots"),
        pytest.param("429.000", Decimal("429000"), id="one-dot"),
        pytest.param("40", Decimal("40"), id="integer"),
        pytest.param("1,1", Decimal("1.1"), id="comma-decimal"),
        pytest.param("0,55", Decimal("0.55"), id="leading-zero"),
        pytest.param("3,75", Decimal("3.75"), id="two-decimals"),
        pytest.param("1.234,5", Decimal("1234.5"), id="dots-and-comma"),
        pytest.param("50.000,--", Decimal("50000"), id="double-dash-suffix"),
        pytest.param("50.000,-", Decimal("50000"), id="single-dash-suffix"),
        pytest.param("-12.000", Decimal("-12000"), id="hyphen-minus"),
        pytest.param("\u2212 12.000", Decimal("-12000"), id="minus-sign-space"),
        pytest.param("(12.000)", Decimal("-12000"), id="parentheses"),
        pytest.param("  12.000 ", Decimal("12000"), id="surrounding-space"),
        pytest.param("een", Decimal("1"), id="een"),
        pytest.param("één", Decimal("1"), id="een-accents"),
        pytest.param("Twee", Decimal("2"), id="capitalised"),
        pytest.param("drie", Decimal("3"), id="drie"),
        pytest.param("negen", Decimal("9"), id="negen"),
        pytest.param("tien", Decimal("10"), id="tien"),
        pytest.param("elf", Decimal("11"), id="elf"),
        pytest.param("twaalf", Decimal("12"), id="twaalf"),
        pytest.param("vijftien", Decimal("15"), id="vijftien"),
        pytest.param("negentien", Decimal("19"), id="negentien"),
        pytest.param("twintig", Decimal("20"), id="twintig"),
        pytest.param("vijftig", Decimal("50"), id="vijftig"),
        pytest.param("vijfentwintig", Decimal("25"), id="compound-tens"),
        pytest.param("tweeëntwintig", Decimal("22"), id="compound-trema"),
        pytest.param("honderd", Decimal("100"), id="honderd"),
        pytest.param("tweehonderdvijftig", Decimal("250"), id="compound-hundreds"),
        pytest.param("duizend", Decimal("1000"), id="duizend"),
        pytest.param("tienduizend", Decimal("10000"), id="compound-thousands"),
    ],
)
def test_parse_number(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


def test_parse_number_keeps_integers_integral() -> None:
    assert str(parse_number("40")) == "40"
    assert str(parse_number("1.532.000")) == "1532000"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("abc", id="word"),
        pytest.param("5.2.1", id="prestatie-code"),
        pytest.param("1.5", id="english-decimal"),
        pytest.param("12,5%", id="percent"),
        pytest.param("PS/2015/687", id="decision"),
        pytest.param("geen", id="geen"),
        pytest.param("alleen", id="alleen"),
        pytest.param("nulhonderd", id="zero-hundreds"),
        pytest.param("€ 12", id="euro-sign"),
    ],
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("€ 1,1 miljoen", 1_100_000, id="miljoen"),
        pytest.param("€ 0,55 miljoen", 550_000, id="fraction-of-miljoen"),
        pytest.param("€ 3,75 mln", 3_750_000, id="mln"),
        pytest.param("€ 3,75 mln.", 3_750_000, id="mln-dot"),
        pytest.param("€ 4.600.000", 4_600_000, id="full-amount"),
        pytest.param("€ 50.000,--", 50_000, id="double-dash"),
        pytest.param("€\u00a01,1 miljoen", 1_100_000, id="nbsp"),
        pytest.param("€1,1 miljoen", 1_100_000, id="no-space"),
        pytest.param("1,2 miljard", 1_200_000_000, id="miljard"),
        pytest.param("1.532.000", 1_532_000, id="plain"),
        pytest.param("20.000 euro", 20_000, id="euro-word"),
        pytest.param("twee miljoen euro", 2_000_000, id="number-word"),
        pytest.param("€ 20 duizend", 20_000, id="duizend"),
        pytest.param("EUR 1.000", 1_000, id="eur"),
        pytest.param("€ -12.000", -12_000, id="negative"),
        pytest.param("(€ 12.000)", -12_000, id="negative-parentheses"),
        pytest.param("€ 0,5", 1, id="half-rounds-up"),
        pytest.param("€ 2,5", 3, id="half-rounds-up-odd"),
        pytest.param("€ 2,49", 2, id="rounds-down"),
        pytest.param("€ 1.234.567,50", 1_234_568, id="cents-round-half-up"),
    ],
)
def test_parse_euro(text: str, expected: int) -> None:
    assert parse_euro(text) == expected


@pytest.mark.parametrize(
    ("text", "scale", "expected"),
    [
        pytest.param("1.532", 1000, 1_532_000, id="thousands"),
        pytest.param("1,5", 1000, 1_500, id="decimal-before-scaling"),
        pytest.param("0,0005", 1000, 1, id="rounded-after-scaling"),
        pytest.param("2", 1_000_000, 2_000_000, id="millions"),
    ],
)
def test_parse_euro_with_scale(text: str, scale: int, expected: int) -> None:
    assert parse_euro(text, scale) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("€", id="sign-only"),
        pytest.param("euro", id="word-only"),
        pytest.param("€ 1,1 miljoen lasten", id="trailing-words"),
        pytest.param("Begroot", id="label"),
        pytest.param("5.2.1", id="code"),
    ],
)
def test_parse_euro_rejects(text: str) -> None:
    assert parse_euro(text) is None


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        pytest.param("(x € 1.000)", 1000, id="parenthesised"),
        pytest.param("Lasten prestatie (x € 1.000)", 1000, id="in-caption"),
        pytest.param("Uitgaven (x1000)", 1000, id="no-spaces"),
        pytest.param("Bedragen x €1.000", 1000, id="bedragen"),
        pytest.param("(€ x 1.000)", 1000, id="sign-first"),
        pytest.param("x € 1.000,-", 1000, id="dash-suffix"),
        pytest.param("Bedragen in € 1.000", 1000, id="in-euro"),
        pytest.param("(bedragen in duizenden euro's)", 1000, id="duizenden"),
        pytest.param("x € 1 miljoen", 1_000_000, id="miljoen"),
        pytest.param("x € 1.000.000", 1_000_000, id="million-digits"),
        pytest.param("Lasten prestatie", 1, id="none"),
        pytest.param("Begroting 2019", 1, id="year"),
        pytest.param("max 1000", 1, id="x-inside-word"),
    ],
)
def test_scale_of(caption: str, expected: int) -> None:
    assert scale_of(caption) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            SEED_002_FINANCIEN,
            [AmountMention(1_100_000, "€ 1,1 miljoen", "verschuiving")],
            id="seed-002-door-te-schuiven",
        ),
        pytest.param(
            "Wij hebben een bedrag à € 0,2 miljoen doorgeschoven naar 2018.",
            [AmountMention(200_000, "€ 0,2 miljoen", "verschuiving")],
            id="doorgeschoven",
        ),
        pytest.param(
            "Er valt € 50.000,-- vrij ten gunste van de reserve.",
            [AmountMention(50_000, "€ 50.000,--", "verschuiving")],
            id="valt-vrij",
        ),
        pytest.param(
            "De vrijval van € 3,75 mln wordt toegevoegd aan de algemene middelen.",
            [AmountMention(3_750_000, "€ 3,75 mln", "verschuiving")],
            id="vrijval-mln",
        ),
        pytest.param(
            "Via de resultaatbestemming is €\u00a00,55 miljoen beschikbaar in 2017.",
            [AmountMention(550_000, "€\u00a00,55 miljoen", "verschuiving")],
            id="resultaatbestemming-nbsp",
        ),
        pytest.param(
            "De onttrekking aan de reserve bedraagt € 4.600.000.",
            [AmountMention(4_600_000, "€ 4.600.000", "verschuiving")],
            id="onttrekking-final-period",
        ),
        pytest.param(
            "Wij stellen voor € 1,2 miljoen over te hevelen naar 2019.",
            [AmountMention(1_200_000, "€ 1,2 miljoen", "verschuiving")],
            id="overhevelen",
        ),
        pytest.param(
            "In 2016 is € 429.000 besteed aan de Techniekpacten.",
            [AmountMention(429_000, "€ 429.000", "bedrag")],
            id="plain-bedrag",
        ),
        pytest.param(
            "De provincie draagt 20.000 euro bij aan het evenement.",
            [AmountMention(20_000, "20.000 euro", "bedrag")],
            id="euro-word",
        ),
        pytest.param(
            "Het Rijk stelt twee miljoen euro beschikbaar.",
            [AmountMention(2_000_000, "twee miljoen euro", "bedrag")],
            id="number-word",
        ),
        pytest.param(
            "Daarnaast schuiven wij € 0,3 miljoen door naar 2017.",
            [AmountMention(300_000, "€ 0,3 miljoen", "verschuiving")],
            id="separated-verb",
        ),
        pytest.param(
            "Wij investeren € 2 miljoen. Daarnaast stellen wij voor € 0,3 miljoen door te "
            "schuiven naar 2017.",
            [
                AmountMention(2_000_000, "€ 2 miljoen", "bedrag"),
                AmountMention(300_000, "€ 0,3 miljoen", "verschuiving"),
            ],
            id="kind-per-sentence",
        ),
        pytest.param(
            "Er is ca. € 20.000 uitgegeven aan o.a. Vakmanschap en de jaarschijf 2018 is verhoogd.",
            [AmountMention(20_000, "€ 20.000", "verschuiving")],
            id="abbreviations-do-not-split",
        ),
        pytest.param(
            "Het budget van 1,1 miljoen voor prestatie 5.2.1 en PS/2015/687 blijft gelijk.",
            [],
            id="no-euro-marker",
        ),
        pytest.param("Geen afwijking.", [], id="none"),
    ],
)
def test_find_amount_mentions(text: str, expected: list[AmountMention]) -> None:
    assert find_amount_mentions(text) == expected


def test_euro_spans_locate_the_phrase() -> None:
    text = "Er is een bedrag à € 1,1 miljoen doorgeschoven."
    [(start, end, amount)] = euro_spans(text)
    assert (text[start:end], amount) == ("€ 1,1 miljoen", 1_100_000)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Eén zin.", ["Eén zin."], id="single"),
        pytest.param("Eerst dit. Dan dat.", ["Eerst dit.", "Dan dat."], id="period"),
        pytest.param(
            "Klaar! 2019 wordt beter? Ja.", ["Klaar!", "2019 wordt beter?", "Ja."], id="marks"
        ),
        pytest.param("Dit is o.a. Saxion. Klaar.", ["Dit is o.a. Saxion.", "Klaar."], id="o.a."),
        pytest.param(
            "Bijv. Windesheim, m.b.t. Twente.", ["Bijv. Windesheim, m.b.t. Twente."], id="bijv"
        ),
        pytest.param("Scholen e.d. Daarna.", ["Scholen e.d. Daarna."], id="e.d."),
        pytest.param("Er zijn ca. 20 bedrijven.", ["Er zijn ca. 20 bedrijven."], id="ca."),
        pytest.param(
            "Zie prestatie 5.2.1. En verder.", ["Zie prestatie 5.2.1.", "En verder."], id="code"
        ),
        pytest.param("Wij doen dit. en dat", ["Wij doen dit. en dat"], id="lower-case-follows"),
        pytest.param(
            "Eerst een deel \n\nvan de zin.", ["Eerst een deel \n\nvan de zin."], id="blank-line"
        ),
    ],
)
def test_sentence_spans(text: str, expected: list[str]) -> None:
    assert [text[start:end] for start, end in sentence_spans(text)] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        pytest.param("Wij besluiten dit door te schuiven.", True, id="door-te-schuiven"),
        pytest.param("Wij schuiven € 0,5 miljoen door naar 2018.", True, id="separated"),
        pytest.param("Er is sprake van een vrijval.", True, id="vrijval"),
        pytest.param("Het geld valt in 2017 vrij.", True, id="valt-vrij"),
        pytest.param("Wij hevelen het budget over.", True, id="hevelen-over"),
        pytest.param("Toe te voegen aan de jaarschijf 2017.", True, id="jaarschijf"),
        pytest.param("Na herfasering blijft het budget gelijk.", True, id="herfasering"),
        pytest.param(
            "Wij investeren € 2 miljoen door middel van leningen.", False, id="door-middel"
        ),
        pytest.param("Het budget is besteed aan scholen.", False, id="besteed"),
    ],
)
def test_speaks_of_shift(sentence: str, expected: bool) -> None:
    assert speaks_of_shift(sentence) is expected
