"""Stage 1, sources: read a PDF page printed with a label column into units, label by label.

The lines of the page are cut at the main column's edge (:mod:`.pdf_labels`). A label starts
on the baseline of its value's first line; a label wrapped over two or three lines of the
column is one label; a label with no text beside it is a heading (``Financiën``,
``Basisinformatie``). Each label becomes a unit of its own, followed by the units of its
value: the main-column text from its baseline down to the next label, read as paragraphs,
list items (a number in the gutter starts an action, an indented bullet is a sub-item of the
action above it) and tables. A short value beside a label the lexicon does not know is a
table row (``Begroot`` | ``1.532``). Lines running across the edge are headings or
full-width text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from prestatiegraaf.sources.labels import match_label
from prestatiegraaf.sources.pdf_geometry import Chunk, Line, Span
from prestatiegraaf.sources.pdf_labels import MARK, Row, is_label_text, split_row
from prestatiegraaf.sources.pdf_layout import LIST_MARK, Unit, is_justified, read_region

_RUNS_ON = re.compile(r"(?:[-/&,(]|\b(?:op|met|van|de|het|en|of|voor|in|aan|bij|per))$")
_OPENS = re.compile(r"^[a-zà-ÿ(/&–-]|^\d[\d.,]*\)")
_LINE_MARK = re.compile(r"^(?:\d{1,2}[.)]|[•·▪◦●‣–-])\s")
_TERMINAL = re.compile(r"[.!?:;][’'\")\]]?$")
_SHORT_VALUE = 40  # characters: a value this short beside an unknown label is a table cell


@dataclass
class _Label:
    """A label being read: its lines and the rows of its value."""

    parts: list[str]
    bottom: float
    size: float
    rows: list[Row] = field(default_factory=list)


@dataclass
class _Page:
    """What reading a page needs: its edge and span, body size and leading; the units made."""

    span: Span  # the main column: its edge and right end
    body: float
    leading: float
    units: list[Unit] = field(default_factory=list)


def read_label_page(lines: Sequence[Line], span: Span, body: float, leading: float) -> list[Unit]:
    """Read the units of a page with a label column, in reading order.

    Args:
        lines: the page's lines, top to bottom, without running headers and footers.
        span: the main column: the x where it starts (the edge) and where its lines end.
        body: the body font size.
        leading: the white space between the lines of a paragraph.

    """
    page = _Page(span, body, leading)
    label: _Label | None = None
    loose: list[Row] = []  # main text before the first label, or after full-width text
    wide: list[Row] = []
    for row in (split_row(line, span[0]) for line in lines):
        if _is_wide(row, wide, page):
            _flush(page, label, loose)
            label, loose = None, []
            wide.append(row)
            continue
        _flush_wide(page, wide)
        wide = []
        if row.label is not None and not _continues(label, row, page):
            _flush(page, label, loose)
            label, loose = _Label([], row.bottom, row.label.size), []
        if row.label is not None and label is not None:
            label.parts.append(row.label.text)
            label.bottom = row.bottom
        if row.main or row.mark:
            (label.rows if label is not None else loose).append(row)
    _flush_wide(page, wide)
    _flush(page, label, loose)
    return page.units


def _is_wide(row: Row, wide: list[Row], page: _Page) -> bool:
    """Tell whether a row is full-width text, or its last line or a heading's next line."""
    if row.wide:
        return True
    if not wide or row.label is None or row.main or row.mark:
        return False
    last, text = wide[-1], row.label.text
    if row.top - last.bottom > page.leading + 0.4 * page.body:
        return False
    if row.label.size >= 1.15 * page.body:
        return True  # the next line of a heading
    edge, right = page.span
    reach = max(c.x1 for c in last.line) >= right - 0.15 * (right - edge)
    runs_on = reach or not _TERMINAL.search(last.line[-1].text) or text[:1].islower()
    return runs_on and not is_label_text(text)


def _continues(label: _Label | None, row: Row, page: _Page) -> bool:
    """Tell whether a row's label text continues the label above it (a wrapped label)."""
    if label is None or not label.parts or row.label is None:
        return False
    if row.top - label.bottom > page.leading + 0.4 * min(row.label.size, label.size):
        return False
    before, text = " ".join(label.parts), row.label.text
    if before.endswith((":", "?")):
        return False
    if _OPENS.match(text) or _RUNS_ON.search(before) or before.count("(") > before.count(")"):
        return True
    alone, joined = match_label(text), match_label(f"{before} {text}")
    if alone is None and joined is not None:
        return True
    return alone is None and bool(row.main) and _runs_on(label.rows, page)


def _runs_on(rows: Sequence[Row], page: _Page) -> bool:
    """Tell whether the value's last line runs on to the next (it reaches the right end)."""
    mains = [row.main for row in rows if row.main]
    return bool(mains) and mains[-1][-1].x1 >= page.span[1] - 2


def _flush_wide(page: _Page, rows: Sequence[Row]) -> None:
    """Read full-width lines as the layout reads a region: headings and paragraphs."""
    if rows:
        page.units.extend(read_region([row.line for row in rows], page.body, page.leading))


def _flush(page: _Page, label: _Label | None, loose: Sequence[Row]) -> None:
    """Add the units of a label and its value (or of main text without a label)."""
    page.units.extend(read_main(loose, page))
    if label is None:
        return
    value = read_main(label.rows, page)
    text = " ".join(label.parts)
    single = len(value) == 1 and value[0].kind == "para" and len(value[0].parts) == 1
    if single and not is_label_text(text) and len(value[0].parts[0]) <= _SHORT_VALUE:
        page.units.append(Unit("row", [], cells=[label.parts, value[0].parts]))
        return
    page.units.append(Unit("label", [], cells=[label.parts]))
    page.units.extend(value)


def read_main(rows: Sequence[Row], page: _Page) -> list[Unit]:
    """Read main-column rows: runs of table rows as a grid, the rest as flowing text."""
    flow = _Flow(page)
    run: list[Row] = []
    for row in [*rows, None]:
        if row is not None and _is_table_row(row, page):
            run.append(row)
            continue
        if run:
            flow.units.extend(read_region([row.main for row in run], page.body, page.leading))
            flow.bottom = run[-1].bottom
            run = []
        if row is not None:
            flow.add(row)
    return flow.units


def _is_table_row(row: Row, page: _Page) -> bool:
    """Tell a table row: cells in two or more chunks, no list mark before them.

    A justified line is none, although its wide gaps between words also make chunks.
    """
    chunks = _merge_mark(row.main)
    return row.mark is None and len(chunks) >= 2 and not is_justified(chunks, page.span[1])


def _merge_mark(chunks: list[Chunk]) -> list[Chunk]:
    """Join a list mark standing apart to the text after it (``•`` + ``text``)."""
    if len(chunks) >= 2 and MARK.match(chunks[0].text):
        return [Chunk.of([*chunks[0].words, *chunks[1].words]), *chunks[2:]]
    return chunks


@dataclass
class _Flow:
    """Flowing text of the main column being read: its units, where the last one ends."""

    page: _Page
    units: list[Unit] = field(default_factory=list)
    bottom: float = 0.0  # of the last line read
    left: float = 0.0  # where the last unit's text starts

    def add(self, row: Row) -> None:
        """Add a row: a new item, paragraph or heading, or a line more of the last unit."""
        page = self.page
        chunk = Chunk.of([w for c in row.main for w in c.words])
        kind = "heading" if chunk.bold or chunk.size >= 1.15 * page.body else "para"
        if row.mark is not None:
            found = LIST_MARK.match(row.mark.text)
            number = int(found["num"]) if found and found["num"] else None
            self.units.append(Unit("item", [chunk.text], number))
        elif kind == "para" and _LINE_MARK.match(chunk.text):
            mark, _, rest = chunk.text.partition(" ")
            number = int(mark[:-1]) if mark[:-1].isdigit() else None
            nested = int(chunk.x0 > page.span[0] + 0.3 * page.body)
            self.units.append(Unit("item", [rest.strip()], number, level=nested))
        elif self._joins(row, chunk, kind):
            self.units[-1].parts.append(chunk.text)
        else:
            self.units.append(Unit(kind, [chunk.text]))
        if len(self.units[-1].parts) == 1:
            self.left = chunk.x0
        edge, right = page.span
        self.units[-1].reach = (chunk.x1 - edge) / max(right - edge, 1.0)
        self.bottom = row.bottom

    def _joins(self, row: Row, chunk: Chunk, kind: str) -> bool:
        """Tell whether a line continues the last unit: close below it, not left of its text."""
        last = self.units[-1] if self.units else None
        if last is None or last.kind not in ("para", "heading", "item"):
            return False
        if (last.kind == "heading") != (kind == "heading"):
            return False
        if row.top - self.bottom > self.page.leading + 0.4 * self.page.body:
            return False
        return last.kind != "item" or not last.level or chunk.x0 >= self.left - 1.5


__all__ = ["read_label_page", "read_main"]
