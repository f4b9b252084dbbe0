"""Print prestatie sections as the province's P&C PDFs do: labels in a narrow left column.

A section is described logically (:class:`Section`: code, title and an ordered list of
``(label, value)`` entries) and typeset with reportlab on A4 pages in a :class:`Style`: labels
in a left column about a fifth of the page wide (wrapping over two or three lines), each value
starting on the baseline of its label in the main column, action numbers right-aligned in a
gutter just left of the main column, sub-bullets indented in the main column, label/value rows
as small tables (colour scores, Lasten), a running header (a kerntaak line cut off mid-word and
the document title) and a footer with the province, the document and the page number.
Sections run on over pages, also in the middle of ``Acties``, after a full-width preface if
asked; the label column is written to the content stream after the main column, as layout
programs do.

Used by ``tests/test_sources_pdf_labels.py`` and ``benchmarks/evaluate_pdf.py``; nothing here
is committed as a binary file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from pdf_fixtures import Typesetter

PAGE_W, PAGE_H = A4
LEFT = 56.0
RIGHT = PAGE_W - 56.0
TOP = 84.0  # distance from the page top to the first body line's top
BOTTOM = 70.0  # distance from the page bottom below which no body line is set
KERNTAAK = (
    "3. Vitaal platteland en natuur. Wij werken aan een sterk platteland met ruimte voor "
    "landbouw, natuur en water. Daarvoor zetten wij in op drie spo"
)


@dataclass(frozen=True)
class Numbered:
    """A list item: its number (None for a bullet), its own text and its sub-bullets."""

    number: int | None
    text: str
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rows:
    """Label | value rows set in the label column, as a small table (colour scores, Lasten)."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Cells:
    """A table in the main column: rows of cells (a budget make-up, a header and value row)."""

    rows: tuple[tuple[str, ...], ...]


# a value: paragraphs (split at blank lines), a list, label rows, a table, or none (a heading)
Value = str | tuple[Numbered, ...] | Rows | Cells | None


@dataclass(frozen=True)
class Section:
    """A prestatie section: code, title and ``(label, value)`` entries in reading order.

    An entry with the label ``""`` is text without a label (the introduction).
    """

    code: str
    title: str
    entries: tuple[tuple[str, Value], ...]


@dataclass(frozen=True)
class Style:
    """How the pages are set: column positions, type, spacing and where sections start."""

    name: str = "standard"
    label_width: float = 92.0  # the label column; long labels wrap inside it
    main_x: float = 172.0  # left edge of the main column
    number_gap: float = 7.0  # from a right-aligned action number to the main column
    body_size: float = 9.0
    leading: float = 12.0
    label_size: float = 9.0
    bold_labels: bool = True
    heading_size: float = 12.0
    heading_in_main: bool = False  # the prestatie heading in the main column, not full width
    row_gap: float = 7.0  # between label rows
    table_gap: float = 1.5  # between the rows of a label table
    section_gap: float = 18.0
    bullet_indent: float = 12.0
    labels_last: bool = True  # the label column follows the main column in the content stream
    justify: bool = False  # main-column lines but a paragraph's last set flush on both sides
    mirror: float = 0.0  # even pages shifted this far to the right (mirrored margins)


STANDARD = Style()
PLAIN = Style(
    name="plain",
    label_width=100.0,
    main_x=168.0,
    number_gap=4.0,
    body_size=9.5,
    leading=12.5,
    label_size=8.5,
    bold_labels=False,
    heading_in_main=True,
    row_gap=5.0,
    table_gap=0.0,
    labels_last=False,
    justify=True,
)
TIGHT = Style(
    name="tight",
    label_width=88.0,
    main_x=160.0,
    number_gap=2.0,
    body_size=10.0,
    leading=12.5,
    label_size=8.0,
    bold_labels=False,
    row_gap=0.0,
    table_gap=0.0,
    justify=True,
    mirror=-20.0,
)
STYLES = {style.name: style for style in (STANDARD, PLAIN, TIGHT)}


@dataclass
class _Op:
    """One string to draw: layer (main, label, number), font, size, position, alignment."""

    layer: int
    font: str
    size: float
    x: float
    top: float  # distance of the line's top from the page top
    text: str
    right: bool = False


@dataclass
class _Line:
    """A printed line: label, gutter mark, main-column parts ``(x, text)``; or a paragraph gap."""

    label: str | None = None
    mark: str | None = None
    parts: tuple[tuple[float, str], ...] = ()
    font: str = "R"
    size: float = 0.0
    gap: bool = False


@dataclass
class _Press:
    """Places lines on pages, top to bottom, starting a page when one is full."""

    setter: Typesetter
    style: Style
    pages: list[list[_Op]] = field(default_factory=lambda: [[]])
    top: float = TOP

    def new_page(self) -> None:
        """Start a new page."""
        self.pages.append([])
        self.top = TOP

    def need(self, height: float) -> None:
        """Start a new page when less than ``height`` is left (and the page is not empty)."""
        if height > PAGE_H - BOTTOM - self.top and self.pages[-1]:
            self.new_page()

    def gap(self, points: float) -> None:
        """Vertical space, dropped at the top of a page."""
        if self.top > TOP:
            self.top += points

    def put(self, line: _Line) -> None:
        """Set one line: its label part, its gutter mark and its main parts on one baseline."""
        style = self.style
        if line.gap:
            return self.gap(style.leading * 0.5)
        self.need(style.leading)
        size = line.size or style.body_size
        ops = self.pages[-1]
        ops.extend(_Op(0, line.font, size, x, self.top, text) for x, text in line.parts)
        if line.label is not None:
            font = "B" if style.bold_labels else "R"
            top = self.top + style.body_size - style.label_size  # on the body's baseline
            ops.append(_Op(1, font, style.label_size, LEFT, top, line.label))
        if line.mark is not None:
            x = style.main_x - style.number_gap
            ops.append(_Op(2, "R", style.body_size, x, self.top, line.mark, right=True))
        self.top += style.leading


def print_sections(
    path: Path,
    sections: Sequence[Section],
    title: str,
    fonts: tuple[Path, Path],
    style: Style = STANDARD,
    *,
    header: str = KERNTAAK,
    start: float = 0.0,
    preface: Sequence[str] = (),
) -> int:
    """Typeset ``sections`` of the document ``title`` into ``path``; returns the page count.

    Args:
        path: where to write the PDF.
        sections: the sections, in order.
        title: the document title, printed in the running header and footer.
        fonts: a regular and a bold TrueType font (``pdf_fixtures.find_fonts()``).
        style: the layout variant.
        header: the kerntaak text the running header shows, cut to one line.
        start: share of the first page left blank above the first section.
        preface: a heading and paragraphs set over the full width before the sections.

    """
    press = _Press(register_fonts(fonts), style)
    press.top += start * (PAGE_H - TOP - BOTTOM)
    for index, text in enumerate(preface):
        font, size = ("B", style.heading_size) if index == 0 else ("R", style.body_size)
        for line in press.setter.wrap(text, font, size, RIGHT - LEFT):
            press.put(_Line(parts=((LEFT, line),), font=font, size=size))
        press.top += style.row_gap
    for index, section in enumerate(sections):
        if index:
            press.gap(style.section_gap)
        place_section(press, section)
    pages = [ops for ops in press.pages if ops]
    canvas = Canvas(str(path), pagesize=A4, invariant=True)
    canvas.setTitle(title)
    for number, ops in enumerate(pages, start=1):
        canvas.translate(0.0 if number % 2 else style.mirror, 0.0)
        _draw_running(canvas, press.setter, title, header, number)
        for op in _order_stream(ops, style):
            canvas.setFont(press.setter.fonts[op.font], op.size)
            baseline = PAGE_H - op.top - op.size
            draw = canvas.drawRightString if op.right else canvas.drawString
            draw(op.x, baseline, op.text)
        canvas.showPage()
    canvas.save()
    return len(pages)


def register_fonts(fonts: tuple[Path, Path]) -> Typesetter:
    """Register the regular and bold font with reportlab; a typesetter that uses them."""
    pdfmetrics.registerFont(TTFont("PgSans", str(fonts[0])))
    pdfmetrics.registerFont(TTFont("PgSans-Bold", str(fonts[1])))
    return Typesetter("PgSans", "PgSans-Bold")


def place_section(press: _Press, section: Section) -> None:
    """Set a section: its heading, then each entry as a label row."""
    style = press.style
    x = style.main_x if style.heading_in_main else LEFT
    heading = f"{section.code} {section.title}"
    lines = wrap_words(press.setter, heading, "B", style.heading_size, RIGHT - x)
    press.need((len(lines) * 1.3 + 3) * style.leading)
    for text in lines:
        press.put(_Line(parts=((x, text),), font="B", size=style.heading_size))
        press.top += style.leading * 0.3
    press.top += style.row_gap
    for label, value in section.entries:
        place_entry(press, label, value)


def place_entry(press: _Press, label: str, value: Value) -> None:
    """Set one label with its value beside it, starting on the label's first baseline.

    The label's lines follow each other at the leading, whatever gaps the value has.
    """
    style = press.style
    font = "B" if style.bold_labels else "R"
    labels = wrap_words(press.setter, label, font, style.label_size, style.label_width)
    if isinstance(value, Rows):  # a heading label, if any, kept with the first row
        press.need((len(labels) + 1) * style.leading)
        for text in labels:
            press.put(_Line(label=text))
        for row_label, row_value in value.rows:
            place_entry(press, row_label, row_value)
            press.top -= style.row_gap - style.table_gap
        press.top += style.row_gap - style.table_gap
        return
    lines = list(_layout_value(press, value))
    press.need(max(len(labels), min(len(lines), 2)) * style.leading)
    top = press.top
    baseline = top + style.body_size - style.label_size  # the label on the value's baseline
    for index, text in enumerate(labels):
        op = _Op(1, font, style.label_size, LEFT, baseline + index * style.leading, text)
        press.pages[-1].append(op)
    for line in lines:
        press.put(line)
    press.top = max(press.top, top + len(labels) * style.leading) + style.row_gap


def wrap_words(setter: Typesetter, text: str, font: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (labels, headings).

    Lines break at spaces, and a word too wide for a line after a slash, as typesetters do
    ("Hoofdstructuur/" + "Kwaliteit").
    """
    lines: list[str] = []
    for word in text.split():
        pieces = re.split(r"(?<=/)", word) if setter.width(word, font, size) > width else [word]
        for index, piece in enumerate(p for p in pieces if p):
            glue = "" if index else " "
            if lines and setter.width(f"{lines[-1]}{glue}{piece}", font, size) <= width:
                lines[-1] = f"{lines[-1]}{glue}{piece}"
            else:
                lines.append(piece)
    return lines


def _layout_value(press: _Press, value: Value) -> Iterator[_Line]:
    """The lines of a value in the main column, with paragraph gaps between paragraphs."""
    x = press.style.main_x
    if value is None:
        return
    if isinstance(value, str):
        for index, paragraph in enumerate(value.split("\n\n")):
            if index:
                yield _Line(gap=True)
            yield from (_Line(parts=parts) for parts in _layout_text(press, paragraph, x))
    elif isinstance(value, Cells):
        yield from _layout_cells(press, value)
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            if index:
                yield _Line(gap=True)
            yield from _layout_item(press, item)


def _layout_item(press: _Press, item: Numbered) -> Iterator[_Line]:
    """An action: its number in the gutter on its first line, then its indented sub-bullets."""
    x = press.style.main_x
    mark = f"{item.number}." if item.number is not None else "•"
    for index, parts in enumerate(_layout_text(press, item.text, x)):
        yield _Line(mark=mark if index == 0 else None, parts=parts)
    x += press.style.bullet_indent
    for bullet in item.bullets:
        for index, parts in enumerate(_layout_text(press, bullet, x + 10)):
            yield _Line(parts=((x, "•"), *parts) if index == 0 else parts)


def _layout_text(press: _Press, text: str, left: float) -> Iterator[tuple[tuple[float, str], ...]]:
    """A paragraph's lines from ``left`` to the right edge; justified (but the last) if asked."""
    size = press.style.body_size
    lines = press.setter.wrap(text, "R", size, RIGHT - left)
    for index, line in enumerate(lines):
        x = left
        if not press.style.justify or index == len(lines) - 1 or " " not in line:
            yield ((x, line),)
            continue
        words = line.split()
        natural = sum(press.setter.width(word, "R", size) for word in words)
        gap = (RIGHT - x - natural) / (len(words) - 1)
        parts = []
        for word in words:
            parts.append((x, word))
            x += press.setter.width(word, "R", size) + gap
        yield tuple(parts)


def _layout_cells(press: _Press, table: Cells) -> Iterator[_Line]:
    """A table in the main column: cells left-aligned in columns, one line per row."""
    size = press.style.body_size
    count = max(len(row) for row in table.rows)
    widths = [
        max(press.setter.width(row[i], "R", size) for row in table.rows if i < len(row))
        for i in range(count)
    ]
    starts = [press.style.main_x + sum(widths[:i]) + 24.0 * i for i in range(count)]
    for row in table.rows:
        yield _Line(parts=tuple(zip(starts, row, strict=False)))


def _draw_running(canvas: Canvas, setter: Typesetter, title: str, header: str, number: int) -> None:
    """The running header (kerntaak line cut off, document title) and the footer."""
    canvas.setFont("PgSans", 7)
    line = setter.wrap(header, "R", 7, RIGHT - LEFT - 90)[0]
    canvas.drawString(LEFT, PAGE_H - 34, line)
    canvas.setFont("PgSans", 8)
    canvas.drawRightString(RIGHT, PAGE_H - 34, title)
    canvas.line(LEFT, PAGE_H - 42, RIGHT, PAGE_H - 42)
    canvas.setFont("PgSans", 7.5)
    canvas.drawString(LEFT, 34, f"Provincie Overijssel  |  {title}  |  {100 + number}")


def _order_stream(ops: Sequence[_Op], style: Style) -> Iterator[_Op]:
    """The main column first, then the labels and numbers (or all in page order)."""
    if style.labels_last:
        for layer in (0, 1, 2):
            yield from (op for op in ops if op.layer == layer)
    else:
        yield from sorted(ops, key=lambda op: (op.top, op.x))
