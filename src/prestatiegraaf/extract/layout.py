"""Stage 2, extract: the layout of a document — its prestatie sections, and their blocks."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from prestatiegraaf.errors import ExtractionError
from prestatiegraaf.model import (
    DocumentInfo,
    Element,
    ElementKind,
    Goal,
    LabelKind,
    SourceDocument,
    Span,
)


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
    navigation) continues that section. Kerntaak and beleidsdoel headings end a section. A page
    that shows no prestatie heading (a project page whose code and title stand only in its
    address) is one section, headed by the manifest's ``code`` and ``prestatie`` or by its
    ``url`` (:func:`page_heading`).

    Returns:
        The sections, and the content elements that stand outside every section.

    Raises:
        ExtractionError: the document has no prestatie heading at all.

    """
    sections: list[SectionSlice] = []
    outside: list[Element] = []
    current: tuple[Element, list[Element]] | None = None
    for element in _with_page_heading(doc):
        if element.kind is ElementKind.HEADING and element.level == 3 and element.key:
            if current is not None and current[0].key == element.key:
                current[1].append(element)  # where a repeat starts (see _close)
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
            "'5.2.1 Kiezen, leren en werken in de techniek' (for a page that does not show it: "
            "the manifest columns code and prestatie, or a url ending in /project/<code>-<title>)",
            path=doc.path,
            line=line,
        )
    return sections, outside


_W2_PAGE = re.compile(r"/project/(?P<digits>\d{3,5})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)/?$")
_W1_PAGE = re.compile(
    r"/(?P<k>\d{1,2})-(?P<d>\d{1,2})-(?P<p>\d{1,2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)/?$"
)


def page_heading(info: DocumentInfo) -> tuple[str, str] | None:
    """The code and title of a page that does not show its heading, if they can be known.

    From the manifest (``code``, ``prestatie``), else from the page's address: De Staat van
    Overijssel drops the dots of the code (``/project/341-schone-lucht`` is 3.4.1), older
    pages keep them as hyphens (``/p123/5-3-1-slimme-mobiliteit``); the title is the address's
    words with a capital first letter.
    """
    if info.heading is not None:
        return info.heading
    path = urlsplit(info.url or "").path.lower()
    if found := _W2_PAGE.search(path):
        code, slug = _dotted(found["digits"]), found["slug"]
    elif found := _W1_PAGE.search(path):
        code, slug = f"{found['k']}.{found['d']}.{found['p']}", found["slug"]
    else:
        return None
    title = slug.replace("-", " ")
    return code, title[:1].upper() + title[1:]


def _dotted(digits: str) -> str:
    """``341`` → ``3.4.1``, ``6112`` → ``6.1.12``, ``10211`` → ``10.2.11`` (kerntaak 10 or 20)."""
    head = 2 if digits[:2] in ("10", "20") and len(digits) >= 4 else 1
    return f"{digits[:head]}.{digits[head]}.{digits[head + 1 :]}"


def _with_page_heading(doc: SourceDocument) -> tuple[Element, ...]:
    """The document's elements, headed by its page heading when it shows no prestatie heading."""
    if any(e.kind is ElementKind.HEADING and e.level == 3 and e.key for e in doc.elements):
        return doc.elements
    heading = page_heading(doc.document)
    if heading is None:
        return doc.elements
    code, title = heading
    # the description points at where its text starts, as a shown heading would
    first = next((e.lines[:1] for e in doc.elements if e.kind is not ElementKind.CHROME), ())
    return (Element(ElementKind.HEADING, title, first, key=code, level=3), *doc.elements)


def _close(current: tuple[Element, list[Element]] | None, sections: list[SectionSlice]) -> None:
    """End the open section; a stretch that repeats an earlier one word for word is dropped.

    The stretches start at the section's heading and at each repeat of it (a running header,
    navigation, or the same page saved twice): a stretch with text of its own continues the
    section, one that only repeats what was read already adds nothing.
    """
    if current is None:
        return
    heading, elements = current
    kept: list[Element] = []
    seen: set[tuple[str, ...]] = set()
    stretch: list[Element] = []
    for element in [*elements, heading]:  # the heading closes the last stretch
        if element.kind is ElementKind.HEADING and element.key == heading.key:
            texts = tuple(e.text for e in stretch if e.kind is not ElementKind.CHROME)
            if not texts or texts not in seen:
                kept.extend(stretch)
                seen.add(texts)
            stretch = []
        else:
            stretch.append(element)
    sections.append(SectionSlice(heading.key or "", heading.text, heading, tuple(kept)))


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
