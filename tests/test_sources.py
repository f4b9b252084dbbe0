"""Stage 1: decoding, channel detection, normal forms and the repaired reading order."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEEDS
from prestatiegraaf.errors import SourceError
from prestatiegraaf.model import Channel, DocumentKind, ElementKind
from prestatiegraaf.sources import load_source
from prestatiegraaf.sources.document_info import parse_title
from prestatiegraaf.sources.labels import match_label
from prestatiegraaf.sources.normalize import normalize_line


@pytest.mark.parametrize(
    ("seed", "channel"),
    [("pdf", Channel.PDF_TEXT), ("web", Channel.WEB_TEXT), ("markdown", Channel.MARKDOWN)],
)
def test_channel_is_detected(seed: str, channel: Channel) -> None:
    assert load_source(SEEDS[seed]).channel is channel


def test_channel_can_be_overridden() -> None:
    assert load_source(SEEDS["web"], channel=Channel.MARKDOWN).channel is Channel.MARKDOWN


def test_pdf_text_is_rebuilt_in_reading_order() -> None:
    doc = load_source(SEEDS["pdf"])
    kinds = [(e.kind.value, e.key or e.number or e.note) for e in doc.elements]
    assert kinds[:7] == [
        ("heading", "5.2.1"),
        ("chrome", "displaced Basisinformatie value"),
        ("paragraph", None),
        ("chrome", "page header"),
        ("chrome", "document title"),
        ("label", "context"),
        ("paragraph", None),
    ]
    items = [e.number for e in doc.elements if e.kind is ElementKind.ITEM]
    assert items == [1, 2, 3, 4, 5]
    labels = [e.key for e in doc.elements if e.kind is ElementKind.LABEL]
    assert labels == [
        "context",
        "acties",
        "basisinformatie",
        "reserve",
        "looptijd",
        "rol",
        "portefeuillehouder",
    ]
    first = next(e for e in doc.elements if e.kind is ElementKind.ITEM)
    assert first.text.startswith("Wij maken prestatieafspraken") and first.text.endswith("in 2020.")


def test_values_follow_their_labels_after_repair() -> None:
    doc = load_source(SEEDS["pdf"])
    pairs = [
        (a.key, b.text)
        for a, b in zip(doc.elements, doc.elements[1:], strict=False)
        if a.kind is ElementKind.LABEL and b.kind is ElementKind.PARAGRAPH
    ]
    assert ("rol", "Wij vervullen de rol van regisseur.") in pairs
    assert ("portefeuillehouder", "Eddy van Hijum.") in pairs


@pytest.mark.parametrize(
    ("title", "kind", "year", "period"),
    [
        ("Begroting 2017", DocumentKind.BEGROTING, 2017, None),
        ("Monitor 2016-II", DocumentKind.MONITOR, 2016, "II"),
        ("monitor_2019_1", DocumentKind.MONITOR, 2019, "I"),
        ("jaarverslag-2018", DocumentKind.JAARVERSLAG, 2018, None),
        ("Jaarrekening 2020", DocumentKind.JAARVERSLAG, 2020, None),
    ],
)
def test_document_titles(title: str, kind: DocumentKind, year: int, period: str | None) -> None:
    info = parse_title(title)
    assert info is not None and (info.kind, info.year, info.period) == (kind, year, period)


def test_perspectiefnota_and_other_names_are_not_documents() -> None:
    assert parse_title("notulen vergadering") is None


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("FinanciÃ«n", "Financiën"),
        ("Financiƫn", "Financiën"),
        ("€\u00a01,1 miljoen", "€ 1,1 miljoen"),
        ("  Context  ", "Context"),
        ("bèta", "bèta"),
    ],
)
def test_normal_form(raw: str, normal: str) -> None:
    assert normalize_line(raw) == normal


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("### Acties", "acties", ""),
        ("Acties 2016", "acties", ""),
        ("Contxt", "context", ""),
        ("**Verantwoordelijke portefeuillehouder:**", "portefeuillehouder", ""),
        ("Rol provincie: Wij zijn regisseur.", "rol", "Wij zijn regisseur."),
        (
            "Relatie met uitvoeringsreserve Natuurnetwerk Nederland/Kwaliteit van Overijssel?:",
            "reserve",
            "",
        ),
        ("Toelichting op voortgnag", "voortgang", ""),
        ("Geld (indicator)", "financien", ""),
    ],
)
def test_labels_are_matched_tolerantly(text: str, key: str, value: str) -> None:
    found = match_label(text)
    assert found is not None and (found.key, found.value) == (key, value)


@pytest.mark.parametrize(
    "text",
    [
        "Wij vervullen de rol van regisseur.",
        "Begroting 2017",
        "Context is belangrijk voor ons werk in de regio.",
    ],
)
def test_sentences_are_not_labels(text: str) -> None:
    assert match_label(text) is None


def test_undecodable_file_names_line_and_encoding(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"5.2.1 Titel\n\nFinanci\xebn\n")
    with pytest.raises(SourceError, match=r"x\.txt:3: byte 0xeb .* cp1252"):
        load_source(path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "page.txt",
            b"<!DOCTYPE html><html><body>5.2.1 Titel</body></html>",
            "extension says text but the file is HTML; rename it to .html",
        ),
        ("report.txt", b"%PDF-1.7\n%binary", "extension says text but the file is PDF"),
        (
            "begroting.pdf",
            b"5.2.1 Titel\n\nWij doen dit.\n",
            "extension says PDF but the file is not a PDF",
        ),
        (
            "page.pdf",
            b"<html><body>x</body></html>",
            "extension says PDF but the file is an HTML file",
        ),
    ],
)
def test_extension_that_lies_is_refused(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SourceError, match=message):
        load_source(path)


@pytest.mark.parametrize(
    ("line", "code", "title"),
    [
        (
            "5.2.1 Kiezen, leren en werken in de techniek",
            "5.2.1",
            "Kiezen, leren en werken in de techniek",
        ),
        ("## 5.2.1 Kiezen", "5.2.1", "Kiezen"),
        ("**6.1.12 Cultuur**", "6.1.12", "Cultuur"),
        ("5.2.1: Kiezen", "5.2.1", "Kiezen"),
        ("Prestatie 4.3.1 – Wegen", "4.3.1", "Wegen"),
        ("5.2.1. Kiezen", "5.2.1", "Kiezen"),
    ],
)
def test_prestatie_heading_forms(line: str, code: str, title: str) -> None:
    from prestatiegraaf.model import Line
    from prestatiegraaf.sources.lines import LineKind, classify

    found = classify(Line(1, 0, line, normalize_line(line)))
    assert (found.kind, found.code, found.text) == (LineKind.PRESTATIE, code, title)


@pytest.mark.parametrize(
    "line",
    [
        "5.2.1 en 5.4.2 hangen samen",
        "1.532.000\t429.000",
        "5.2 Onderwijs en arbeidsmarkt",
        "5. Behoud en groei van de",
    ],
)
def test_not_prestatie_headings(line: str) -> None:
    from prestatiegraaf.model import Line
    from prestatiegraaf.sources.lines import LineKind, classify

    assert classify(Line(1, 0, line, normalize_line(line))).kind is not LineKind.PRESTATIE


def test_text_with_many_control_characters_is_refused_as_binary(tmp_path: Path) -> None:
    from prestatiegraaf.sources.decode import read_text

    layout = "5.2.1 Techniek\t\f\v\r\nWij werken samen.\n"  # tab, form feed, vertical tab: text
    path = tmp_path / "a.txt"
    path.write_text(layout + "\x01" * 8, "utf-8")
    assert read_text(path).startswith("5.2.1 Techniek")
    path.write_text(layout + "\x01\x1b" * 5, "utf-8")
    with pytest.raises(SourceError, match="binary file \\(control characters\\)"):
        read_text(path)
