import pytest

from prestatiegraaf.extract.decisions import (
    DecisionMatch,
    decision_relation,
    find_decisions,
    sentence_around,
)

SEED_000_DECISION = (
    "Vanuit het Coalitieakkoord ‘Overijssel Werkt!’ is er budget beschikbaar gesteld voor deze "
    "prestatie. Dit is verwerkt in \nde Begroting 2016. Het bijbehorende investeringsbesluit is "
    "daarmee de Begroting 2016, PS/2015/687. \n\nJa. \n"
)
SEED_001_DECISION = (
    "  • Vanuit het Coalitieakkoord ‘Overijssel Werkt!’ is er budget beschikbaar gesteld voor deze "
    "prestatie. Dit is verwerkt in de Begroting 2016. Het bijbehorende investeringsbesluit is "
    "daarmee de Begroting 2016 [PS/2015/687]. Het besluit van de Begroting 2016 vindt u hier."
)
SEED_002_MILESTONE = "Statenvoorstel 'Iedereen in Overijssel doet mee', zie PS/2016/196"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PS/2015/687", ["PS/2015/687"]),
        ("conform PS2018/489 besloten", ["PS/2018/489"]),
        ("[PS/2016/871 ]", ["PS/2016/871"]),
        ("PS/ 2016/196", ["PS/2016/196"]),
        ("PS 2016/196", ["PS/2016/196"]),
        ("PS /2016/196", ["PS/2016/196"]),
        ("PS/2016/ 196", ["PS/2016/196"]),
        ("[PS/2016/196](https://example.org/besluit.pdf)", ["PS/2016/196"]),
        ("zie PS/2016/196", ["PS/2016/196"]),
        ("(PS/2014/12)", ["PS/2014/12"]),
        ("PS/2019/1234", ["PS/2019/1234"]),
        ("PS/1999/57", ["PS/1999/57"]),
        ("PS/2015/0687", ["PS/2015/0687"]),
        ("PS/2015/687 en PS/2016/196", ["PS/2015/687", "PS/2016/196"]),
        ("PS/2016/196, later nogmaals PS 2016/196", ["PS/2016/196"]),
        ("PS/2015/687; zie ook PS2015/687.", ["PS/2015/687"]),
        (SEED_000_DECISION, ["PS/2015/687"]),
        (SEED_001_DECISION, ["PS/2015/687"]),
        (SEED_002_MILESTONE, ["PS/2016/196"]),
    ],
    ids=[
        "plain",
        "no-slash-after-ps",
        "bracket-stray-space",
        "space-after-slash",
        "space-instead-of-slash",
        "space-before-slash",
        "space-before-serial",
        "markdown-link-text",
        "after-zie",
        "parentheses-two-digit-serial",
        "four-digit-serial",
        "year-19xx",
        "leading-zero-kept",
        "two-decisions-in-order",
        "duplicate-first-wins",
        "duplicate-other-spelling",
        "seed-000",
        "seed-001",
        "seed-002-mijlpalen",
    ],
)
def test_find_decisions(text: str, expected: list[str]) -> None:
    assert [match.identifier for match in find_decisions(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "GS-kenmerk 2016/0123456",
        "Statenvoorstel nr. 2021/1234567",
        "PS 2021/1234567",
        "vergadering van 2.5.2016",
        "op 12/05/2016",
        "in de periode 2016/2017",
        "prestatie 5.2.1",
        "beleidsdoel 5.2",
        "GPS/2016/196",
        "PS/2016/1",
        "PS/1816/196",
        "ps/2016/196",
        "PS/20161/196",
    ],
    ids=[
        "gs-kenmerk",
        "statenvoorstel-number",
        "ps-with-seven-digit-number",
        "date-dotted",
        "date-slashed",
        "year-range",
        "prestatie-code",
        "beleidsdoel-code",
        "ps-inside-word",
        "one-digit-serial",
        "year-outside-range",
        "lower-case-ps",
        "five-digit-year",
    ],
)
def test_find_decisions_ignores(text: str) -> None:
    assert find_decisions(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PS/2015/687", DecisionMatch("PS/2015/687", 0, 11)),
        ("[PS/2016/871 ]", DecisionMatch("PS/2016/871", 1, 12)),
        ("zie PS 2016/196.", DecisionMatch("PS/2016/196", 4, 15)),
    ],
    ids=["plain", "bracketed", "after-zie"],
)
def test_find_decisions_offsets(text: str, expected: DecisionMatch) -> None:
    (match,) = find_decisions(text)
    assert match == expected
    assert text[match.start : match.end].startswith("PS")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            SEED_000_DECISION,
            "Het bijbehorende investeringsbesluit is daarmee de Begroting 2016, PS/2015/687.",
        ),
        (
            SEED_001_DECISION,
            "Het bijbehorende investeringsbesluit is daarmee de Begroting 2016 [PS/2015/687].",
        ),
        (SEED_002_MILESTONE, SEED_002_MILESTONE),
        ("Eerste alinea.\n\nBesluit PS/2016/196\n\nVolgende alinea.", "Besluit PS/2016/196"),
    ],
    ids=["seed-000", "seed-001", "seed-002", "blank-line-bounds"],
)
def test_sentence_around(text: str, expected: str) -> None:
    (match,) = find_decisions(text)
    assert sentence_around(text, match.start, match.end) == expected


@pytest.mark.parametrize(
    ("context", "block", "expected"),
    [
        (
            "Het bijbehorende investeringsbesluit is daarmee de Begroting 2016, PS/2015/687.",
            None,
            "investeringsbesluit",
        ),
        ("Zie investeringsvoorstel PS/2016/871.", None, "investeringsbesluit"),
        ("Ja. Bijbehorend investeringsvoorstel: PS/2018/489", None, "investeringsbesluit"),
        (
            "Vanuit het Coalitieakkoord is er budget beschikbaar gesteld (PS/2015/687).",
            None,
            "investeringsbesluit",
        ),
        (
            "Begroting 2016 [PS/2015/687]",
            "Bijbehorend investeringsvoorstel:",
            "investeringsbesluit",
        ),
        (SEED_002_MILESTONE, "**Mijlpalen:**", "mijlpaal"),
        (SEED_002_MILESTONE, None, "mijlpaal"),
        ("Vaststelling uitvoeringsprogramma PS/2017/12", "Mijlpalen", "mijlpaal"),
        ("1. Statenvoorstel Techniekpact, zie PS/2016/196", "context", "mijlpaal"),
        ("Zie het Statenbesluit PS/2016/196 over het Techniekpact.", "Context", "vermelding"),
        ("In Statenvoorstel PS/2016/196 staat het kader.", None, "vermelding"),
        ("Zie PS/2016/196.", None, "vermelding"),
    ],
    ids=[
        "seed-investeringsbesluit",
        "investeringsvoorstel",
        "bijbehorend-investeringsvoorstel",
        "budget-beschikbaar",
        "investment-block",
        "seed-002-mijlpalen-block",
        "statenvoorstel-sentence",
        "mijlpalen-block-plain",
        "numbered-statenvoorstel",
        "context-mention",
        "statenvoorstel-mid-sentence",
        "bare-mention",
    ],
)
def test_decision_relation(context: str, block: str | None, expected: str) -> None:
    assert decision_relation(context, block) == expected
