"""Stage 1, sources: the geometry of PDF pages: words, lines, running text and columns.

Words whose boxes overlap vertically form a line, split into chunks at wide gaps. Running
headers and footers are margin text that is a page number, is set smaller than the body or
repeats on other pages. A strip free of text near the middle of a page (the gutter) splits
two-column bands into columns; lines crossing it form full-width bands. The reading order of
what is left is :mod:`prestatiegraaf.sources.pdf_layout`'s.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

TOP_BAND, BOTTOM_BAND = 0.09, 0.07  # shares of the page height holding headers and footers
PAGE_NUMBER = re.compile(
    r"^(?:(?:pagina|page|blz\.?|p\.)\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:van|of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)


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
        """Make the chunk of ``words``, left to right."""
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


def find_body_size(words: Sequence[Word]) -> float:
    """Find the font size most text is set in."""
    sizes: Counter[float] = Counter()
    for word in words:
        sizes[round(word.size * 2) / 2] += len(word.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def group_lines(items: Iterable[Word | Chunk]) -> list[Line]:
    """Group words (or chunks) into lines of chunks, top to bottom.

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
    return [_split_chunks(sorted(row, key=lambda w: w.x0)) for row in rows]


def _split_chunks(row: list[Word]) -> Line:
    """Split a line's words, left to right, into chunks at gaps wider than a letter."""
    groups = [[row[0]]]
    for word in row[1:]:
        if word.x0 - max(w.x1 for w in groups[-1]) > max(0.9 * word.size, 3.0):
            groups.append([word])
        else:
            groups[-1].append(word)
    return [Chunk.of(group) for group in groups]


def find_running(pages: Sequence[Page], lined: Sequence[list[Line]], body: float) -> set[Chunk]:
    """Find the chunks in the top or bottom band that are page numbers, small or repeated."""
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


def split_regions(lines: list[Line], gutter: Span | None) -> list[list[Line]]:
    """Cut a page into regions read one after another: full-width bands and columns."""
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
        regions.append(group_lines(c for line in band for c in line if c.x0 + c.x1 < 2 * middle))
        regions.append(group_lines(c for line in band for c in line if c.x0 + c.x1 >= 2 * middle))
    return [region for region in regions if region]


def _crosses(chunk: Chunk, gutter: Span) -> bool:
    """Tell whether ``chunk`` runs across ``gutter``."""
    return chunk.x0 < gutter[1] - 1 and chunk.x1 > gutter[0] + 1


def find_gutters(pages: Sequence[Page], bodies: Sequence[list[Line]]) -> list[Span | None]:
    """Find each page's gutter: its own, else the one most pages share if it is free there."""
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
    """Find the widest strip near the middle crossed by the fewest chunks, if it parts columns.

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
