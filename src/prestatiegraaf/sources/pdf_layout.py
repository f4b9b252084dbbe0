"""Stage 1, sources: the reading order of PDF pages, recovered from the positions of words.

Words whose boxes overlap vertically form a line, split into chunks at wide gaps. Running
headers and footers are dropped: margin text that is a page number, is set smaller than the
body or repeats on other pages. A strip free of text near the middle of a page (the gutter)
splits two-column bands, read column by column; lines crossing it form full-width bands. Lines
form blocks at gaps wider than the usual leading. A block whose chunks stand in aligned
x-columns is a grid: a list number beside its item, a label beside its value, table cells.
Bold or larger type makes a heading. The result is a list of :class:`Unit` in reading order,
which :mod:`prestatiegraaf.sources.pdf` renders as text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from prestatiegraaf.sources.labels import match_label

TOP_BAND, BOTTOM_BAND = 0.09, 0.07  # shares of the page height holding headers and footers
PAGE_NUMBER = re.compile(
    r"^(?:(?:pagina|page|blz\.?|p\.)\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:van|of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
LIST_MARK = re.compile(r"^(?:(?P<num>\d{1,2})[.)]|[•·▪◦●‣])$")
_LINE_MARK = re.compile(r"^(?:\d{1,2}[.)]|[•·▪◦●‣])\s")
_FIGURE = re.compile(r"^[-−(€\s]*[\d.,]+\)?%?$")


@dataclass(frozen=True)
class Word:
    """A word with its box (points, y from the page top), font size and weight."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass(frozen=True)
class Page:
    """The words of one page and its size."""

    width: float
    height: float
    words: tuple[Word, ...]


@dataclass(frozen=True, eq=False)
class Chunk:
    """Words on one line with no wide gap between them, and their joint box."""

    words: tuple[Word, ...]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the size most of its characters are set in
    bold: bool  # every word bold

    @classmethod
    def of(cls, words: Sequence[Word]) -> Chunk:
        """The chunk of ``words``, left to right."""
        sizes: Counter[float] = Counter()
        for word in words:
            sizes[word.size] += len(word.text)
        return cls(
            tuple(words),
            " ".join(word.text for word in words),
            words[0].x0,
            max(word.x1 for word in words),
            min(word.top for word in words),
            max(word.bottom for word in words),
            sizes.most_common(1)[0][0],
            all(word.bold for word in words),
        )


Line = list[Chunk]  # left to right
Span = tuple[float, float]  # an x-range: a gutter, a column of a grid


@dataclass
class Unit:
    """A heading, paragraph, list item, label with its value, or table row, in reading order."""

    kind: str  # "heading" | "para" | "item" | "label" | "row"
    parts: list[str]  # text lines of a heading, paragraph or item
    number: int | None = None  # an item's number; None for a bullet
    cells: list[list[str]] = field(default_factory=list)  # a row's cells; label and value
    reach: float = 0.0  # how far the last line runs to the right edge (0 to 1)
    region: int = 0  # which column or band it was read from


@dataclass(frozen=True)
class Layout:
    """The units of a document in reading order and the running headers and footers."""

    units: list[Unit]
    running: list[str]


def read_order(pages: Sequence[Page]) -> Layout:
    """The units of ``pages`` in reading order (see the module docstring)."""
    body = body_size([word for page in pages for word in page.words])
    lined = [lines_of(page.words) for page in pages]
    running = running_chunks(pages, lined, body)
    bodies = [[[c for c in line if c not in running] for line in lines] for lines in lined]
    bodies = [[line for line in lines if line] for lines in bodies]
    regions: list[list[Line]] = []
    for lines, gutter in zip(bodies, gutters(pages, bodies), strict=True):
        regions.extend(page_regions(lines, gutter))
    leading = usual_gap(regions)
    units: list[Unit] = []
    for number, region in enumerate(regions):
        for unit in region_units(region, body, leading):
            unit.region = number
            units.append(unit)
    headers = [c.text for lines in lined for line in lines for c in line if c in running]
    return Layout(units, headers)


def body_size(words: Sequence[Word]) -> float:
    """The font size most text is set in."""
    sizes: Counter[float] = Counter()
    for word in words:
        sizes[round(word.size * 2) / 2] += len(word.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def lines_of(items: Iterable[Word | Chunk]) -> list[Line]:
    """Words (or chunks) as lines of chunks, top to bottom.

    A word joins a line when its box overlaps the line's first word by half the height of the
    smaller one, so a list number set larger stays on its item's line.
    """
    words = [w for item in items for w in (item.words if isinstance(item, Chunk) else [item])]
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top + w.bottom, w.x0)):
        first = rows[-1][0] if rows else None
        if first is not None:
            overlap = min(word.bottom, first.bottom) - max(word.top, first.top)
            if overlap >= 0.5 * min(word.bottom - word.top, first.bottom - first.top):
                rows[-1].append(word)
                continue
        rows.append([word])
    return [_chunks(sorted(row, key=lambda w: w.x0)) for row in rows]


def _chunks(row: list[Word]) -> Line:
    groups = [[row[0]]]
    for word in row[1:]:
        if word.x0 - max(w.x1 for w in groups[-1]) > max(0.9 * word.size, 3.0):
            groups.append([word])
        else:
            groups[-1].append(word)
    return [Chunk.of(group) for group in groups]


def running_chunks(pages: Sequence[Page], lined: Sequence[list[Line]], body: float) -> set[Chunk]:
    """The chunks in the top or bottom band that are page numbers, small or repeated."""
    margin: list[list[Chunk]] = []
    for page, lines in zip(pages, lined, strict=True):
        top, bottom = TOP_BAND * page.height, (1 - BOTTOM_BAND) * page.height
        margin.append([c for line in lines for c in line if c.bottom <= top or c.top >= bottom])

    def key(chunk: Chunk) -> tuple[str, int]:
        return re.sub(r"\d+", "#", chunk.text.casefold()), round(chunk.top / 3)

    seen = Counter(k for chunks in margin for k in {key(c) for c in chunks})
    return {
        c
        for chunks in margin
        for c in chunks
        if seen[key(c)] >= 2 or c.size <= 0.9 * body or PAGE_NUMBER.match(c.text.strip())
    }


def page_regions(lines: list[Line], gutter: Span | None) -> list[list[Line]]:
    """A page cut into regions read one after another: full-width bands and columns."""
    if gutter is None:
        return [lines] if lines else []
    middle = sum(gutter) / 2
    regions: list[list[Line]] = []
    bands: list[tuple[bool, list[Line]]] = []
    for line in lines:
        split = not any(_crosses(c, gutter) for c in line)
        if not bands or bands[-1][0] != split:
            bands.append((split, []))
        bands[-1][1].append(line)
    for split, band in bands:
        if not split:
            regions.append(band)
            continue
        regions.append(lines_of(c for line in band for c in line if c.x0 + c.x1 < 2 * middle))
        regions.append(lines_of(c for line in band for c in line if c.x0 + c.x1 >= 2 * middle))
    return [region for region in regions if region]


def _crosses(chunk: Chunk, gutter: Span) -> bool:
    return chunk.x0 < gutter[1] - 1 and chunk.x1 > gutter[0] + 1


def gutters(pages: Sequence[Page], bodies: Sequence[list[Line]]) -> list[Span | None]:
    """Each page's gutter: its own, else the one most pages share if it is free there."""
    found = [find_gutter(page, lines) for page, lines in zip(pages, bodies, strict=True)]
    shared = Counter((round(g[0]), round(g[1])) for g in found if g is not None).most_common(1)
    if not shared:
        return found
    common = (float(shared[0][0][0]), float(shared[0][0][1]))
    out: list[Span | None] = []
    for own, lines in zip(found, bodies, strict=True):
        crossing = sum(1 for line in lines if any(_crosses(c, common) for c in line))
        right = any(c.x0 >= common[1] - 1 for line in lines for c in line)
        out.append(own or (common if right and crossing <= 0.35 * len(lines) else None))
    return out


def find_gutter(page: Page, lines: Sequence[Line]) -> Span | None:
    """The widest strip near the middle crossed by the fewest chunks, if it parts columns.

    Both columns must be a third of the page wide, so that the gap between the labels and
    values of a grid or between table columns on a one-column page is no gutter.
    """
    chunks = [c for line in lines for c in line]
    if len(chunks) < 6:
        return None
    low, high = int(0.3 * page.width), int(0.7 * page.width)
    cover = [0] * (high - low)
    for chunk in chunks:
        for x in range(max(low, int(chunk.x0)), min(high, int(chunk.x1) + 1)):
            cover[x - low] += 1
    least, best, start = min(cover), (0, 0), None
    for index, count in enumerate([*cover, -1]):
        if count == least and start is None:
            start = index
        elif count != least and start is not None:
            best, start = max(best, (index - start, start)), None
    gutter = (float(low + best[1]), float(low + best[1] + best[0]))
    left = [c for c in chunks if c.x1 <= gutter[0] + 1]
    right = [c for c in chunks if c.x0 >= gutter[1] - 1]
    if best[0] < 8 or least > 0.35 * len(chunks) or min(len(left), len(right)) < 3:
        return None
    wide = min(gutter[0] - min(c.x0 for c in left), max(c.x1 for c in right) - gutter[1])
    return gutter if wide >= page.width / 3 else None


def usual_gap(regions: Sequence[list[Line]]) -> float:
    """The white space between the lines of a paragraph: the lower quartile of all gaps."""
    gaps = sorted(
        b[0].top - a[0].bottom
        for lines in regions
        for a, b in zip(lines, lines[1:], strict=False)
        if 0 <= b[0].top - a[0].bottom < a[0].size
    )
    return gaps[len(gaps) // 4] if gaps else 1.0


def _blocks(lines: list[Line], leading: float) -> list[list[Line]]:
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


def region_units(lines: list[Line], body: float, leading: float) -> list[Unit]:
    """The units of one region, block by block."""
    span = (
        min(c.x0 for line in lines for c in line),
        max(c.x1 for line in lines for c in line if not LIST_MARK.match(c.text)),
    )
    units: list[Unit] = []
    for block in _blocks(lines, leading):
        head = 0
        while head < len(block) and _is_heading(block[head], body):
            head += 1
        rows = [_unjustified(line, span[1]) for line in block[head:]]
        columns = _aligned_columns(rows, span[1])
        if len(columns) > 1:
            units.extend(Unit("heading", [line[0].text]) for line in block[:head])
            units.extend(_grid_units([_regrouped(line, columns) for line in rows], leading))
        else:
            units.extend(_flow_units([[_joined(line)] for line in block], body, span))
    return units


def _is_heading(line: Line, body: float) -> bool:
    return len(line) == 1 and (line[0].bold or line[0].size >= 1.15 * body)


def _joined(line: Line) -> Chunk:
    return Chunk.of([word for chunk in line for word in chunk.words])


def _unjustified(line: Line, edge: float) -> Line:
    """A justified line (words spread by equal wide gaps up to the edge) as one chunk."""
    if len(line) < 3 or line[-1].x1 < edge - 1 or all(_FIGURE.match(c.text) for c in line):
        return line
    gaps = [b.x0 - a.x1 for a, b in zip(line, line[1:], strict=False)]
    return [_joined(line)] if max(gaps) - min(gaps) <= 0.6 else line


def _aligned_columns(rows: list[Line], edge: float) -> list[Span]:
    """The x-columns of a block; a column that is no real one joins its left neighbour.

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
        where = [[_column_of(c, spans) for c in line] for line in rows]
        used = [len(set(ks)) for ks in where if index in ks]
        members = [c for line in rows for c in line if _column_of(c, spans) == index]
        lone = len(rows) > 1 and len(used) == 1
        if _aligned(members, edge, lone, used[0] == 2):
            index += 1
        else:
            spans[index - 1 : index + 1] = [(spans[index - 1][0], spans[index][1])]
    return spans


def _aligned(chunks: Sequence[Chunk], edge: float, lone: bool, pair: bool) -> bool:
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


def _column_of(chunk: Chunk, columns: Sequence[Span]) -> int:
    return next(i for i, (x0, x1) in enumerate(columns) if x0 <= chunk.x0 <= x1)


def _regrouped(line: Line, columns: Sequence[Span]) -> dict[int, Chunk]:
    """A line's chunks merged per x-column."""
    words: dict[int, list[Word]] = {}
    for chunk in line:
        words.setdefault(_column_of(chunk, columns), []).extend(chunk.words)
    return {column: Chunk.of(found) for column, found in sorted(words.items())}


def _flow_units(block: list[Line], body: float, span: Span) -> list[Unit]:
    """Runs of heading lines and of body lines; a list marker starts a new item."""
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


def _grid_units(rows: list[dict[int, Chunk]], leading: float) -> list[Unit]:
    """A block with chunks in several x-columns: items beside numbers, labels, table rows."""
    count = max(max(row) for row in rows) + 1
    marks = [k for k in range(count) if all(LIST_MARK.match(r[k].text) for r in rows if k in r)]
    if count == 2 and marks:
        return _item_rows(rows, marks[0])
    if all(len(row) == count for row in rows):
        return [_row([[chunk.text] for chunk in row.values()]) for row in rows]
    cells: list[list[str]] = [[] for _ in range(count)]
    bottoms = [0.0] * count
    for row in rows:
        for column, chunk in row.items():
            if cells[column] and chunk.top - bottoms[column] > leading + 0.25 * chunk.size:
                cells[column].append("")  # a paragraph break inside the cell
            cells[column].append(chunk.text)
            bottoms[column] = chunk.bottom
    return [_row(cells)]


def _item_rows(rows: list[dict[int, Chunk]], mark: int) -> list[Unit]:
    """Items whose number (or bullet) stands in a column of its own, left or right."""
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


def _row(cells: list[list[str]]) -> Unit:
    label = " ".join(cells[0]).strip()
    if len(cells) == 2 and (label.endswith((":", "?")) or match_label(label) is not None):
        return Unit("label", [], cells=cells)
    return Unit("row", [], cells=cells)
