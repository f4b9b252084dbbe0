import pytest

from prestatiegraaf.extract.governance import (
    find_coalition_agreement,
    is_reserve_label,
    parse_duration,
    parse_portfolio_holders,
    parse_reserve_relation,
    parse_roles,
)

SEED_COALITION = (
    "Vanuit het Coalitieakkoord ‘Overijssel Werkt!’ is er budget beschikbaar gesteld voor deze "
    "prestatie. Dit is verwerkt in de Begroting 2016."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Eddy van Hijum.", ("Eddy van Hijum",)),
        ("Eddy van Hijum", ("Eddy van Hijum",)),
        ("Hester Maij en Eddy van Hijum", ("Hester Maij", "Eddy van Hijum")),
        ("Monique van Haaf, Bert Boerman", ("Monique van Haaf", "Bert Boerman")),
        ("gedeputeerde Tijs de Bree", ("Tijs de Bree",)),
        ("Gedeputeerde Roy de Witte.", ("Roy de Witte",)),
        ("gedeputeerden Hester Maij en Erik Lievers", ("Hester Maij", "Erik Lievers")),
        ("Commissaris van de Koning Andries Heidema", ("Andries Heidema",)),
        ("Ank Bijleveld-Schouten (CdK)", ("Ank Bijleveld-Schouten",)),
        (
            "Liesbeth Grijsen, Martijn Dadema, Erwin Hoogland",
            ("Liesbeth Grijsen", "Martijn Dadema", "Erwin Hoogland"),
        ),
        (
            "Gert Harm ten Bolscher, Monique van Haaf en Annemieke Traag.",
            ("Gert Harm ten Bolscher", "Monique van Haaf", "Annemieke Traag"),
        ),
        ("Eddy van Hijum,  Eddy van Hijum", ("Eddy van Hijum",)),
        ("Verantwoordelijke portefeuillehouder: Bert Boerman", ("Bert Boerman",)),
        ("Tijs de Bree\n Roy de Witte", ("Tijs de Bree Roy de Witte",)),
        ("", ()),
        (" . ", ()),
    ],
    ids=[
        "seed-with-period",
        "seed-without-period",
        "two-names-en",
        "two-names-comma",
        "title-gedeputeerde",
        "title-capital-and-period",
        "title-plural",
        "title-cdk",
        "remark-in-parentheses",
        "w2-listing-line",
        "comma-and-en",
        "duplicate",
        "label-left-in-value",
        "line-break-is-not-a-separator",
        "empty",
        "punctuation-only",
    ],
)
def test_parse_portfolio_holders(text: str, expected: tuple[str, ...]) -> None:
    assert parse_portfolio_holders(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wij vervullen de rol van regisseur.", ("regisseur",)),
        ("Voor deze prestatie is de rol van faciliteerder.", ("faciliteerder",)),
        (
            "Bij deze prestatie vervullen wij de rol van regisseur en investeerder.",
            ("regisseur", "investeerder"),
        ),
        ("Wij zijn regisseur en uitvoerder.", ("regisseur", "uitvoerder")),
        ("regisseur, investeerder", ("regisseur", "investeerder")),
        ("Regisseur, Aandeelhouder", ("regisseur", "aandeelhouder")),
        ("Wij zijn belangenassembleur.", ("belangenassembleur",)),
        ("Dit is een reguliere taak.", ("reguliere-taak",)),
        ("Wettelijke taak.", ("wettelijke-taak",)),
        ("Wij zijn wegbeheerder.", ("wegbeheerder",)),
        ("Wettelijke taak als wegbeheerder.", ("wettelijke-taak", "wegbeheerder")),
        ("Wij vervullen de rol van aanjager.", ("aanjager",)),
        (
            "Wij vervullen de rol van regisseur, aanjager en financier.",
            ("regisseur", "aanjager", "financier"),
        ),
        ("De rol van coördinator.", ("coördinator",)),
        ("Wij hebben een faciliterende rol.", ("faciliteerder",)),
        ("De rol van de provincie: opdrachtgever.", ("opdrachtgever",)),
        ("Wij vervullen de rol van regisseur bij de uitvoering.", ("regisseur",)),
        ("Wij zijn regisseur. Als regisseur ...", ("regisseur",)),
        (
            "Subsidieverstrekker, toezichthouder, stimulator en partner",
            ("subsidieverstrekker", "toezichthouder", "stimulator", "partner"),
        ),
        ("Geen.", ()),
        ("", ()),
    ],
    ids=[
        "seed-regisseur",
        "is-de-rol-van",
        "vervullen-wij-two-roles",
        "wij-zijn-two-roles",
        "bare-comma-list",
        "capitalised-list",
        "belangenassembleur",
        "reguliere-taak",
        "wettelijke-taak",
        "wegbeheerder",
        "task-and-noun",
        "unknown-noun-after-rol-van",
        "known-and-unknown-mixed",
        "unknown-noun-with-diaeresis",
        "adjective-form",
        "subject-with-article-ignored",
        "role-with-qualification",
        "duplicate",
        "other-known-nouns",
        "no-role",
        "empty",
    ],
)
def test_parse_roles(text: str, expected: tuple[str, ...]) -> None:
    assert parse_roles(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Structureel.", ("structureel", None)),
        ("structureel", ("structureel", None)),
        ("Niet structureel.", ("niet-structureel", None)),
        ("Niet-structureel", ("niet-structureel", None)),
        ("niet structureel, naar verwachting afgerond in 2019", ("niet-structureel", 2019)),
        ("Niet structureel (tot en met 2021)", ("niet-structureel", 2021)),
        ("2016-2019", ("niet-structureel", 2019)),
        ("2016 – 2019.", ("niet-structureel", 2019)),
        ("Tijdelijk, tot 2020.", ("niet-structureel", 2020)),
        ("Structureel, vanaf 2017.", ("structureel", None)),
        ("Onbekend.", (None, None)),
        ("", (None, None)),
    ],
    ids=[
        "seed-structureel",
        "lower-case",
        "niet-structureel",
        "hyphenated",
        "with-expected-end",
        "tot-en-met",
        "year-range",
        "year-range-en-dash",
        "tijdelijk",
        "structural-start-year",
        "unknown",
        "empty",
    ],
)
def test_parse_duration(text: str, expected: tuple[str | None, int | None]) -> None:
    assert parse_duration(text) == expected


EHS_KVO = "Ecologische Hoofdstructuur/Kwaliteit van Overijssel"
NNN_KVO = "Natuurnetwerk Nederland/Kwaliteit van Overijssel"


@pytest.mark.parametrize(
    ("label", "value", "expected"),
    [
        (
            "Relatie met reserve Ecologische Hoofdstructuur/Kwaliteit van Overijssel",
            "Ja.",
            (True, EHS_KVO),
        ),
        (
            "Relatie met uitvoeringsreserve Natuurnetwerk Nederland/Kwaliteit van Overijssel?:",
            "Ja Bijbehorend investeringsvoorstel:",
            (True, NNN_KVO),
        ),
        (
            "**Relatie met reserve Ecologische Hoofdstructuur/Kwaliteit van Overijssel**",
            "Ja. Bijbehorend investeringsvoorstel:",
            (True, EHS_KVO),
        ),
        (
            "Relatie met reserve Natuurnetwerk Nederland / Kwaliteit van Overijssel?",
            "Nee.",
            (False, NNN_KVO),
        ),
        (
            "Relatie met reserve Natuurnetwerk Nederland /Kwaliteit van Overijssel:",
            "Nee",
            (False, NNN_KVO),
        ),
        (
            "Relatie met reserve Natuurnetwerk  Nederland/ Kwaliteit van Overijssel",
            "nee",
            (False, NNN_KVO),
        ),
        (
            "Relatie met uitvoeringsreserve Natuurnetwerk Nederland/Kwaliteit van Overijssel?:",
            "JaBijbehorend investeringsvoorstel:",
            (True, NNN_KVO),
        ),
        (
            "Relatie met resreve Natuurnetwerk Nederland/Kwaliteit van Overijssel?",
            "Ja.",
            (True, NNN_KVO),
        ),
        (
            "Relatie met reserve Natuurnetwerk Nederland/Kwaliteit van Overijssel? Ja.",
            "",
            (True, NNN_KVO),
        ),
        ("Relatie met reserve", "Nee.", (False, None)),
        (
            "Relatie met reserve Natuurnetwerk Nederland/Kwaliteit van Overijssel?",
            "",
            (None, NNN_KVO),
        ),
        (
            "Relatie met reserve Natuurnetwerk Nederland/Kwaliteit van Overijssel?",
            "Janssen",
            (None, NNN_KVO),
        ),
    ],
    ids=[
        "seed-000-ehs",
        "seed-001-uitvoeringsreserve-glued-ja",
        "seed-002-markdown",
        "spaced-slash-question",
        "half-spaced-slash-colon",
        "double-space-lower-case-value",
        "ja-glued-without-space",
        "typo-in-reserve",
        "value-on-label-line",
        "no-reserve-name",
        "no-value",
        "word-starting-with-ja",
    ],
)
def test_parse_reserve_relation(
    label: str, value: str, expected: tuple[bool | None, str | None]
) -> None:
    assert parse_reserve_relation(label, value) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Relatie met reserve Ecologische Hoofdstructuur/Kwaliteit van Overijssel", True),
        ("Relatie met uitvoeringsreserve Natuurnetwerk Nederland/Kwaliteit van Overijssel?:", True),
        ("**Relatie met reserve Ecologische Hoofdstructuur/Kwaliteit van Overijssel**", True),
        ("Relatie met reserve Natuurnetwerk Nederland / Kwaliteit van Overijssel?", True),
        ("Relatie met reserve Natuurnetwerk Nederland/Kwaliteit van Overijssel:", True),
        ("Relatie met (uitvoerings)reserve Kwaliteit van Overijssel", True),
        ("Realtie met reserve Natuurnetwerk Nederland/Kwaliteit van Overijssel?", True),
        ("Relatie met uitvoeringsreseve Natuurnetwerk Nederland/Kwaliteit van Overijssel?", True),
        ("relatie met reserve kwaliteit van overijssel ? Ja.", True),
        ("Rol provincie:", False),
        ("Looptijd prestatie:", False),
        ("Relatie met gemeenten en waterschappen", False),
        ("Verantwoordelijke portefeuillehouder:", False),
        ("Reserve Uitvoering Kwaliteit van Overijssel", False),
        (
            "Relatie met de uitvoering van het programma en de reserve die daarvoor in de "
            "begroting is opgenomen, zoals eerder aan uw Staten gemeld",
            False,
        ),
        ("", False),
    ],
    ids=[
        "seed-000",
        "seed-001",
        "seed-002-markdown",
        "spaced-slash",
        "colon",
        "parenthesised-uitvoerings",
        "typo-relatie",
        "typo-reserve",
        "lower-case-with-value",
        "rol-provincie",
        "looptijd",
        "other-relation",
        "portefeuillehouder",
        "budget-source",
        "long-sentence",
        "empty",
    ],
)
def test_is_reserve_label(line: str, expected: bool) -> None:
    assert is_reserve_label(line) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SEED_COALITION, "Overijssel Werkt!"),
        ("Vanuit het Coalitieakkoord 'Overijssel Werkt!' is er budget", "Overijssel Werkt!"),
        ('Vanuit het coalitieakkoord "Overijssel Werkt!" is er budget', "Overijssel Werkt!"),
        ("Vanuit het coalitieakkoord “Overijssel Werkt!” is er budget", "Overijssel Werkt!"),
        ("Vanuit het coalitieakkoord Overijssel Werkt! is er budget", "Overijssel Werkt!"),
        ("Coalitieakkoord 2015-2019 ‘Overijssel Werkt!’", "Overijssel Werkt!"),
        ("het coalitie-akkoord ‘Werk maken van Overijssel’", "Werk maken van Overijssel"),
    ],
    ids=[
        "seed-curly-single",
        "straight-single",
        "straight-double",
        "curly-double",
        "unquoted-exclamation",
        "with-period",
        "hyphenated-keyword",
    ],
)
def test_find_coalition_agreement(text: str, expected: str) -> None:
    assert find_coalition_agreement(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Vanuit het coalitieakkoord is er budget beschikbaar gesteld.",
        "In het coalitieakkoord Provinciale Staten gemeld",
        "Coalitieakkoord 2015-2019.",
        "Het programma 'Overijssel Werkt!' loopt door.",
        "",
    ],
    ids=["no-title", "capitalised-clause", "years-only", "title-without-keyword", "empty"],
)
def test_find_coalition_agreement_ignores(text: str) -> None:
    assert find_coalition_agreement(text) is None
