"""Stage 1, sources: find a label column on PDF pages and split lines at its edge.

Printed P&C documents set their labels (``Context``, ``Acties``, ``Rol provincie``,
``Begroot`` …) in a narrow column at the left and each value in the main column, starting on
the baseline of its label; action numbers stand right-aligned in a gutter just left of the
main column. Such a page has an *edge*: the x where the main column starts, where most lines'
main text begins, while left of it stand only short pieces (labels, list numbers) and no
running text crosses it but headings. A document's pages share one edge; a page that holds no
label itself (a list running on from the page before) is read with it when it fits.

:func:`split_row` cuts a line at the edge into its label text, its gutter mark and its main
text; :mod:`prestatiegraaf.sources.pdf_label_page` pairs labels with their values.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from prestatiegraaf.sources.labels import match_label
from prestatiegraaf.sources.pdf_geometry import Chunk, Line, Page, Span, Word

MARK = re.compile(r"^(?:\d{1,2}[.)]|[•·▪◦●‣–-])$")
_CODE = re.compile(r"^\d{1,2}\.\d{1,2}(?:\.\d{1,2})?\.?\s")
_BAND = (0.1, 0.4)  # where the main column may start: shares of the page width past the left
WIDE_SHARE = 1 / 3  # at most this share of a page's lines run across the edge (not headings)
_NEAR = 0.08  # a page's own edge is this share of the page width from an edge found, at most
MAIN_WIDTH = 0.45  # beside two-column pages, a main column is at least this share wide


@dataclass(frozen=True, eq=False)
class Row:
    """A line cut at the edge: label text and gutter mark left of it, main text right of it.

    A line whose text runs across the edge (a heading, a full-width paragraph) is ``wide``.
    """

    line: Line
    label: Chunk | None
    mark: Chunk | None
    main: list[Chunk]
    wide: bool

    @property
    def top(self) -> float:
        """The top of the line."""
        return min(c.top for c in self.line)

    @property
    def bottom(self) -> float:
        """The bottom of the line."""
        return max(c.bottom for c in self.line)


def split_row(line: Line, edge: float) -> Row:
    """Cut ``line`` at ``edge`` into label, gutter mark and main text, or find it wide."""
    words = sorted((w for chunk in line for w in chunk.words), key=lambda w: w.x0)
    left = [w for w in words if w.x1 <= edge + 1]
    right = [w for w in words if w.x1 > edge + 1]
    straddles = any(w.x0 < edge - 1.5 for w in right)
    mark = _find_gutter_mark(left)
    label = left[: len(left) - 1] if mark else left
    close = bool(label and right and right[0].x0 - label[-1].x1 < 0.6 * right[0].size)
    if straddles or close:
        return Row(line, None, None, [], True)
    return Row(
        line,
        Chunk.of(label) if label else None,
        Chunk.of([mark]) if mark else None,
        _group_chunks(right),
        False,
    )


def _find_gutter_mark(left: Sequence[Word]) -> Word | None:
    """The list number (or bullet) standing last left of the edge, apart from any label."""
    if not left or not MARK.match(left[-1].text):
        return None
    if len(left) == 1 or left[-1].x0 - left[-2].x1 > 0.9 * left[-1].size:
        return left[-1]
    return None


def _group_chunks(words: Sequence[Word]) -> list[Chunk]:
    """Group words, left to right, into chunks at gaps wider than a letter."""
    groups: list[list[Word]] = []
    for word in words:
        if groups and word.x0 - groups[-1][-1].x1 <= max(0.9 * word.size, 3.0):
            groups[-1].append(word)
        else:
            groups.append([word])
    return [Chunk.of(group) for group in groups]


def is_heading_line(line: Line, body: float) -> bool:
    """Tell a heading: bold or larger than the body throughout, or a prestatie code and title."""
    text = " ".join(c.text for c in line)
    large = min(c.size for c in line) >= 1.15 * body
    return all(c.bold for c in line) or large or bool(_CODE.match(text))


def is_label_text(text: str) -> bool:
    """Tell a label: one the lexicon knows, or text ending in a colon."""
    return text.rstrip().endswith(":") or match_label(text) is not None


def find_label_edges(
    pages: Sequence[Page], bodies: Sequence[list[Line]], gutters: Sequence[Span | None], body: float
) -> list[float | None]:
    """Find for each page the edge of its main column, if it is printed with a label column.

    Pages with a column gutter (two columns) have none. A page that shows labels has its own
    edge; any other page takes the first edge its lines fit (see :func:`fits_edge`): one of
    the edges found (the most common first), else where most of its lines start, if that is
    near one of them (odd and even pages with mirrored margins).
    """
    columns = any(gutter is not None for gutter in gutters)
    own = [
        _find_page_edge(page, lines, body, columns) if gutter is None and lines else None
        for page, lines, gutter in zip(pages, bodies, gutters, strict=True)
    ]
    found = [edge for edge, _ in Counter(e for e in own if e is not None).most_common()]
    return [
        edge if edge is not None or gutter is not None or not lines
        else _find_fitting_edge(page, lines, found, body)
        for page, edge, lines, gutter in zip(pages, own, bodies, gutters, strict=True)
    ]  # fmt: skip


def _find_fitting_edge(
    page: Page, lines: Sequence[Line], found: Sequence[float], body: float
) -> float | None:
    """The first edge the lines of a page without labels fit: found, or near one found."""
    starts = Counter(round(c.x0) for line in lines for c in line)
    near = [
        min(c.x0 for line in lines for c in line if round(c.x0) == start)
        for start, _ in starts.most_common(3)
        if any(abs(start - edge) <= _NEAR * page.width for edge in found)
    ]
    return next((edge for edge in [*found, *near] if fits_edge(lines, edge, body)), None)


def _find_page_edge(page: Page, lines: Sequence[Line], body: float, columns: bool) -> float | None:
    """The edge of a page's main column, where lines fit it and labels stand left of it.

    In a document with two-column pages the main column must be wide: beside a grid of
    labels and values in one of two columns the values are no main column.
    """
    chunks = [c for line in lines for c in line]
    left, right = min(c.x0 for c in chunks), max(c.x1 for c in chunks)
    low, high = left + _BAND[0] * page.width, left + _BAND[1] * page.width
    starts = Counter(round(c.x0) for c in chunks if low <= c.x0 <= high)
    for start, count in starts.most_common(3):
        if count < 3:
            break
        edge = min(c.x0 for c in chunks if round(c.x0) == start)
        if columns and right - edge < MAIN_WIDTH * page.width:
            continue
        if fits_edge(lines, edge, body) and _shows_labels(lines, edge):
            return float(round(edge, 1))
    return None


def fits_edge(lines: Sequence[Line], edge: float, body: float) -> bool:
    """Tell whether a page's lines fit a label column left of ``edge``.

    Few lines other than headings run across it, and most lines with main text start at it.
    """
    rows = [split_row(line, edge) for line in lines]
    wide = sum(1 for row in rows if row.wide and not is_heading_line(row.line, body))
    mains = [row.main[0].x0 for row in rows if row.main]
    aligned = sum(1 for x0 in mains if x0 <= edge + 1.5)
    return bool(mains) and wide <= WIDE_SHARE * len(rows) and aligned >= 0.5 * len(mains)


def _shows_labels(lines: Sequence[Line], edge: float) -> bool:
    """Tell whether text left of ``edge`` holds a label (alone or wrapped over lines)."""
    texts = [row.label.text for line in lines if (row := split_row(line, edge)).label]
    joined = [f"{a} {b}" for a, b in zip(texts, texts[1:], strict=False)]
    return any(is_label_text(text) for text in [*texts, *joined])


__all__ = [
    "MARK",
    "Row",
    "find_label_edges",
    "fits_edge",
    "is_heading_line",
    "is_label_text",
    "split_row",
]
