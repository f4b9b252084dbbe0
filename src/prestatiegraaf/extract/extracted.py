"""Stage 2, extract: every section of one source document, and what stood outside them."""

from __future__ import annotations

from dataclasses import dataclass, field

from prestatiegraaf.extract.layout import SectionSlice, goal_headings, split_sections
from prestatiegraaf.extract.section import extract_section
from prestatiegraaf.model import (
    Element,
    ElementKind,
    Goal,
    PrestatieSection,
    SourceDocument,
    Span,
    Unparsed,
)


@dataclass
class ExtractedDocument:
    """The sections read from one source, with the text that belonged to none of them."""

    source: SourceDocument
    sections: list[PrestatieSection]
    outside: list[Unparsed] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)  # kerntaak and beleidsdoel headings
    ignored: list[Element] = field(default_factory=list)  # chrome: headers, footers, menus


def extract_document(doc: SourceDocument) -> ExtractedDocument:
    """Extract all prestatie sections of ``doc``.

    A section that reappears later with the same code and title (navigation that repeats a
    heading) is merged into the first, unless it repeats the same text, which is read once;
    one with the same code and another title is kept apart, so validation can flag the clash.

    Raises:
        ExtractionError: the document holds no prestatie heading.

    """
    slices, elements = split_sections(doc)
    goals, outside = goal_headings(elements)
    merged: dict[tuple[str, str], SectionSlice] = {}
    seen: set[tuple[str, ...]] = set()
    for piece in slices:
        key = (piece.code, piece.title.casefold())
        content = (
            piece.code,
            *(e.text for e in piece.elements if e.kind is not ElementKind.CHROME),
        )
        if content in seen:
            continue  # the same section again (a page saved twice): read once
        seen.add(content)
        if key in merged:
            first = merged[key]
            merged[key] = SectionSlice(
                first.code, first.title, first.heading, first.elements + piece.elements
            )
        else:
            merged[key] = piece
    sections = [extract_section(piece, doc) for piece in merged.values()]
    return ExtractedDocument(
        source=doc,
        sections=sections,
        outside=[
            Unparsed("buiten sectie", e.text, Span.of_lines(e.lines))
            for e in outside
            if e.text.strip()
        ],
        goals=goals,
        ignored=[e for e in doc.elements if e.kind is ElementKind.CHROME],
    )
