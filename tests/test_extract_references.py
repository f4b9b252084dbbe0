import pytest

from prestatiegraaf.extract.references import find_references

SEED_001_ACTION = (
    "Wij voeren samen met regionale topbedrijven en gemeenten, conform ons actieplan talent "
    "binden en boeien, een aantal concrete projecten uit om afgestudeerde talenten van binnen en "
    "buiten de provincies aan onze regio's te binden (in samenhang met prestatie 5.4.2 "
    "internationalisering)."
)
SEED_002_FINANCES = (
    "Op basis van de spelregels van Kwaliteit van Overijssel hebben wij besloten om een bedrag "
    "à € 1,1 miljoen lasten door te schuiven vanuit 2016 en toe te voegen aan de jaarschijf "
    "2017, op prestatie 5.2.1."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SEED_001_ACTION, ["5.4.2"]),
        ("Wij werken hierin samen met de regio's (zie prestatie 5.3.1).", ["5.3.1"]),
        ("[zie ook prestatie 6.1.12]", ["6.1.12"]),
        ("(in samenhang met prestatie 5.4.2 internationalisering)", ["5.4.2"]),
        ("(prestatie 5.3.1 en 5.3.2)", ["5.3.1", "5.3.2"]),
        ("Dit geldt voor prestaties 4.1.1, 4.1.2 en 4.1.3.", ["4.1.1", "4.1.2", "4.1.3"]),
        ("zie Prestatie 10.2.1", ["10.2.1"]),
        ("Zie prestatie\n5.4.2 in de Monitor.", ["5.4.2"]),
        ("Het actieplan (5.4.2) is vastgesteld.", ["5.4.2"]),
        ("de projecten (5.3.1, 5.3.2) lopen", ["5.3.1", "5.3.2"]),
        ("(zie 5.4.2)", ["5.4.2"]),
        ("prestatie 5.4.2 en later weer (zie prestatie 5.4.2)", ["5.4.2"]),
        ("(prestatie 5.4.2) en (prestatie 5.3.1)", ["5.4.2", "5.3.1"]),
        ("(prestatie 5.2.1 en 5.2.3)", ["5.2.3"]),
        ("Overhead (zie prestatie 20.1.1)", ["20.1.1"]),
    ],
    ids=[
        "seed-001-in-samenhang",
        "zie-prestatie",
        "zie-ook-brackets",
        "in-samenhang-met-name",
        "list-en",
        "list-prestaties-comma-en",
        "capital-two-digit-kerntaak",
        "line-break-after-keyword",
        "bare-parentheses",
        "bare-parentheses-list",
        "zie-without-keyword",
        "deduplicated",
        "text-order",
        "own-code-in-list-dropped",
        "kerntaak-20",
    ],
)
def test_find_references(text: str, expected: list[str]) -> None:
    assert find_references(text, "5.2.1") == expected


@pytest.mark.parametrize(
    "text",
    [
        SEED_002_FINANCES,
        "Dit draagt bij aan beleidsdoel 5.2 (zie ook 5.3).",
        "Dit valt onder kerntaak 5 en beleidsdoel 5.2.",
        "Begroot 1.532.000, besteed 429.000 (1.103.000).",
        "Vastgesteld op 2.5.2016 (12.3.2016).",
        "Gebruik versie 1.2.3 van het model.",
        "Hoofdstuk 3.2.1 van het coalitieakkoord.",
        "zie PS/2016/196 (PS/2015/687)",
        "5.2.1 Kiezen, leren en werken in de techniek",
        "Bedrag (€ 1.500.000)",
        "prestatie 5.2.10.1",
    ],
    ids=[
        "seed-002-own-code",
        "beleidsdoel-two-level",
        "kerntaak",
        "amounts",
        "dates",
        "version-number",
        "code-without-keyword-or-parentheses",
        "decision-ids",
        "own-heading",
        "amount-in-parentheses",
        "four-level-number",
    ],
)
def test_find_references_ignores(text: str) -> None:
    assert find_references(text, "5.2.1") == []
