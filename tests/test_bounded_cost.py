"""Cost grows with the input, not faster: repeated sections, long lists, long quotes."""

from __future__ import annotations

from pathlib import Path

from prestatiegraaf.extract.extracted import extract_document
from prestatiegraaf.graph.document_part import document_triples
from prestatiegraaf.graph.iris import IriMinter
from prestatiegraaf.model import DocumentInfo, DocumentKind
from prestatiegraaf.sources import load_source

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
MONITOR = DocumentInfo("Monitor 2019-I", DocumentKind.MONITOR, 2019, "I")


def test_the_same_section_saved_many_times_is_read_once(tmp_path: Path) -> None:
    section = (EXAMPLES / "001_e4d768af5dac0265.txt").read_text("utf-8")
    page = tmp_path / "monitor-2019-i.txt"
    page.write_text(("\n\n" + section) * 300, encoding="utf-8")
    once = extract_document(load_source(EXAMPLES / "001_e4d768af5dac0265.txt", document=MONITOR))
    (read,) = extract_document(load_source(page, document=MONITOR)).sections
    assert [(a.number, a.text) for a in read.actions] == [
        (a.number, a.text) for a in once.sections[0].actions
    ]
    assert len(read.actions) == 5 and len(read.decisions) == len(once.sections[0].decisions)


def test_a_section_repeated_with_more_text_keeps_that_text(tmp_path: Path) -> None:
    page = tmp_path / "monitor-2019-i.txt"
    page.write_text(
        "5.2.1 Techniek\n\nActies\n\n1. Wij steunen scholen.\n\n"
        "5.2.1 Techniek\n\nContext\n\nEen nieuwe alinea.\n\n"
        "5.2.1 Techniek\n\nActies\n\n1. Wij steunen scholen.\n",
        encoding="utf-8",
    )
    (section,) = extract_document(load_source(page, document=MONITOR)).sections
    assert [a.text for a in section.actions] == ["Wij steunen scholen."]
    assert section.context == "Een nieuwe alinea."


def test_a_long_list_of_actions_is_read_whole_and_quoted_exactly(tmp_path: Path) -> None:
    lines = ["5.2.1 Techniek", "", "Acties", ""]
    lines += [
        f"{i}. Wij steunen project {i} met als doel 40% instroom in 2020." for i in range(1, 801)
    ]
    page = tmp_path / "begroting-2019.txt"
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    info = DocumentInfo("Begroting 2019", DocumentKind.BEGROTING, 2019)
    extracted = extract_document(load_source(page, document=info))
    actions = extracted.sections[0].actions
    assert [a.number for a in actions] == list(range(1, 801))
    assert actions[-1].text == "Wij steunen project 800 met als doel 40% instroom in 2020."
    triples = document_triples(extracted, IriMinter("https://example.org/pg")).items
    quotes = {t.object.value for t in triples if t.predicate.value.endswith("#exact")}
    assert "Wij steunen project 800 met als doel 40% instroom in 2020." in quotes
