import pytest

from prestatiegraaf.extract.colours import aspect_of_label, colour_of, find_inline_scores


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Groen", "groen"),
        ("Oranje", "oranje"),
        ("Rood", "rood"),
        ("groen", "groen"),
        ("ROOD", "rood"),
        ("Oranje.", "oranje"),
        ("  Groen  ", "groen"),
        ("G", "groen"),
        ("O", "oranje"),
        ("R", "rood"),
        ("R.", "rood"),
        ("kleurscore groen", "groen"),
        ("Kleurscore: Oranje", "oranje"),
        ("**Groen**", "groen"),
        ("groen.png", "groen"),
        ("img/status/rood.svg", "rood"),
        ("icon-groen", "groen"),
        ("icon_oranje", "oranje"),
        ("status-rood-klein.png", "rood"),
        ("![groen](img/groen.png)", "groen"),
        ("![](img/oranje.png)", "oranje"),
    ],
    ids=[
        "word-groen",
        "word-oranje",
        "word-rood",
        "lower-case",
        "upper-case",
        "trailing-period",
        "padded",
        "letter-g",
        "letter-o",
        "letter-r",
        "letter-with-period",
        "kleurscore-prefix",
        "kleurscore-colon",
        "markdown-bold",
        "image-file",
        "image-path",
        "icon-hyphen",
        "icon-underscore",
        "image-file-affixes",
        "markdown-image-alt",
        "markdown-image-url",
    ],
)
def test_colour_of(text: str, expected: str) -> None:
    assert colour_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Wij realiseren groene daken.",
        "Groen licht voor het plan",
        "groene",
        "GroenLinks",
        "o",
        "g",
        "Geen afwijking.",
        "Groen Oranje",
        "rood-wit",
        "Integrale kleurscore",
    ],
    ids=[
        "empty",
        "sentence-with-groene",
        "sentence-starting-with-groen",
        "adjective",
        "party-name",
        "lower-case-o-bullet-glyph",
        "lower-case-letter",
        "other-value",
        "two-colours",
        "compound-without-extension",
        "label",
    ],
)
def test_colour_of_ignores(text: str) -> None:
    assert colour_of(text) is None


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Integrale kleurscore", "integraal"),
        ("Integrale kleurscore:", "integraal"),
        ("Inhoudelijke kleurscore", "inhoud"),
        ("Inhoudelijk (indicator)", "inhoud"),
        ("Inhoud", "inhoud"),
        ("Acties", "acties"),
        ("Acties 2017", "acties"),
        ("### Acties", "acties"),
        ("Financiële kleurscore", "financien"),
        ("Geld (indicator)", "financien"),
        ("Financiën", "financien"),
        ("Financien", "financien"),
        ("### Financiën", "financien"),
        ("**Financiële kleurscore:**", "financien"),
        ("INTEGRALE KLEURSCORE", "integraal"),
        ("  inhoudelijke   kleurscore :", "inhoud"),
    ],
    ids=[
        "integraal",
        "integraal-colon",
        "inhoudelijke-kleurscore",
        "inhoudelijk-indicator",
        "inhoud",
        "acties",
        "acties-year",
        "markdown-acties",
        "financiele-kleurscore",
        "geld-indicator",
        "financien-diaeresis",
        "financien-plain",
        "markdown-financien",
        "bold-financiele-colon",
        "upper-case",
        "extra-spaces",
    ],
)
def test_aspect_of_label(label: str, expected: str) -> None:
    assert aspect_of_label(label) == expected


@pytest.mark.parametrize(
    "label",
    ["Context", "Toelichting op voortgang", "Begrotingswijziging", "Status", "Acties 17", ""],
    ids=["context", "toelichting", "begrotingswijziging", "status", "acties-short-year", "empty"],
)
def test_aspect_of_label_ignores(label: str) -> None:
    assert aspect_of_label(label) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Inhoudelijke kleurscore G", [("inhoud", "groen")]),
        ("Financiële kleurscore: Oranje", [("financien", "oranje")]),
        ("Integrale kleurscore: groen", [("integraal", "groen")]),
        ("**Integrale kleurscore:** Rood", [("integraal", "rood")]),
        ("Inhoudelijk (indicator) O", [("inhoud", "oranje")]),
        ("Geld (indicator) R", [("financien", "rood")]),
        ("Acties 2018 Groen", [("acties", "groen")]),
        ("Inhoud G", [("inhoud", "groen")]),
        (
            "Status Inhoudelijke kleurscore G Financiële kleurscore O Begrotingswijziging Geen",
            [("inhoud", "groen"), ("financien", "oranje")],
        ),
        (
            "Integrale kleurscore: groen\nFinanciën: Rood",
            [("integraal", "groen"), ("financien", "rood")],
        ),
    ],
    ids=[
        "letter",
        "word-after-colon",
        "lower-case-word",
        "markdown-bold",
        "indicator-inhoud",
        "indicator-geld",
        "acties-year",
        "inhoud-letter",
        "w2-status-line",
        "two-lines",
    ],
)
def test_find_inline_scores(text: str, expected: list[tuple[str, str]]) -> None:
    assert find_inline_scores(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Integrale kleurscore",
        "Integrale kleurscore\n\nGroen",
        "Inhoud g",
        "De acties rood omcirkeld",
        "Daarmee is de inhoud rood gemarkeerd",
        "Inhoud groene daken",
        "Financiën: Geen afwijking.",
        "Groen",
    ],
    ids=[
        "label-only",
        "colour-on-next-line",
        "lower-case-letter",
        "acties-mid-sentence",
        "inhoud-mid-sentence",
        "adjective",
        "no-colour",
        "colour-only",
    ],
)
def test_find_inline_scores_ignores(text: str) -> None:
    assert find_inline_scores(text) == []
