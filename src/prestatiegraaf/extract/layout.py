"""Stage 2, extract: the layout of a document — its prestatie sections, and their blocks."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from prestatiegraaf.errors import ExtractionError
from prestatiegraaf.model import Element, ElementKind, Goal, LabelKind, SourceDocument, Span


@dataclass(frozen=True)
class SectionSlice:
    """The elements of one prestatie section, after its heading."""

    code: str
    title: str
    heading: Element
    elements: tuple[Element, ...]


@dataclass
class Block:
    """A run of elements under one heading (``block``) and, inside it, one field label."""

    block: str
    field: str | None = None
    label: Element | None = None
    elements: list[Element] = dataclasses.field(default_factory=list)


def split_sections(doc: SourceDocument) -> tuple[list[SectionSlice], list[Element]]:
    """Cut ``doc`` at its prestatie headings.

    A heading that repeats the code of the section it stands in (a running header, repeated
    navigation) continues that section. Kerntaak and beleidsdoel headings end a section.

    Returns:
        The sections, and the content elements that stand outside every section.

    Raises:
        ExtractionError: the document has no prestatie heading at all.

    """
    sections: list[SectionSlice] = []
    outside: list[Element] = []
    current: tuple[Element, list[Element]] | None = None
    for element in doc.elements:
        if element.kind is ElementKind.HEADING and element.level == 3 and element.key:
            if current is not None and current[0].key == element.key:
                continue
            _close(current, sections)
            current = (element, [])
        elif element.kind is ElementKind.HEADING:
            _close(current, sections)
            current = None
            outside.append(element)
        elif current is not None:
            current[1].append(element)
        elif element.kind is not ElementKind.CHROME:
            outside.append(element)
    _close(current, sections)
    if not sections:
        first = next((e for e in doc.elements if e.kind is not ElementKind.CHROME), None)
        line = first.lines[0].number if first and first.lines else None
        raise ExtractionError(
            "no prestatie heading found; expected a line with a code and a title such as "
            "'5.2.1 Kiezen, leren en werken in de techniek'",
            path=doc.path,
            line=line,
        )
    return sections, outside


def _close(current: tuple[Element, list[Element]] | None, sections: list[SectionSlice]) -> None:
    if current is not None:
        heading, elements = current
        sections.append(SectionSlice(heading.key or "", heading.text, heading, tuple(elements)))


def goal_headings(elements: list[Element]) -> tuple[list[Goal], list[Element]]:
    """Kerntaak and beleidsdoel headings as goals, and the other elements."""
    goals = [
        Goal(e.key, e.text, Span.of_lines(e.lines))
        for e in elements
        if e.kind is ElementKind.HEADING and e.key and e.level < 3
    ]
    rest = [e for e in elements if not (e.kind is ElementKind.HEADING and e.key and e.level < 3)]
    return goals, rest


def group_blocks(elements: tuple[Element, ...]) -> list[Block]:
    """Group a section's elements under the heading and field label they stand under."""
    blocks = [Block("intro")]
    for element in elements:
        if element.kind is not ElementKind.LABEL:
            blocks[-1].elements.append(element)
            continue
        kind = element.label or LabelKind.SECTION
        key = element.key or "onbekend"
        current = blocks[-1]
        if kind is LabelKind.SECTION:
            if key == "voortgang" and current.block == "financien" and not current.elements:
                continue  # "Financiën" + nested "Toelichting op voortgang": the money story
            blocks.append(Block(key, label=element))
        elif kind is LabelKind.FIELD:
            parent = "basisinformatie" if current.block == "score" else current.block
            blocks.append(Block(parent, key, element))
        else:
            blocks.append(Block("score", key, element))
    return blocks
