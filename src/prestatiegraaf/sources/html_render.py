"""Stage 1, sources: render the content of a saved web page as structured text lines.

Headings become ``## text``, list items keep the numbers shown on screen, a label and its
value stand on lines of their own, table rows become TAB-separated cells and colour-score
images their colour word. The lines read like web text, so the usual line classifier and
element builder take them from here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PreformattedString, Tag

from prestatiegraaf.model import Line
from prestatiegraaf.sources.html_tags import HEADINGS, read_attr, read_colour
from prestatiegraaf.sources.labels import match_label
from prestatiegraaf.sources.lines import LineKind, classify, is_numeric_line
from prestatiegraaf.sources.normalize import normalize_line

_WS = re.compile(r"[^\S\u00a0\u2007\u202f]+")  # collapsed; NBSP and kin stay, as on screen
_UNSEEN = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")  # soft hyphen, zero widths
_BLOCKS = frozenset(
    "p div section article main aside header footer blockquote figure figcaption address "
    "details summary center fieldset legend caption li hr body html button".split()
)
_GLUED_CODE = re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{1,2}\.?)(?=[^\s\d.])")
_ABSOLUTE = re.compile(r"^https?://\S+$", re.IGNORECASE)
_INDENT = "    "


def render_content(soup: BeautifulSoup) -> list[str]:
    """Render ``<main>`` (or the articles); the whole body when they hold no prestatie."""
    body = soup.body
    main = soup.find("main") or soup.find(role="main")
    roots = [main] if isinstance(main, Tag) else []
    roots = roots or [a for a in soup.find_all("article") if isinstance(a, Tag)]
    roots = [root for root in roots if root.find_parent("article") is None]
    lines = _render_roots(roots or ([body] if body else []))
    if roots and body is not None and not _has_prestatie(lines):
        whole = _render_roots([body])
        return whole if _has_prestatie(whole) else lines
    return lines


def render_inline(node: Tag, colours: list[str] | None = None) -> str:
    """Render the text of ``node`` on one line; colours go inline or, given a list, into it."""
    parts: list[str] = []
    for child in node.descendants:
        if isinstance(child, Tag):
            if child.name == "br" or child.name in _BLOCKS:
                parts.append(" ")
            elif (colour := read_colour(child)) is not None and colours is not None:
                colours.append(colour)
            elif colour is not None:
                parts.append(f" {colour} ")
        elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
            parts.append(_UNSEEN.sub("", child))
    return _WS.sub(" ", "".join(parts)).strip()


def _render_roots(roots: Iterable[Tag]) -> list[str]:
    """Render ``roots`` one after another, without navigation lines or doubled blank lines."""
    writer = _Writer()
    for root in roots:
        writer.write_block(root)
    out: list[str] = []
    for line in writer.lines:
        if line and classify(_to_line(line)).note == "navigation":
            continue
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def _has_prestatie(lines: Iterable[str]) -> bool:
    """Tell whether a rendered line is a prestatie heading."""
    return any(classify(_to_line(line)).kind is LineKind.PRESTATIE for line in lines if line)


def _to_line(raw: str) -> Line:
    """Make a rendered line a :class:`Line` to classify (its place does not matter)."""
    return Line(0, 0, raw, normalize_line(raw))


def _format_heading(text: str) -> str:
    """``## text`` (a glued ``5.2.1Title`` split); chrome such as ``Prestaties (3)`` stays bare."""
    text = _GLUED_CODE.sub(r"\1 ", text)
    return text if classify(_to_line(text)).kind is LineKind.CHROME else f"## {text}"


def _is_label_text(text: str) -> bool:
    """Tell whether bold text is a label: a known one, or short and ending in ``:`` or ``?``."""
    return 0 < len(text) <= 120 and (match_label(text) is not None or text.endswith((":", "?")))


def _is_label_cell(text: str) -> bool:
    """Tell whether a table cell is a known label with no value of its own."""
    found = match_label(text)
    return found is not None and not found.value


def _read_int_attr(tag: Tag, name: str, default: int) -> int:
    """Read an attribute as a whole number; ``default`` when missing or not a number."""
    try:
        return int(read_attr(tag, name).strip())
    except ValueError:
        return default


class _Writer:
    """Collects rendered lines: blocks apart by a blank line, list items with their markers."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.parts: list[str] = []  # inline text of the open line
        self.depth = 0  # list nesting
        self.marker: str | None = None  # list marker waiting for the item's first line
        self.label_open = False  # a label just ended: its value goes on the next line

    def add(self, text: str) -> None:
        """Append inline text; after a label, a leading ``:`` stays with the label."""
        if self.label_open and text.strip():
            rest = text.lstrip()
            colon = re.match(r"[:?]+", rest)
            if colon:
                self.parts.append(colon.group())
                text = rest[colon.end() :]
            self.end_line()
        self.parts.append(text)

    def end_line(self) -> None:
        """End the open line, if it holds text."""
        self.label_open = False
        text = _WS.sub(" ", "".join(self.parts)).strip()
        self.parts = []
        if text:
            self.put(text)

    def put(self, text: str) -> None:
        """Write a finished line, indented for its list level, with a pending marker."""
        indent = _INDENT * self.depth
        if self.marker is not None:
            indent = _INDENT * (self.depth - 1)
            number = self.marker.rstrip(". ")
            marked = r"(?:\d{1,2}[.)]|[•·▪*–-])\s" if number == "-" else rf"{number}[.)]\s"
            text = text if re.match(marked, text) else self.marker + text
            self.marker = None
        self.lines.append(indent + text)

    def emit(self, text: str) -> None:
        """Write ``text`` as a line of its own."""
        self.end_line()
        if text:
            self.put(text)

    def end_block(self) -> None:
        """End the open line and separate blocks by one blank line (not inside lists)."""
        self.end_line()
        if self.depth == 0 and self.lines and self.lines[-1]:
            self.lines.append("")

    def walk(self, node: Tag) -> None:
        """Render the children of ``node``."""
        for child in node.children:
            if isinstance(child, Tag):
                self.write_tag(child)
            elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
                self.add(_WS.sub(" ", _UNSEEN.sub("", child)))

    def write_tag(self, tag: Tag) -> None:
        """Render one element by its role."""
        name = tag.name
        if name in HEADINGS:
            self.write_heading(tag)
        elif name in ("ol", "ul", "menu"):
            self.write_list(tag)
        elif name == "table":
            self.write_table(tag)
        elif name == "br":
            self.end_line()
        elif name in ("strong", "b"):
            self.write_strong(tag)
        elif name == "a":
            self.write_link(tag)
        elif name in ("dt", "dd"):
            self.write_term(tag)
        elif (colour := read_colour(tag)) is not None:
            self.emit(colour)
        elif name in _BLOCKS:
            self.write_block(tag)
        else:
            self.write_inline(tag)

    def write_inline(self, tag: Tag) -> None:
        """Write an inline element; a known label at the start of a line ends that line.

        Status rows put label and value in spans side by side ("Inhoudelijke kleurscore" |
        "G") with nothing between them: the value belongs on a line of its own.
        """
        starts_line = not "".join(self.parts).strip()
        self.walk(tag)
        if starts_line and _is_label_cell(render_inline(tag)):
            self.label_open = True

    def write_term(self, tag: Tag) -> None:
        """A ``<dt>`` label starts a block; its ``<dd>`` value follows on the next line."""
        if tag.name == "dt":
            self.end_block()
        self.end_line()
        self.walk(tag)
        self.end_line()

    def write_block(self, tag: Tag) -> None:
        """Write a block element: its content between blank lines."""
        self.end_block()
        self.walk(tag)
        self.end_block()

    def write_heading(self, tag: Tag) -> None:
        """Write a heading on one line; colour images in it follow as lines of their own."""
        colours: list[str] = []
        text = render_inline(tag, colours)
        self.end_block()
        self.emit(_format_heading(text) if text else "")
        for colour in colours:
            self.emit(colour)
        self.end_block()

    def write_strong(self, tag: Tag) -> None:
        """Write bold text; a label at the start of a line ends that line."""
        starts_line = not "".join(self.parts).strip()
        self.walk(tag)
        if starts_line and _is_label_text(render_inline(tag)):
            self.label_open = True

    def write_link(self, tag: Tag) -> None:
        """Write a link's text; ``[text](href)`` for an absolute project-website link."""
        href, text = read_attr(tag, "href").strip(), render_inline(tag)
        if text and "]" not in text and _ABSOLUTE.match(href) and self._follows_website_label():
            escaped = href.replace("(", "%28").replace(")", "%29")
            self.add(f"[{text}]({escaped})")
        else:
            self.walk(tag)

    def _follows_website_label(self) -> bool:
        """Tell whether the open line, else the last line, is the project-website label."""
        current = _WS.sub(" ", "".join(self.parts)).strip()
        context = current or next((ln.strip() for ln in reversed(self.lines) if ln.strip()), "")
        found = match_label(context)
        return found is not None and found.key == "website"

    def write_list(self, tag: Tag) -> None:
        """Write a list: ``1.`` items numbered as shown (start, value, reversed), ``-`` bullets."""
        ordered = tag.name == "ol"
        reverse = ordered and tag.has_attr("reversed")
        count = len(tag.find_all("li", recursive=False))
        number = _read_int_attr(tag, "start", count if reverse else 1)
        self.end_block()
        self.marker = None  # an item that opens with a list has no text of its own
        self.depth += 1
        for child in tag.children:
            if not isinstance(child, Tag):
                continue
            if child.name != "li":
                self.write_tag(child)
                continue
            number = _read_int_attr(child, "value", number) if ordered else number
            self.end_line()
            self.marker = f"{number}. " if ordered else "- "
            self.walk(child)
            self.end_line()
            self.marker = None
            number += -1 if reverse else 1
        self.depth -= 1
        self.end_block()

    def write_table(self, tag: Tag) -> None:
        """Write one line per row, cells TAB-separated; label rows and layout tables apart."""
        rows = [tr for tr in tag.find_all("tr") if isinstance(tr, Tag)]
        cells = [
            [cell for cell in tr.find_all(["td", "th"], recursive=False) if isinstance(cell, Tag)]
            for tr in rows
            if tr.find_parent("table") is tag
        ]
        self.end_block()
        caption = tag.find("caption", recursive=False)
        if isinstance(caption, Tag):
            self.emit(render_inline(caption))
        nested = ["table", "ul", "ol", "dl", *HEADINGS]
        if any(cell.find(nested) is not None for row in cells for cell in row):
            for cell in (cell for row in cells for cell in row):
                self.write_block(cell)  # a layout table: its cells are blocks
            return
        for row in cells:
            self.write_row(row)
        self.end_block()

    def write_row(self, row: list[Tag]) -> None:
        """Write a table row: a label row (``Rol provincie | Wij ...``) as label and value."""
        texts = [render_inline(cell) for cell in row]
        while texts and not texts[-1]:
            texts.pop()
        if not any(texts):
            return
        if len(texts) == 2 and _is_label_cell(texts[0]) and not is_numeric_line(texts[1]):
            self.end_block()
            self.emit(texts[0])
            self.walk(row[1])
            self.end_block()
            return
        filled = [text for text in texts if text]
        self.emit(filled[0] if len(filled) == 1 else "\t".join(texts))
