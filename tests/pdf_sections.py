"""Describe the sections of a document read from text as :class:`pdf_print.Section` objects.

The project's own readers give a document's elements; each prestatie section (as the
extractor cuts them) becomes a code, a title and ``(label, value)`` entries that
``pdf_print.print_sections`` can print with a label column. Labels lose their markdown; a
value written on the label's line (``Inhoudelijke kleurscore O``) goes beside it; numbered
items with their nested bullets become actions; a Begroot / Besteed / Ruimte table (or the
same figures in a line of PDF text) becomes label rows as the printed documents show them
(``Begroot`` | ``1.532``); other tables stay tables in the main column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from pdf_print import Cells, Numbered, Rows, Section, Value
from prestatiegraaf.extract.layout import split_sections
from prestatiegraaf.model import Element, ElementKind, SourceDocument
from prestatiegraaf.sources.labels import match_label
from prestatiegraaf.sources.lines import is_colour_line

_DECOR = re.compile(r"^[#*_\s>]+|[*_\s\[(]+$")  # markdown around a label, a link after it
_FIGURES = frozenset(["begroot", "besteed", "gerealiseerd", "realisatie", "ruimte"])
_NUMBER = re.compile(r"^-?[\d.,]+$")
_RULE = re.compile(r"^:?-{2,}:?$")  # a markdown table's alignment cell

_KINDS = {ElementKind.ITEM: "item", ElementKind.TABLE_ROW: "row"}

Entry = tuple[str, Value]


def describe_sections(doc: SourceDocument) -> list[Section]:
    """The prestatie sections of ``doc`` as printable descriptions."""
    slices, _ = split_sections(doc)
    return [Section(s.code, s.title, tuple(describe_entries(s.elements))) for s in slices]


def describe_entries(elements: Sequence[Element]) -> list[Entry]:
    """The ``(label, value)`` entries of a section's elements, in order."""
    groups: list[tuple[str, list[Element]]] = [("", [])]
    content = [e for e in elements if e.kind is not ElementKind.CHROME]
    skip: set[int] = set()
    for index, element in enumerate(content):
        if index in skip:
            continue
        if element.kind is not ElementKind.LABEL:
            groups[-1][1].append(element)
            continue
        following = content[index + 1] if index + 1 < len(content) else None
        label, inline = split_label(element, following)
        groups.append((label, []))
        if inline is not None:
            groups[-1][1].append(inline)
        if inline is not None and inline is following:
            skip.add(index + 1)
    entries: list[Entry] = []
    for label, members in groups:
        if label or members:
            entries.extend(describe_values(label, members))
    return entries


def split_label(element: Element, following: Element | None) -> tuple[str, Element | None]:
    """A label's text and the value written on its line, if any."""
    text = _DECOR.sub("", element.text)
    if following is not None and following.lines == element.lines:
        head = text[: text.find(following.text)] if following.text in text else text
        return _DECOR.sub("", head), following
    head, _, last = text.rpartition(" ")
    if head and is_colour_line(last) and match_label(head) is not None:
        value = Element(ElementKind.PARAGRAPH, last, element.lines)
        return head, value
    return text, None


def describe_values(label: str, members: Sequence[Element]) -> list[Entry]:
    """A label's entries: its first value beside it, further values under it with no label."""
    values = [value for kind, run in split_runs(members) for value in describe_run(kind, run)]
    if not values:
        return [(label, None)]
    return [(label if index == 0 else "", value) for index, value in enumerate(values)]


def split_runs(members: Sequence[Element]) -> list[tuple[str, list[Element]]]:
    """Split elements into runs of one kind: ``item``, ``row`` (table rows) or ``para``."""
    runs: list[tuple[str, list[Element]]] = []
    for element in members:
        kind = _KINDS.get(element.kind, "para")
        if runs and runs[-1][0] == kind:
            runs[-1][1].append(element)
        else:
            runs.append((kind, [element]))
    return runs


def describe_run(kind: str, run: Sequence[Element]) -> list[Value]:
    """The values of a run: a list of actions, a table, or paragraphs and figure rows."""
    if kind == "item":
        return [tuple(describe_items(run))]
    if kind == "row":
        return describe_table([element.cells for element in run])
    values: list[Value] = []
    texts: list[str] = []
    for element in run:
        figures = read_figure_rows(element.text)
        if figures is None:
            texts.append(element.text)
            continue
        values.extend(["\n\n".join(texts)] if texts else [])
        values.append(Rows(figures))
        texts = []
    return values + (["\n\n".join(texts)] if texts else [])


def describe_items(run: Sequence[Element]) -> list[Numbered]:
    """Numbered (or bulleted) items, each nested item a sub-bullet of the item above it."""
    items: list[Numbered] = []
    for element in run:
        if element.level and items:
            items[-1] = replace(items[-1], bullets=(*items[-1].bullets, element.text))
        else:
            items.append(Numbered(element.number, element.text))
    return items


def describe_table(rows: Sequence[tuple[str, ...]]) -> list[Value]:
    """A budget table (header row of figures, then a value row) as label rows; else a table."""
    rows = [row for row in rows if not all(_RULE.match(cell.strip()) for cell in row if cell)]
    if not rows:
        return []
    header, *rest = rows
    if header and not header[0].strip() and rest:  # a row label column: drop it
        header, rest = header[1:], [row[1:] for row in rest]
    names = [cell.strip() for cell in header]
    if rest and all(n.casefold() in _FIGURES for n in names) and len(rest[0]) == len(names):
        return [Rows(tuple(zip(names, (cell.strip() for cell in rest[0]), strict=True)))]
    return [Cells(tuple(rows))]


def read_figure_rows(text: str) -> tuple[tuple[str, str], ...] | None:
    """``Begroot 2.840 Gerealiseerd 2.512 Ruimte 328`` (either order) as label rows."""
    words = text.split()
    names = [w for w in words if w.casefold() in _FIGURES]
    numbers = [w for w in words if _NUMBER.match(w)]
    if len(names) < 2 or len(names) != len(numbers) or len(names) + len(numbers) != len(words):
        return None
    return tuple(zip(names, numbers, strict=True))
