"""Stage 1, sources: the reading order of PDF pages, recovered from the positions of words.

The page geometry (:mod:`prestatiegraaf.sources.pdf_geometry`) gives lines of chunks and the
running headers and footers. A page printed with a label column at the left
(:mod:`prestatiegraaf.sources.pdf_labels`) is read label by label
(:mod:`prestatiegraaf.sources.pdf_label_page`); any other page is cut into regions, full-width
bands and columns, read one after another (:mod:`prestatiegraaf.sources.pdf_layout`). The
result is a list of :class:`~prestatiegraaf.sources.pdf_layout.Unit` in reading order, which
:mod:`prestatiegraaf.sources.pdf_render` renders as text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from prestatiegraaf.sources.pdf_geometry import (
    Line,
    Page,
    Span,
    find_body_size,
    find_gutters,
    find_running,
    group_lines,
    split_regions,
)
from prestatiegraaf.sources.pdf_label_page import read_label_page
from prestatiegraaf.sources.pdf_labels import find_label_edges
from prestatiegraaf.sources.pdf_layout import Unit, measure_leading, read_region


@dataclass(frozen=True)
class Layout:
    """The units of a document in reading order and the running headers and footers."""

    units: list[Unit]
    running: list[str]


Region = tuple[list[Line], Span | None]  # lines read together, and their main column if any


def read_order(pages: Sequence[Page]) -> Layout:
    """Read the units of ``pages`` in reading order (see the module docstring)."""
    body = find_body_size([word for page in pages for word in page.words])
    lined = [group_lines(page.words) for page in pages]
    running = find_running(pages, lined, body)
    bodies = [[[c for c in line if c not in running] for line in lines] for lines in lined]
    bodies = [[line for line in lines if line] for lines in bodies]
    units = read_regions(cut_regions(pages, bodies, body), body)
    headers = [c.text for lines in lined for line in lines for c in line if c in running]
    return Layout(units, headers)


def cut_regions(pages: Sequence[Page], bodies: Sequence[list[Line]], body: float) -> list[Region]:
    """Cut the pages into the regions read one after another.

    A page with a label column is one region, with its main column; any other page is cut
    into full-width bands and columns.
    """
    gutters = find_gutters(pages, bodies)
    edges = find_label_edges(pages, bodies, gutters, body)
    width = _measure_main_width(bodies, edges)
    regions: list[Region] = []
    for lines, gutter, edge in zip(bodies, gutters, edges, strict=True):
        if edge is not None:
            regions.append((lines, (edge, edge + width)))
        else:
            regions.extend((region, None) for region in split_regions(lines, gutter))
    return regions


def read_regions(regions: Sequence[Region], body: float) -> list[Unit]:
    """Read the units of each region in turn, each unit marked with its region."""
    leading = measure_leading([lines for lines, _ in regions])
    units: list[Unit] = []
    for number, (lines, span) in enumerate(regions):
        if span is not None:
            found = read_label_page(lines, span, body, leading)
        else:
            found = read_region(lines, body, leading)
        for unit in found:
            unit.region = number
            units.append(unit)
    return units


def _measure_main_width(bodies: Sequence[list[Line]], edges: Sequence[float | None]) -> float:
    """How wide the main column of the pages with a label column is: its widest line."""
    ends = [
        c.x1 - edge for lines, edge in zip(bodies, edges, strict=True) if edge is not None
        for line in lines for c in line
    ]  # fmt: skip
    return max(ends, default=1.0)


__all__ = ["Layout", "Region", "cut_regions", "read_order", "read_regions"]
