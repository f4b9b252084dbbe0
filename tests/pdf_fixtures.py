"""PDF fixtures for the sources stage: printed P&C pages generated with reportlab.

The pages reproduce the layout of the province's printed documents (seed 000 is a text copy of
one): two columns, list numbers to the right of their items, a running header with a kerntaak
fragment cut mid-word and the document title, footers ``Pagina n van m``, sections running over
column and page breaks, Basisinformatie as a label/value grid and Begroot/Besteed/Ruimte tables.
The content stream is written in the scrambled order a text copy shows (headings after their
content, list numbers after their items, values before labels), so only the positions on the
page give the reading order.

Nothing here is committed as a binary file: tests write the PDFs into ``tmp_path``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    ListFlowable,
    ListItem,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus import Table as PlatypusTable

from prestatiegraaf.model import Element, ElementKind, LabelKind
from prestatiegraaf.sources.labels import match_label
from prestatiegraaf.sources.text import load_text

PAGE_W, PAGE_H = A4
MARGIN = 48.0
GUTTER = 20.0
COL_W = (PAGE_W - 2 * MARGIN - GUTTER) / 2
BODY_TOP = PAGE_H - 80.0
BODY_BOTTOM = 64.0
LABEL_W = 100.0
CELL_GAP = 14.0
NUMBER_W = 26.0
FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "/usr/X11R6/lib/X11/fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "~/.fonts",
    "~/.local/share/fonts",
    "~/Library/Fonts",
)
FONT_FILES = (("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),)
KERNTAAK_5 = (
    "5. Behoud en groei van de werkgelegenheid in Overijssel. Wij werken aan een concurrerende "
    "economie met meer werkgelegenheid. Drie pijlers vormen het fu"
)
# (font, size, leading, space before, space after)
STYLES = {
    "body": ("R", 9.0, 12.0, 0.0, 6.0),
    "kerntaak": ("B", 15.0, 19.0, 0.0, 8.0),
    "doel": ("B", 11.0, 14.0, 10.0, 4.0),
    "prestatie": ("B", 11.5, 14.5, 12.0, 4.0),
    "section": ("B", 9.5, 12.5, 6.0, 3.0),
    "cell": ("R", 8.5, 11.0, 0.0, 0.0),
    "label": ("B", 8.5, 11.0, 0.0, 0.0),
}
HEADING_STYLES = {1: "kerntaak", 2: "doel", 3: "prestatie", 4: "section"}


def find_fonts() -> tuple[Path, Path] | None:
    """A regular and a bold TrueType font with ’ ‘ € ë, from the usual font folders."""
    for regular, bold in FONT_FILES:
        for folder in FONT_DIRS:
            root = Path(folder).expanduser()
            if not root.is_dir():
                continue
            found = sorted(root.rglob(regular))
            for path in found:
                if (path.parent / bold).is_file():
                    return path, path.parent / bold
    return None


# --- logical content ---------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """A heading: 1 kerntaak (new page, full width), 2 beleidsdoel, 3 prestatie, 4 section."""

    text: str
    level: int


@dataclass(frozen=True)
class Para:
    """A paragraph; ``wide`` paragraphs run over both columns (only after a kerntaak)."""

    text: str
    wide: bool = False


@dataclass(frozen=True)
class Item:
    """A list item with its number (None for a bullet)."""

    number: int | None
    text: str


@dataclass(frozen=True)
class Table:
    """A table; ``tight`` rows have no padding between them."""

    rows: tuple[tuple[str, ...], ...]
    tight: bool = True


@dataclass(frozen=True)
class Grid:
    """Label/value pairs side by side; a value may have several paragraphs."""

    rows: tuple[tuple[str, tuple[str, ...]], ...]


Block = Heading | Para | Item | Table | Grid


@dataclass(frozen=True)
class Layout:
    """What to print and how: the header text, where list numbers stand, list order."""

    title: str
    blocks: tuple[Block, ...]
    header: str = KERNTAAK_5
    number_side: str = "right"  # or "left"
    descending: bool = False  # lists printed from the highest number down
    headers: dict[int, str] = field(default_factory=dict)  # block index -> new header text
    start: float = 0.0  # share of the first column taken by what precedes (left blank)


# --- seeds as logical content ------------------------------------------------------------

_DECOR = re.compile(r"^[#*\s]+|[*\s]+$")


def seed_layout(
    path: Path,
    title: str,
    *,
    number_side: str = "right",
    descending: bool = False,
    start: float = 0.0,
) -> Layout:
    """The logical content of a seed text file, read with the text loader, as a layout."""
    elements = [e for e in load_text(path).elements if e.kind is not ElementKind.CHROME]
    blocks: list[Block] = []
    grid: list[tuple[str, list[str]]] = []
    table: list[tuple[str, ...]] = []
    for element in elements:
        if element.kind is not ElementKind.TABLE_ROW and table:
            blocks.append(Table(tuple(table)))
            table = []
        text = _DECOR.sub("", element.lines[0].raw) if element.kind is ElementKind.LABEL else ""
        if element.kind is ElementKind.LABEL and _is_field(element.key, text):
            grid.append((text, []))
            continue
        if grid and element.kind in (ElementKind.PARAGRAPH, ElementKind.ITEM):
            bullet = "• " if element.kind is ElementKind.ITEM and element.number is None else ""
            grid[-1][1].append(bullet + element.text)
            continue
        if grid:
            blocks.append(Grid(tuple((label, tuple(values)) for label, values in grid)))
            grid = []
        blocks.extend(_seed_block(element, text, table))
    if table:
        blocks.append(Table(tuple(table)))
    if grid:
        blocks.append(Grid(tuple((label, tuple(values)) for label, values in grid)))
    return Layout(title, tuple(blocks), number_side=number_side, descending=descending, start=start)


def _is_field(key: str | None, text: str) -> bool:
    found = match_label(text)
    if key == "mijlpalen":
        return True
    return found is not None and found.kind in (LabelKind.FIELD, LabelKind.SCORE)


def _seed_block(element: Element, text: str, table: list[tuple[str, ...]]) -> list[Block]:
    if element.kind is ElementKind.HEADING:
        return [Heading(f"{element.key} {element.text}", 3 if element.level == 3 else 2)]
    if element.kind is ElementKind.LABEL:
        return [Heading(text, 4)]
    if element.kind is ElementKind.TABLE_ROW:
        table.append(element.cells)
        return []
    if element.kind is ElementKind.ITEM:
        return [Item(element.number, element.text)]
    return [Para(element.text)]


# --- typesetting ---------------------------------------------------------------------------

_BREAKABLE = re.compile(r"^[a-zà-ÿ]{4,}[a-zà-ÿ]{4,}$")


class Typesetter:
    """Lines of text that fit a width: words wrapped, long words hyphenated, ``/`` broken."""

    def __init__(self, regular: str, bold: str) -> None:
        self.fonts = {"R": regular, "B": bold}

    def width(self, text: str, font: str, size: float) -> float:
        """The printed width of ``text``."""
        return float(pdfmetrics.stringWidth(text, self.fonts[font], size))

    def wrap(self, text: str, font: str, size: float, width: float) -> list[str]:
        """``text`` broken into lines no wider than ``width`` (a word wider stays whole)."""
        lines: list[str] = []
        current = ""
        for word in text.split():
            candidate = f"{current} {word}" if current else word
            if self.width(candidate, font, size) <= width:
                current = candidate
                continue
            head, tail = self._split(current, word, font, size, width)
            if not head and current:
                lines.append(current)
                current = ""
                if self.width(word, font, size) > width:
                    head, tail = self._split("", word, font, size, width)
            if head:
                lines.append(f"{current} {head}" if current else head)
                current = tail
            else:
                current = word
        if current:
            lines.append(current)
        return lines

    def _split(
        self, current: str, word: str, font: str, size: float, width: float
    ) -> tuple[str, str]:
        """Break ``word`` after a slash or hyphenate it, so the first part ends the line."""
        room = width - self.width(f"{current} " if current else "", font, size)
        for mark in "/-":
            cut = word.find(mark, 1) + 1
            keeps = mark == "/" or not (word[cut - 2 : cut - 1].islower() and word[cut:].islower())
            if 0 < cut < len(word) and keeps and self.width(word[:cut], font, size) <= room:
                return word[:cut], word[cut:]
        core = word.rstrip(".,;:)’'")
        if not _BREAKABLE.match(core):
            return "", word
        for cut in range(len(core) - 4, 3, -1):
            if self.width(word[:cut] + "-", font, size) <= room:
                return word[:cut] + "-", word[cut:]
        return "", word


@dataclass
class Op:
    """One string to draw: in which block, font, size, position."""

    block: int
    font: str
    size: float
    x: float
    y: float
    text: str
    right: bool = False  # x is the right edge


class Flow:
    """Places blocks in two columns over pages, moving to the next column when full."""

    def __init__(self, setter: Typesetter, layout: Layout) -> None:
        self.setter = setter
        self.layout = layout
        self.pages: list[list[Op]] = [[]]
        self.headers: list[str] = [layout.header]
        self.col = 0
        self.top = BODY_TOP
        self.y = BODY_TOP - layout.start * (BODY_TOP - BODY_BOTTOM)
        self.block = 0

    @property
    def x0(self) -> float:
        """Left edge of the current column."""
        return MARGIN + self.col * (COL_W + GUTTER)

    def at_top(self) -> bool:
        """Whether nothing has been placed in the current column yet."""
        return self.y >= self.top - 0.01

    def next_column(self) -> None:
        """Continue in the right column, or on a new page."""
        if self.col == 0:
            self.col, self.y = 1, self.top
            return
        self.new_page()

    def new_page(self) -> None:
        """Start a new page in the left column."""
        self.pages.append([])
        self.headers.append(self.headers[-1])
        self.col, self.top, self.y = 0, BODY_TOP, BODY_TOP

    def need(self, height: float) -> None:
        """Move on when less than ``height`` is left in the column."""
        if self.y - height < BODY_BOTTOM and not self.at_top():
            self.next_column()

    def space(self, points: float) -> None:
        """Vertical space, dropped at the top of a column."""
        if not self.at_top():
            self.y -= points

    def line(self, style: str, text: str, dx: float = 0.0, extra: Op | None = None) -> None:
        """One line of ``style`` at the column edge + ``dx``; ``extra`` shares its baseline."""
        font, size, leading, _, _ = STYLES[style]
        self.need(leading)
        baseline = self.y - size
        self.pages[-1].append(Op(self.block, font, size, self.x0 + dx, baseline, text))
        if extra is not None:
            extra.y, extra.x = baseline, extra.x + self.x0
            self.pages[-1].append(extra)
        self.y -= leading

    def place(self, blocks: Sequence[Block]) -> None:
        """Lay out every block."""
        for index, block in enumerate(_ordered(blocks, self.layout.descending)):
            self.block += 1
            if index in self.layout.headers:
                self.headers[-1] = self.layout.headers[index]
            place_block(self, block)


def _ordered(blocks: Sequence[Block], descending: bool) -> list[Block]:
    """Blocks with each run of numbered items reversed when lists print descending."""
    if not descending:
        return list(blocks)
    out: list[Block] = []
    run: list[Block] = []
    for block in [*blocks, Para("")]:
        if isinstance(block, Item) and block.number is not None:
            run.append(block)
            continue
        out.extend(reversed(run))
        run = []
        out.append(block)
    return out[:-1]


def place_block(flow: Flow, block: Block) -> None:
    """Lay out one block in the flow."""
    if isinstance(block, Heading):
        place_heading(flow, block)
    elif isinstance(block, Para):
        place_para(flow, block)
    elif isinstance(block, Item):
        place_item(flow, block)
    elif isinstance(block, Table):
        place_table(flow, block)
    else:
        place_grid(flow, block)


def place_heading(flow: Flow, block: Heading) -> None:
    """A heading kept with the next lines; a kerntaak opens a page with a full-width band."""
    style = HEADING_STYLES[block.level]
    font, size, leading, before, after = STYLES[style]
    if block.level == 1:
        if any(op for op in flow.pages[-1]):
            flow.new_page()
        for text in flow.setter.wrap(block.text, font, size, PAGE_W - 2 * MARGIN):
            flow.line(style, text)
        flow.y -= after
        flow.top = flow.y
        return
    lines = flow.setter.wrap(block.text, font, size, COL_W)
    flow.space(before)
    flow.need(leading * len(lines) + 3 * STYLES["body"][2])
    for text in lines:
        flow.line(style, text)
    flow.y -= after


def place_para(flow: Flow, block: Para) -> None:
    """A paragraph, split over columns and pages where it does not fit."""
    font, size, leading, _, after = STYLES["body"]
    if block.wide:
        for text in flow.setter.wrap(block.text, font, size, PAGE_W - 2 * MARGIN):
            flow.line("body", text)
        flow.y -= after + 4
        flow.top = flow.y
        return
    for text in flow.setter.wrap(block.text, font, size, COL_W):
        flow.line("body", text)
    flow.y -= after


def place_item(flow: Flow, block: Item) -> None:
    """A list item: its number right of the first line (or left of it), text wrapped."""
    font, size, _, _, _ = STYLES["body"]
    marker = f"{block.number}." if block.number is not None else "•"
    right = flow.layout.number_side == "right" and block.number is not None
    indent = 0.0 if right else 20.0
    lines = flow.setter.wrap(block.text, font, size, COL_W - (NUMBER_W if right else indent))
    for index, text in enumerate(lines):
        extra = None
        if index == 0:
            extra = Op(flow.block, font, size, COL_W if right else 0.0, 0.0, marker, right)
        flow.line("body", text, indent, extra)
    flow.y -= 4.0


def place_table(flow: Flow, block: Table) -> None:
    """A table in the column: cells side by side, rows kept whole."""
    font, size, leading, _, _ = STYLES["cell"]
    count = max(len(row) for row in block.rows)
    natural = [
        max(flow.setter.width(row[i], font, size) for row in block.rows if i < len(row))
        for i in range(count)
    ]
    widths = natural[:-1] + [COL_W - sum(natural[:-1]) - CELL_GAP * (count - 1)]
    offsets = [sum(widths[:i]) + CELL_GAP * i for i in range(count)]
    for row in block.rows:
        cells = [flow.setter.wrap(cell, font, size, widths[i]) for i, cell in enumerate(row)]
        place_row(flow, "cell", [(offsets[i], lines) for i, lines in enumerate(cells)])
        if not block.tight:
            flow.y -= 5.0
    flow.y -= STYLES["body"][4]


def place_grid(flow: Flow, block: Grid) -> None:
    """Label/value rows: bold label cell left, value paragraphs in the cell right of it."""
    font, size, leading, _, _ = STYLES["cell"]
    value_w = COL_W - LABEL_W - 12.0
    for label, values in block.rows:
        labels = flow.setter.wrap(label, "B", size, LABEL_W)
        value_lines: list[str | None] = []
        for value in values:
            if value_lines:
                value_lines.append(None)  # paragraph gap inside the cell
            value_lines.extend(flow.setter.wrap(value, font, size, value_w))
        place_row(flow, "cell", [(0.0, labels), (LABEL_W + 12.0, value_lines)], bold_first=True)
        flow.y -= 6.0
    flow.y -= STYLES["body"][4]


def place_row(
    flow: Flow,
    style: str,
    cells: Sequence[tuple[float, Sequence[str | None]]],
    *,
    bold_first: bool = False,
) -> None:
    """Cells drawn side by side from the same top; ``None`` lines are paragraph gaps."""
    font, size, leading, _, _ = STYLES[style]
    height = max(sum(leading if t else 4.0 for t in lines) for _, lines in cells)
    flow.need(height)
    top = flow.y
    for index, (dx, lines) in enumerate(cells):
        y = top
        cell_font = "B" if bold_first and index == 0 else font
        for text in lines:
            if text is None:
                y -= 4.0
                continue
            flow.pages[-1].append(Op(flow.block, cell_font, size, flow.x0 + dx, y - size, text))
            y -= leading
    flow.y = top - height


# --- writing -------------------------------------------------------------------------------


def write_pdf(
    path: Path, layout: Layout, fonts: tuple[Path, Path], *, encrypt: str | None = None
) -> int:
    """Typeset ``layout`` into ``path``; returns the number of pages."""
    pdfmetrics.registerFont(TTFont("PgSans", str(fonts[0])))
    pdfmetrics.registerFont(TTFont("PgSans-Bold", str(fonts[1])))
    setter = Typesetter("PgSans", "PgSans-Bold")
    flow = Flow(setter, layout)
    flow.place(layout.blocks)
    pages = [page for page in flow.pages if page]
    headers = [h for h, page in zip(flow.headers, flow.pages, strict=True) if page]
    canvas = Canvas(str(path), pagesize=A4, encrypt=encrypt, invariant=True)
    canvas.setTitle(layout.title)
    for number, (ops, header) in enumerate(zip(pages, headers, strict=True), start=1):
        _running(canvas, setter, layout.title, header, number, len(pages))
        for op in _stream_order(ops):
            canvas.setFont(setter.fonts[op.font], op.size)
            if op.right:
                canvas.drawRightString(op.x, op.y, op.text)
            else:
                canvas.drawString(op.x, op.y, op.text)
        canvas.showPage()
    canvas.save()
    return len(pages)


def _running(
    canvas: Canvas, setter: Typesetter, title: str, header: str, number: int, total: int
) -> None:
    """The running header (kerntaak fragment, title) and the footer with the page number."""
    canvas.setFont("PgSans", 7)
    for index, text in enumerate(setter.wrap(header, "R", 7, 300)[:3]):
        canvas.drawString(MARGIN, PAGE_H - 28 - 8.5 * index, text)
    canvas.setFont("PgSans", 8)
    canvas.drawRightString(PAGE_W - MARGIN, PAGE_H - 28, title)
    canvas.line(MARGIN, PAGE_H - 58, PAGE_W - MARGIN, PAGE_H - 58)
    canvas.drawCentredString(PAGE_W / 2, 36, f"Pagina {number} van {total}")


def _stream_order(ops: Sequence[Op]) -> Iterator[Op]:
    """Blocks in reverse order, as the text copies show: headings after their content."""
    blocks: dict[int, list[Op]] = {}
    for op in ops:
        blocks.setdefault(op.block, []).append(op)
    for key in sorted(blocks, reverse=True):
        yield from blocks[key]


# --- a whole Begroting ---------------------------------------------------------------------

KERNTAKEN = (
    "Duurzaam ruimtegebruik",
    "Natuur en landschap",
    "Water en bodem",
    "Bereikbaarheid",
    "Economie en ondernemerschap",
    "Cultuur en erfgoed",
    "Energie en klimaat",
)
_WORDS = (
    "wij ondersteunen gemeenten bij de uitvoering van het programma en stimuleren "
    "samenwerking tussen partners in de regio met aandacht voor infrastructuur "
    "kwaliteit leefomgeving onderwijs arbeidsmarkt innovatie bedrijven provincie "
    "projecten subsidieregeling monitoring verduurzaming woningvoorraad "
    "natuurontwikkeling waterveiligheid bereikbaarheidsopgave cultuurhistorie"
).split()
NAMES = ("Eddy van Hijum", "Hester Maij", "Monique van Haaf", "Bert Boerman", "Annemieke Traag")
ROLES = ("regisseur", "uitvoerder", "investeerder", "faciliteerder")


def _sentence(rng: random.Random, words: int) -> str:
    body = " ".join(rng.choice(_WORDS) for _ in range(words))
    return body[0].upper() + body[1:] + "."


def _text(rng: random.Random, sentences: int, low: int = 8, high: int = 16) -> str:
    return " ".join(_sentence(rng, rng.randint(low, high)) for _ in range(sentences))


def begroting_layout(sections: int = 140, *, year: int = 2019, seed: int = 7) -> Layout:
    """A Begroting with kerntaken, beleidsdoelen and ``sections`` prestaties of 2–6 actions."""
    rng = random.Random(seed)
    blocks: list[Block] = []
    headers: dict[int, str] = {}
    codes = list(prestatie_codes(sections))
    for code in codes:
        k, d, p = (int(part) for part in code.split("."))
        if d == 1 and p == 1:
            intro = f"{k}. {KERNTAKEN[k - 1]}. {_text(rng, 2)}"
            headers[len(blocks)] = intro[: rng.randint(90, 140)]
            blocks.append(Heading(f"{k} {KERNTAKEN[k - 1]}", 1))
            blocks.append(Para(_text(rng, 3), wide=True))
        if p == 1:
            blocks.append(Heading(f"{k}.{d} {_title(rng)}", 2))
        blocks.extend(_prestatie(rng, code))
    return Layout(f"Begroting {year}", tuple(blocks), header="", headers=headers)


def prestatie_codes(sections: int) -> Iterator[str]:
    """``sections`` codes K.D.P over seven kerntaken of three beleidsdoelen each."""
    per_goal = -(-sections // (len(KERNTAKEN) * 3))
    made = 0
    for k in range(1, len(KERNTAKEN) + 1):
        for d in range(1, 4):
            for p in range(1, per_goal + 1):
                if made == sections:
                    return
                made += 1
                yield f"{k}.{d}.{p}"


def _title(rng: random.Random) -> str:
    words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 6)))
    return words[0].upper() + words[1:]


def _prestatie(rng: random.Random, code: str) -> list[Block]:
    actions = [
        Item(n, _text(rng, rng.randint(1, 2)) + extra)
        for n, extra in zip(range(1, rng.randint(2, 6) + 1), _extras(rng), strict=False)
    ]
    grid = Grid(
        (
            ("Verantwoordelijke portefeuillehouder:", (rng.choice(NAMES) + ".",)),
            ("Rol provincie:", (f"Wij vervullen de rol van {rng.choice(ROLES)}.",)),
            ("Looptijd prestatie:", ("Structureel.",)),
            (
                "Relatie met reserve Ecologische Hoofdstructuur/Kwaliteit van Overijssel",
                ("Ja.", f"Het investeringsbesluit is PS/2015/{rng.randint(100, 999)}."),
            ),
        )
    )
    return [
        Heading(f"{code} {_title(rng)}", 3),
        Para(_text(rng, 2)),
        Heading("Context", 4),
        Para(_text(rng, rng.randint(2, 3)) + " De Natura 2000-gebieden vragen aandacht."),
        Heading("Acties", 4),
        *actions,
        Heading("Basisinformatie", 4),
        grid,
    ]


def _extras(rng: random.Random) -> Iterable[str]:
    while True:
        yield rng.choice(("", "", " Wij zorgen voor betere infrastructuur in de regio."))


# --- the same content typeset by reportlab's platypus --------------------------------------


def write_flowing_pdf(
    path: Path, layout: Layout, fonts: tuple[Path, Path], *, columns: int = 2
) -> int:
    """Typeset ``layout`` with platypus: justified text flowing through two frames a page.

    A second typesetter with other habits: justified paragraphs (wide, uneven gaps in narrow
    columns), list numbers left of their items, Basisinformatie as a table, a running header
    that only holds the title within other words, and a bare page number as footer.
    """
    pdfmetrics.registerFont(TTFont("PgSans", str(fonts[0])))
    pdfmetrics.registerFont(TTFont("PgSans-Bold", str(fonts[1])))
    width = (PAGE_W - 2 * MARGIN - GUTTER * (columns - 1)) / columns
    frames = [
        Frame(MARGIN + i * (width + GUTTER), BODY_BOTTOM, width, BODY_TOP - BODY_BOTTOM)
        for i in range(columns)
    ]
    document = BaseDocTemplate(str(path), pagesize=A4, invariant=True)
    document.addPageTemplates([PageTemplate(frames=frames, onPage=_flowing_chrome(layout))])
    document.build(_story(layout, width))
    return int(document.page)


def _flowing_chrome(layout: Layout) -> Callable[[Canvas, BaseDocTemplate], None]:
    def draw(canvas: Canvas, document: BaseDocTemplate) -> None:
        canvas.setFont("PgSans", 7.5)
        canvas.drawString(MARGIN, PAGE_H - 30, f"Programma{layout.title.lower()} - Overijssel")
        canvas.drawRightString(PAGE_W - MARGIN, 30, str(document.page))

    return draw


def _story(layout: Layout, width: float) -> list[Flowable]:
    body = ParagraphStyle("body", fontName="PgSans", fontSize=9.5, leading=12.5, spaceAfter=5)
    body.alignment = TA_JUSTIFY
    cell = ParagraphStyle("cell", fontName="PgSans", fontSize=8.5, leading=10.5)
    label = ParagraphStyle("label", parent=cell, fontName="PgSans-Bold")
    sizes = {1: 16.0, 2: 12.0, 3: 11.0, 4: 10.0}
    story: list[Flowable] = []
    items: list[Item] = []
    for block in [*layout.blocks, Para("")]:
        if isinstance(block, Item):
            items.append(block)
            continue
        if items:
            story.append(_numbered(items, body))
            items = []
        if isinstance(block, Heading):
            size = sizes[block.level]
            style = ParagraphStyle("h", fontName="PgSans-Bold", fontSize=size, leading=size * 1.25)
            style.spaceBefore, style.spaceAfter = size * 0.6, 3
            story.append(Paragraph(escape(block.text), style))
        elif isinstance(block, Para) and block.text:
            story.append(Paragraph(escape(block.text), body))
        elif isinstance(block, Grid):
            rows = [
                [Paragraph(escape(name), label), [Paragraph(escape(v), cell) for v in values]]
                for name, values in block.rows
            ]
            grid = PlatypusTable(rows, colWidths=[112, width - 112])
            grid.setStyle(
                [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, -1), 0)]
            )
            story.extend([grid, Spacer(1, 6)])
        elif isinstance(block, Table):
            cells = [[Paragraph(escape(text), cell) for text in row] for row in block.rows]
            story.extend([PlatypusTable(cells, hAlign="LEFT"), Spacer(1, 6)])
    return story


def _numbered(items: list[Item], style: ParagraphStyle) -> Flowable:
    entries = [ListItem(Paragraph(escape(item.text), style), value=item.number) for item in items]
    return ListFlowable(
        entries, bulletType="1", bulletFormat="%s.", bulletFontName="PgSans", leftIndent=18
    )
