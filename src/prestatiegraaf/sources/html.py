"""Stage 1, sources: load a saved web page (HTML) into a :class:`SourceDocument`.

The page is parsed with BeautifulSoup (lxml), stripped of navigation chrome and rendered as
structured text lines: headings as ``## text``, list items with their real numbers, a label and
its value on lines of their own, table rows as TAB-separated cells, colour-score images as their
colour word. Those lines go through the same :func:`classify` and :func:`build_elements` as web
text, so extraction never knows the page was HTML. The rendered text is the document's
``text``: provenance spans quote the page's text content, as a text selector would.
"""

from __future__ import annotations

import codecs
import re
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.dammit import EncodingDetector
from bs4.element import NavigableString, PreformattedString, Tag

from prestatiegraaf.errors import SourceError
from prestatiegraaf.model import Channel, DocumentInfo, Line, SourceDocument
from prestatiegraaf.sources.decode import MAX_BYTES, split_lines
from prestatiegraaf.sources.document_info import infer_document, parse_title
from prestatiegraaf.sources.elements import build_elements
from prestatiegraaf.sources.labels import match_label
from prestatiegraaf.sources.lines import LineKind, classify, is_numeric_line
from prestatiegraaf.sources.normalize import normalize_line

HTML_SUFFIXES = (".html", ".htm", ".xhtml")

_EXPECTED = "expected a saved web page (HTML) of a P&C document"
_MARKUP = re.compile(
    r"<(?:!doctype\s+html|html|head|body|main|article|section|div|p|h[1-6]|table|ul|ol)\b",
    re.IGNORECASE,
)
_WS = re.compile(r"[^\S\u00a0\u2007\u202f]+")  # collapsed; NBSP and kin stay, as on screen
_UNSEEN = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")  # soft hyphen, zero widths
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BLOCKS = frozenset(
    "p div section article main aside header footer blockquote figure figcaption address "
    "details summary center fieldset legend caption li hr body html button".split()
)
_NEVER_CONTENT = (
    "script style noscript template nav select input textarea iframe object embed svg "
    "canvas video audio map head".split()
)
_CHROME_WORDS = ("nav", "menu", "breadcrumb", "cookie", "skip")
_PAGE_WORDS = ("header", "footer")
_CHROME_ROLES = {"navigation", "menu", "menubar", "search", "banner", "contentinfo"}
_INVISIBLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_NAV_LINK = re.compile(
    r"^(?:terug naar (?:navigatie|boven|overzicht)|(?:direct |ga |spring |meteen )?naar "
    r"(?:de |het )?(?:hoofd)?(?:inhoud|content|navigatie|menu|zoeken|boven)|skip to)\b",
    re.IGNORECASE,
)
_CODE_HEADING = re.compile(r"^\s*(?:prestatie\s+)?\d{1,2}\.\d{1,2}\.\d{1,2}\.?\s*[^\s\d.]", re.I)
_GLUED_CODE = re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{1,2}\.?)(?=[^\s\d.])")
_COLOURS = {"groen": "Groen", "green": "Groen", "oranje": "Oranje", "orange": "Oranje"}
_COLOURS |= {"rood": "Rood", "red": "Rood"}
_LETTERS = {"G", "O", "R"}
_DUTCH = ("groen", "oranje", "rood")
_ABSOLUTE = re.compile(r"^https?://\S+$", re.IGNORECASE)
_INDENT = "    "


def load_html(
    path: Path, *, document: DocumentInfo | None = None, encoding: str | None = None
) -> SourceDocument:
    """Read a saved web page and rebuild the logical elements of its content.

    Args:
        path: an HTML file, as saved from a W1 or W2 page of the province's P&C sites.
        document: the document it belongs to (from a manifest); when None it is inferred
            from the content, the file name, ``<title>``, the first ``<h1>`` or the page URL.
        encoding: the file's encoding; when None a BOM, then ``<meta charset>``, then UTF-8,
            then cp1252 decide.

    Returns:
        The document with channel HTML; its ``text`` is the rendered content every line
        and span refers to.

    Raises:
        SourceError: the file is missing, binary or undecodable, holds no HTML body content,
            or is not a P&C page (no prestatie heading such as ``5.2.1 Title``).

    """
    text = _read(path, encoding)
    soup = _parse(text, path)
    hints = _title_hints(soup)
    _strip_chrome(soup)
    content = "\n".join(_render_content(soup)) + "\n"
    lines = split_lines(content)
    items = [classify(line) for line in lines]
    if not any(item.kind is LineKind.PRESTATIE for item in items):
        raise SourceError(
            "not a P&C page: no prestatie heading in its content; expected a heading with a "
            "code and a title such as '5.2.1 Kiezen, leren en werken in de techniek'",
            path=path,
        )
    info = document or _infer(path, lines, hints)
    return SourceDocument(path, Channel.HTML, info, lines, tuple(build_elements(items)), content)


# --- bytes and text ------------------------------------------------------------------------


def _read(path: Path, encoding: str | None) -> str:
    """Decode by ``encoding``, else a BOM, else the declared charset, else UTF-8, else cp1252."""
    if not path.is_file():
        problem = "not a file" if path.exists() else "file not found"
        raise SourceError(f"{problem}; {_EXPECTED}", path=path)
    if (size := path.stat().st_size) > MAX_BYTES:
        raise SourceError(f"file is {size} bytes; at most {MAX_BYTES} are read", path=path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot be read: {exc.strerror}", path=path) from exc
    if not data.strip():
        raise SourceError(f"file is empty; {_EXPECTED}", path=path)
    if encoding is not None:
        return _decode_as(data, path, encoding)
    data, bom = EncodingDetector.strip_byte_order_mark(data)
    if bom is not None:
        return _checked(data.decode(bom, errors="replace"), path)
    if b"\x00" in data[:65536]:
        raise SourceError(f"binary file (NUL bytes), not decodable; {_EXPECTED}", path=path)
    declared = _browser_codec(EncodingDetector.find_declared_encoding(data, is_html=True))
    for codec in [declared, "utf-8"] if declared else ["utf-8"]:
        try:
            return _checked(data.decode(codec), path)
        except UnicodeDecodeError:
            continue  # a wrong declaration: try the next candidate
    return _checked(data.decode("cp1252", errors="replace"), path)


def _decode_as(data: bytes, path: Path, encoding: str) -> str:
    codec = "utf-8-sig" if _browser_codec(encoding) == "utf-8" else encoding
    try:
        return _checked(data.decode(codec), path)
    except LookupError as exc:
        raise SourceError(f"unknown encoding {encoding!r}", path=path) from exc
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not valid {encoding}; "
            "omit the encoding to use the page's own charset",
            path=path,
        ) from exc


def _browser_codec(label: str | None) -> str | None:
    """The codec a browser uses for a charset label (latin-1 means windows-1252)."""
    try:
        name = codecs.lookup(label or "").name
    except LookupError:
        return None
    if name in ("ascii", "iso8859-1", "latin-1"):
        return "cp1252"
    return "utf-8" if name.startswith(("utf-16", "utf-32")) else name


def _checked(text: str, path: Path) -> str:
    if sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\n\r\f\v") > 8:
        raise SourceError(f"binary file (control characters); {_EXPECTED}", path=path)
    return text


def _parse(text: str, path: Path) -> BeautifulSoup:
    if not _MARKUP.search(text):
        raise SourceError(f"no HTML markup (<html>, <body>, ...); {_EXPECTED}", path=path)
    with warnings.catch_warnings():
        # XHTML parsed as HTML, or a short page that looks like a file name: both harmless.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(text, "lxml")
    body = soup.body
    if body is None or not body.get_text(strip=True):
        raise SourceError(f"no content in <html>/<body>; {_EXPECTED}", path=path)
    return soup


# --- document and chrome ---------------------------------------------------------------------


def _title_hints(soup: BeautifulSoup) -> list[str]:
    """Texts that may name the document: ``<title>``, the first ``<h1>``, the page URL."""
    hints = [soup.title.get_text(" ", strip=True)] if soup.title else []
    h1 = soup.find("h1")
    hints += [_inline_text(h1)] if isinstance(h1, Tag) else []
    for tag in soup.find_all(["link", "meta", "base"]):
        if isinstance(tag, Tag) and (
            "canonical" in _attr(tag, "rel").split() or _attr(tag, "property") == "og:url"
        ):
            hints.append(_attr(tag, "href") or _attr(tag, "content"))
    return [hint for hint in hints if hint]


def _infer(path: Path, lines: Sequence[Line], hints: Iterable[str]) -> DocumentInfo:
    """A title line of the content, else the page's title or URL, else the file name."""
    info = infer_document(Path(), lines)  # an empty name: the content alone
    if info.known:
        return info
    for hint in hints:
        found = parse_title(hint)
        if found is not None:
            return found
    return infer_document(path, lines)


def _strip_chrome(soup: BeautifulSoup) -> None:
    """Remove navigation, banners, menus and the like; content holding a prestatie stays."""
    for tag in soup.find_all(_NEVER_CONTENT):
        if isinstance(tag, Tag):
            tag.decompose()
    for tag in list(soup.find_all(True)):
        if isinstance(tag, Tag) and not tag.decomposed and _is_chrome(tag):
            if not _holds_content(tag):
                tag.decompose()


def _is_chrome(tag: Tag) -> bool:
    if tag.name in ("html", "body", "main", "article"):
        return False
    if _attr(tag, "aria-hidden").lower() == "true" or tag.has_attr("hidden"):
        return True
    text = tag.get_text(" ", strip=True) if tag.name in ("a", "button") else ""
    if _INVISIBLE.search(_attr(tag, "style")) or _NAV_LINK.match(text):
        return True
    if tag.name == "button" and tag.find_parent(_HEADINGS) is None and not match_label(text):
        return True
    role = _attr(tag, "role").lower()
    words = _words(f"{_attr(tag, 'class')} {_attr(tag, 'id')}")
    if role in _CHROME_ROLES or tag.name == "form" or _hits(words, _CHROME_WORDS):
        return True
    page_level = tag.find_parent(["main", "article"]) is None
    return page_level and (tag.name in _PAGE_WORDS or _hits(words, _PAGE_WORDS))


def _holds_content(tag: Tag) -> bool:
    if tag.find(["main", "article"]) is not None or tag.find(role="main"):
        return True
    return any(
        _CODE_HEADING.match(heading.get_text(" ", strip=True))
        for heading in tag.find_all(_HEADINGS)
    )


def _words(value: str) -> list[str]:
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", value).lower()
    return [word for word in re.split(r"[^a-z0-9]+", spaced) if word]


def _hits(words: Iterable[str], stems: tuple[str, ...]) -> bool:
    return any(word.startswith(stems) or word.endswith(stems) for word in words)


def _attr(tag: Tag, name: str) -> str:
    value = tag.get(name)
    if value is None:
        return ""
    return value if isinstance(value, str) else " ".join(value)


def _colour_of(tag: Tag) -> str | None:
    """The colour an image (or an empty marker element) shows, by alt, title, src or class."""
    texts = [_attr(tag, "alt"), _attr(tag, "title"), _attr(tag, "aria-label")]
    source = _attr(tag, "src").rsplit("/", 1)[-1] if tag.name == "img" else ""
    found = [text.strip() for text in texts if text.strip() in _LETTERS]
    found += [_COLOURS[word] for word in _words(" ".join(texts)) if word in _COLOURS]
    names = f"{source} {_attr(tag, 'class')}"  # file and class names: Dutch words only
    found += [_COLOURS[word] for word in _words(names) if word in _DUTCH]
    if not found or tag.name != "img" and tag.get_text(strip=True):
        return None
    return found[0]


# --- rendering ---------------------------------------------------------------------------------


def _render_content(soup: BeautifulSoup) -> list[str]:
    """Render ``<main>`` (or the articles); the whole body when they hold no prestatie."""
    body = soup.body
    main = soup.find("main") or soup.find(role="main")
    roots = [main] if isinstance(main, Tag) else []
    roots = roots or [a for a in soup.find_all("article") if isinstance(a, Tag)]
    roots = [root for root in roots if root.find_parent("article") is None]
    lines = _render(roots or ([body] if body else []))
    if roots and body is not None and not _has_prestatie(lines):
        whole = _render([body])
        return whole if _has_prestatie(whole) else lines
    return lines


def _render(roots: Iterable[Tag]) -> list[str]:
    writer = _Writer()
    for root in roots:
        writer.block(root)
    out: list[str] = []
    for line in writer.lines:
        if line and classify(_line(line)).note == "navigation":
            continue
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def _has_prestatie(lines: Iterable[str]) -> bool:
    return any(classify(_line(line)).kind is LineKind.PRESTATIE for line in lines if line)


def _line(raw: str) -> Line:
    return Line(0, 0, raw, normalize_line(raw))


def _inline_text(node: Tag, colours: list[str] | None = None) -> str:
    """The text of ``node`` on one line; colours go inline or, given a list, into it."""
    parts: list[str] = []
    for child in node.descendants:
        if isinstance(child, Tag):
            if child.name == "br" or child.name in _BLOCKS:
                parts.append(" ")
            elif (colour := _colour_of(child)) is not None and colours is not None:
                colours.append(colour)
            elif colour is not None:
                parts.append(f" {colour} ")
        elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
            parts.append(_UNSEEN.sub("", child))
    return _WS.sub(" ", "".join(parts)).strip()


def _heading_line(text: str) -> str:
    """``## text`` (a glued ``5.2.1Title`` split); chrome such as ``Prestaties (3)`` stays bare."""
    text = _GLUED_CODE.sub(r"\1 ", text)
    return text if classify(_line(text)).kind is LineKind.CHROME else f"## {text}"


def _is_label_text(text: str) -> bool:
    return 0 < len(text) <= 120 and (match_label(text) is not None or text.endswith((":", "?")))


def _is_label_cell(text: str) -> bool:
    found = match_label(text)
    return found is not None and not found.value


def _int_attr(tag: Tag, name: str, default: int) -> int:
    try:
        return int(_attr(tag, name).strip())
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
            self.newline()
        self.parts.append(text)

    def newline(self) -> None:
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
        self.newline()
        if text:
            self.put(text)

    def blank(self) -> None:
        """End the open line and separate blocks by one blank line (not inside lists)."""
        self.newline()
        if self.depth == 0 and self.lines and self.lines[-1]:
            self.lines.append("")

    def walk(self, node: Tag) -> None:
        """Render the children of ``node``."""
        for child in node.children:
            if isinstance(child, Tag):
                self.tag(child)
            elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
                self.add(_WS.sub(" ", _UNSEEN.sub("", child)))

    def tag(self, tag: Tag) -> None:
        """Render one element by its role."""
        name = tag.name
        if name in _HEADINGS:
            self.heading(tag)
        elif name in ("ol", "ul", "menu"):
            self.listing(tag)
        elif name == "table":
            self.table(tag)
        elif name == "br":
            self.newline()
        elif name in ("strong", "b"):
            self.strong(tag)
        elif name == "a":
            self.link(tag)
        elif name in ("dt", "dd"):
            self.term(tag)
        elif (colour := _colour_of(tag)) is not None:
            self.emit(colour)
        elif name in _BLOCKS:
            self.block(tag)
        else:
            self.walk(tag)

    def term(self, tag: Tag) -> None:
        """A ``<dt>`` label starts a block; its ``<dd>`` value follows on the next line."""
        if tag.name == "dt":
            self.blank()
        self.newline()
        self.walk(tag)
        self.newline()

    def block(self, tag: Tag) -> None:
        """A block element: its content between blank lines."""
        self.blank()
        self.walk(tag)
        self.blank()

    def heading(self, tag: Tag) -> None:
        """A heading on one line; colour images in it follow as lines of their own."""
        colours: list[str] = []
        text = _inline_text(tag, colours)
        self.blank()
        self.emit(_heading_line(text) if text else "")
        for colour in colours:
            self.emit(colour)
        self.blank()

    def strong(self, tag: Tag) -> None:
        """Bold text; a label at the start of a line ends that line."""
        starts_line = not "".join(self.parts).strip()
        self.walk(tag)
        if starts_line and _is_label_text(_inline_text(tag)):
            self.label_open = True

    def link(self, tag: Tag) -> None:
        """A link's text; ``[text](href)`` for an absolute project-website link."""
        href, text = _attr(tag, "href").strip(), _inline_text(tag)
        if text and "]" not in text and _ABSOLUTE.match(href) and self._after_website_label():
            escaped = href.replace("(", "%28").replace(")", "%29")
            self.add(f"[{text}]({escaped})")
        else:
            self.walk(tag)

    def _after_website_label(self) -> bool:
        current = _WS.sub(" ", "".join(self.parts)).strip()
        context = current or next((ln.strip() for ln in reversed(self.lines) if ln.strip()), "")
        found = match_label(context)
        return found is not None and found.key == "website"

    def listing(self, tag: Tag) -> None:
        """A list: ``1.`` items numbered as shown (start, value, reversed), ``-`` bullets."""
        ordered = tag.name == "ol"
        reverse = ordered and tag.has_attr("reversed")
        count = len(tag.find_all("li", recursive=False))
        number = _int_attr(tag, "start", count if reverse else 1)
        self.blank()
        self.marker = None  # an item that opens with a list has no text of its own
        self.depth += 1
        for child in tag.children:
            if not isinstance(child, Tag):
                continue
            if child.name != "li":
                self.tag(child)
                continue
            number = _int_attr(child, "value", number) if ordered else number
            self.newline()
            self.marker = f"{number}. " if ordered else "- "
            self.walk(child)
            self.newline()
            self.marker = None
            number += -1 if reverse else 1
        self.depth -= 1
        self.blank()

    def table(self, tag: Tag) -> None:
        """One line per row, cells TAB-separated; label/value rows and layout tables apart."""
        rows = [tr for tr in tag.find_all("tr") if isinstance(tr, Tag)]
        cells = [
            [cell for cell in tr.find_all(["td", "th"], recursive=False) if isinstance(cell, Tag)]
            for tr in rows
            if tr.find_parent("table") is tag
        ]
        self.blank()
        caption = tag.find("caption", recursive=False)
        if isinstance(caption, Tag):
            self.emit(_inline_text(caption))
        nested = ["table", "ul", "ol", "dl", *_HEADINGS]
        if any(cell.find(nested) is not None for row in cells for cell in row):
            for cell in (cell for row in cells for cell in row):
                self.block(cell)  # a layout table: its cells are blocks
            return
        for row in cells:
            self.row(row)
        self.blank()

    def row(self, row: list[Tag]) -> None:
        """One table row: a label row (``Rol provincie | Wij ...``) becomes label and value."""
        texts = [_inline_text(cell) for cell in row]
        while texts and not texts[-1]:
            texts.pop()
        if not any(texts):
            return
        if len(texts) == 2 and _is_label_cell(texts[0]) and not is_numeric_line(texts[1]):
            self.blank()
            self.emit(texts[0])
            self.walk(row[1])
            self.blank()
            return
        filled = [text for text in texts if text]
        self.emit(filled[0] if len(filled) == 1 else "\t".join(texts))


__all__ = ["HTML_SUFFIXES", "load_html"]
