"""Stage 1, sources: turn classified lines into logical elements (web text and markdown).

Lines already in reading order are grouped: broken lines into paragraphs, list markers into
items (indented ones nested), labels with an inline value into a label and a paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from prestatiegraaf.model import Element, ElementKind, Line
from prestatiegraaf.sources.lines import Classified, LineKind, is_colour_line, person_names

_HYPHEN_END = re.compile(r"[^\W\d_]-$")
_NEXT_LOWER = re.compile(r"^[a-zà-ÿ]")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]*)\)")


def join_text(parts: Iterable[str]) -> str:
    """Join line texts into one, repairing end-of-line hyphenation (``informa-`` + ``tie``)."""
    out: list[str] = []  # pieces, joined once: a long paragraph costs time linear in its size
    for part in parts:
        part = part.strip()
        if not part:
            continue
        last = out[-1] if out else ""
        if _HYPHEN_END.search(last) and _NEXT_LOWER.match(part):
            out[-1] = last[:-1]  # hyphenation: "informa-" + "tie"
        elif last.endswith("-") and last[-2:-1].isalnum():
            pass  # a real hyphen at the line end: "Natura 2000-" + "gebieden"
        elif out:
            out.append(" ")
        out.append(part)
    return "".join(out)


def plain(text: str) -> str:
    """Markdown emphasis and link syntax removed: ``[Tekst](#)`` becomes ``Tekst``."""
    return _LINK.sub(r"\1", text).replace("**", "").replace("__", "")


def label_element(item: Classified) -> list[Element]:
    """A label, followed by a paragraph for a value written on the same line."""
    assert item.label is not None
    found = item.label
    label = Element(ElementKind.LABEL, item.line.text, (item.line,), number=found.year,
                    key=found.key, label=found.kind)  # fmt: skip
    if not found.value:
        return [label]
    value = Element(ElementKind.PARAGRAPH, plain(found.value), (item.line,))
    return [label, value]


def single(item: Classified) -> Element | None:
    """The element a line stands for on its own (headings, labels, tables, chrome)."""
    kind = item.kind
    if kind is LineKind.PRESTATIE:
        return Element(ElementKind.HEADING, item.text, (item.line,), key=item.code, level=3)
    if kind is LineKind.GOAL:
        level = (item.code or "").count(".") + 1
        return Element(ElementKind.HEADING, item.text, (item.line,), key=item.code, level=level)
    if kind is LineKind.TABLE:
        return Element(ElementKind.TABLE_ROW, item.text, (item.line,), cells=item.cells)
    if kind is LineKind.CHROME:
        return Element(ElementKind.CHROME, item.text, (item.line,), note=item.note)
    return None


def build_elements(items: Sequence[Classified]) -> list[Element]:
    """Group classified lines of text that is already in reading order into elements."""
    out: list[Element] = []
    buffer: list[Classified] = []  # lines of the open paragraph or item
    item_head: Classified | None = None
    base_indent: int | None = None
    blank_before = False

    def flush() -> None:
        nonlocal buffer, item_head
        if buffer:
            out.append(_grouped(buffer, item_head, base_indent))
        buffer, item_head = [], None

    for item in items:
        kind = item.kind
        if kind is LineKind.BLANK:
            blank_before = True
            continue
        if kind in (LineKind.NUMBERED, LineKind.BULLET, LineKind.ORPHAN):
            flush()
            if base_indent is None or (kind is LineKind.NUMBERED and item.indent < base_indent):
                base_indent = item.indent
            buffer, item_head = [item], item
        elif kind is LineKind.TEXT:
            continues = buffer and (not blank_before or _is_continuation(item, item_head))
            if continues and _stands_alone(item, buffer[-1], item_head):
                continues = False
            if not continues:
                flush()
            buffer.append(item)
        else:
            flush()
            base_indent = None if kind is not LineKind.TABLE else base_indent
            if kind is LineKind.LABEL:
                out.extend(label_element(item))
            elif (element := single(item)) is not None:
                out.append(element)
        blank_before = False
    flush()
    return out


def _stands_alone(item: Classified, previous: Classified, head: Classified | None) -> bool:
    """A colour word, or a line of names after a finished list item, is never a continuation."""
    if is_colour_line(item.text) or is_colour_line(previous.text):
        return True
    finished = previous.text.rstrip().endswith((".", "!", "?", ")"))
    return head is not None and finished and bool(person_names(item.text))


def _is_continuation(item: Classified, head: Classified | None) -> bool:
    """An indented line after a blank line continues the open list item."""
    return head is not None and item.indent > head.indent


def _grouped(buffer: list[Classified], head: Classified | None, base: int | None) -> Element:
    lines: tuple[Line, ...] = tuple(entry.line for entry in buffer)
    text = plain(join_text(entry.text for entry in buffer))
    if head is None:
        return Element(ElementKind.PARAGRAPH, text, lines)
    nested = base is not None and head.indent > base + 1
    return Element(ElementKind.ITEM, text, lines, number=head.number, level=int(nested))
