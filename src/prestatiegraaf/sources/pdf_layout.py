"""Stage 1, sources: read a region of a PDF page (a column or band) into units.

:mod:`prestatiegraaf.sources.pdf_order` cuts pages into regions: full-width bands and columns
(:mod:`prestatiegraaf.sources.pdf_geometry`). A region's lines form blocks at gaps wider than
the usual leading. A block whose chunks stand in aligned x-columns is a grid: a list number
beside its item, a label beside its value, table cells. Bold or larger type makes a heading.
The result is a list of :class:`Unit` in reading order, which
:mod:`prestatiegraaf.sources.pdf_render` renders as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from prestatiegraaf.sources.labels import match_label
from prestatiegraaf.sources.pdf_geometry import Chunk, Line, Page, Span, Word

LIST_MARK = re.compile(r"^(?:(?P<num>\d{1,2})[.)]|[•·▪◦●‣])$")
_LINE_MARK = re.compile(r"^(?:\d{1,2}[.)]|[•·▪◦●‣])\s")
_FIGURE = re.compile(r"^[-−(€\s]*[\d.,]+\)?%?$")


@dataclass
class Unit:
    """A heading, paragraph, list item, label with its value, or table row, in reading order."""

    kind: str  # "heading" | "para" | "item" | "label" | "row"
    parts: list[str]  # text lines of a heading, paragraph or item
    number: int | None = None  # an item's number; None for a bullet
    cells: list[list[str]] = field(default_factory=list)  # a row's cells; label and value
    reach: float = 0.0  # how far the last line runs to the right edge (0 to 1)
    region: int = 0  # which column or band it was read from
    level: int = 0  # an item's nesting: 1 for a sub-item under an action


def measure_leading(regions: Sequence[list[Line]]) -> float:
    """Measure the white space between the lines of a paragraph: the lower quartile of gaps."""
    gaps = sorted(
        b[0].top - a[0].bottom
        for lines in regions
        for a, b in zip(lines, lines[1:], strict=False)
        if 0 <= b[0].top - a[0].bottom < a[0].size
    )
    return gaps[len(gaps) // 4] if gaps else 1.0


def _split_blocks(lines: list[Line], leading: float) -> list[list[Line]]:
    """Split a region's lines into blocks at gaps wider than the leading."""
    blocks: list[list[Line]] = []
    for line in lines:
        if blocks:
            previous = blocks[-1][-1]
            gap = min(c.top for c in line) - max(c.bottom for c in previous)
            if gap <= leading + 0.4 * min(line[0].size, previous[0].size):
                blocks[-1].append(line)
                continue
        blocks.append([line])
    return blocks


def read_region(lines: list[Line], body: float, leading: float) -> list[Unit]:
    """Read the units of one region, block by block."""
    span = (
        min(c.x0 for line in lines for c in line),
        max(c.x1 for line in lines for c in line if not LIST_MARK.match(c.text)),
    )
    units: list[Unit] = []
    for block in _split_blocks(lines, leading):
        head = 0
        while head < len(block) and _is_heading(block[head], body):
            head += 1
        rows = [_unjustify(line, span[1]) for line in block[head:]]
        columns = _find_columns(rows, span[1])
        if len(columns) > 1:
            units.extend(Unit("heading", [line[0].text]) for line in block[:head])
            units.extend(_read_grid([_regroup(line, columns) for line in rows], leading))
        else:
            units.extend(_read_flow([[_join_line(line)] for line in block], body, span))
    return units


def _is_heading(line: Line, body: float) -> bool:
    """Tell whether a line is a heading: one chunk, bold or larger than the body."""
    return len(line) == 1 and (line[0].bold or line[0].size >= 1.15 * body)


def _join_line(line: Line) -> Chunk:
    """Join the chunks of a line into one."""
    return Chunk.of([word for chunk in line for word in chunk.words])


def _unjustify(line: Line, edge: float) -> Line:
    """Make a justified line of three chunks or more one chunk."""
    return [_join_line(line)] if len(line) >= 3 and is_justified(line, edge) else line


def is_justified(line: Line, edge: float) -> bool:
    """Tell a justified line: words spread by equal wide gaps up to the edge, not figures."""
    if len(line) < 2 or line[-1].x1 < edge - 1 or all(_FIGURE.match(c.text) for c in line):
        return False
    gaps = [b.x0 - a.x1 for a, b in zip(line, line[1:], strict=False)]
    return max(gaps) - min(gaps) <= 0.6


def _find_columns(rows: list[Line], edge: float) -> list[Span]:
    """Find the x-columns of a block; a column that is no real one joins its left neighbour.

    Justified text leaves wide gaps at random places and ends its lines at the right edge of
    the region (``edge``). Real columns are aligned: cells start (or centre) at one x; figures
    and list marks may end at one x. A column met in one line of several is a cell only
    beside one other cell (a value beside a label that wraps).
    """
    spans: list[Span] = []
    for chunk in sorted((c for line in rows for c in line), key=lambda c: c.x0):
        if spans and chunk.x0 < spans[-1][1] + 0.5 * chunk.size:
            spans[-1] = (spans[-1][0], max(spans[-1][1], chunk.x1))
        else:
            spans.append((chunk.x0, chunk.x1))
    index = 1
    while index < len(spans):
        where = [[_find_column(c, spans) for c in line] for line in rows]
        used = [len(set(ks)) for ks in where if index in ks]
        members = [c for line in rows for c in line if _find_column(c, spans) == index]
        lone = len(rows) > 1 and len(used) == 1
        if _is_aligned(members, edge, lone, used[0] == 2):
            index += 1
        else:
            spans[index - 1 : index + 1] = [(spans[index - 1][0], spans[index][1])]
    return spans


def _is_aligned(chunks: Sequence[Chunk], edge: float, lone: bool, pair: bool) -> bool:
    """Tell whether the chunks of one x-column stand aligned, as in a real column."""

    def even(values: Iterable[float]) -> bool:
        values = list(values)
        return max(values) - min(values) <= 1.0

    if all(_FIGURE.match(c.text) or LIST_MARK.match(c.text) for c in chunks):
        return even(c.x0 for c in chunks) or even(c.x1 for c in chunks)
    line_ends = min(c.x1 for c in chunks) >= edge - 1
    if lone:
        return pair and not line_ends  # else a gap in one justified line
    if line_ends and len(chunks) <= 2:
        return False  # the last words of justified lines
    if even(c.x0 for c in chunks) or even((c.x0 + c.x1) / 2 for c in chunks):
        return True
    return even(c.x1 for c in chunks) and max(c.x1 for c in chunks) < edge - 1


def _find_column(chunk: Chunk, columns: Sequence[Span]) -> int:
    """Find the index of the column ``chunk`` starts in."""
    return next(i for i, (x0, x1) in enumerate(columns) if x0 <= chunk.x0 <= x1)


def _regroup(line: Line, columns: Sequence[Span]) -> dict[int, Chunk]:
    """Merge a line's chunks per x-column."""
    words: dict[int, list[Word]] = {}
    for chunk in line:
        words.setdefault(_find_column(chunk, columns), []).extend(chunk.words)
    return {column: Chunk.of(found) for column, found in sorted(words.items())}


def _read_flow(block: list[Line], body: float, span: Span) -> list[Unit]:
    """Read runs of heading lines and of body lines; a list marker starts a new item."""
    units: list[Unit] = []
    for line in block:
        text, kind = line[0].text, "heading" if _is_heading(line, body) else "para"
        marked = kind == "para" and _LINE_MARK.match(text) is not None
        last = units[-1].kind if units else None
        if not marked and (last == kind or kind == "para" and last == "item"):
            units[-1].parts.append(text)
        elif marked:
            mark, _, rest = text.partition(" ")
            units.append(Unit("item", [rest], int(mark[:-1]) if mark[:-1].isdigit() else None))
        else:
            units.append(Unit(kind, [text]))
        units[-1].reach = (line[0].x1 - span[0]) / max(span[1] - span[0], 1.0)
    return units


def _read_grid(rows: list[dict[int, Chunk]], leading: float) -> list[Unit]:
    """Read a block with chunks in several x-columns: items, labels, table rows."""
    count = max(max(row) for row in rows) + 1
    marks = [k for k in range(count) if all(LIST_MARK.match(r[k].text) for r in rows if k in r)]
    if count == 2 and marks:
        return _read_items(rows, marks[0])
    if all(len(row) == count for row in rows):
        return [_make_row([[chunk.text] for chunk in row.values()]) for row in rows]
    cells: list[list[str]] = [[] for _ in range(count)]
    bottoms = [0.0] * count
    for row in rows:
        for column, chunk in row.items():
            if cells[column] and chunk.top - bottoms[column] > leading + 0.25 * chunk.size:
                cells[column].append("")  # a paragraph break inside the cell
            cells[column].append(chunk.text)
            bottoms[column] = chunk.bottom
    return [_make_row(cells)]


def _read_items(rows: list[dict[int, Chunk]], mark: int) -> list[Unit]:
    """Read items whose number (or bullet) stands in a column of its own, left or right."""
    texts = [row[1 - mark] for row in rows if 1 - mark in row]
    span = (min(c.x0 for c in texts), max(c.x1 for c in texts))
    units: list[Unit] = []
    for row in rows:
        if mark in row:
            found = LIST_MARK.match(row[mark].text)
            units.append(Unit("item", [], int(found["num"]) if found and found["num"] else None))
        elif not units:
            units.append(Unit("para", []))
        if 1 - mark in row:
            units[-1].parts.append(row[1 - mark].text)
            units[-1].reach = (row[1 - mark].x1 - span[0]) / max(span[1] - span[0], 1.0)
    return units


def _make_row(cells: list[list[str]]) -> Unit:
    """Make a table row, or a label with its value when the first of two cells is a label."""
    label = " ".join(cells[0]).strip()
    if len(cells) == 2 and (label.endswith((":", "?")) or match_label(label) is not None):
        return Unit("label", [], cells=cells)
    return Unit("row", [], cells=cells)


__all__ = ["LIST_MARK", "Page", "Unit", "Word", "is_justified", "measure_leading", "read_region"]
