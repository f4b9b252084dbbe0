"""Stage 1, sources: load a saved web page (HTML) into a :class:`SourceDocument`.

The page is read and parsed (:mod:`.html_read`), stripped of navigation chrome
(:mod:`.html_chrome`) and rendered as structured text lines (:mod:`.html_render`): headings
as ``## text``, list items with their real numbers, a label and its value on lines of their
own, table rows as TAB-separated cells, colour-score images as their colour word. Those lines
go through the same :func:`classify` and :func:`build_elements` as web text, so extraction
never knows the page was HTML. The rendered text is the document's ``text``: provenance spans
quote the page's text content, as a text selector would.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from bs4 import BeautifulSoup
from bs4.element import Tag

from prestatiegraaf.errors import SourceError
from prestatiegraaf.model import Channel, DocumentInfo, Line, SourceDocument
from prestatiegraaf.sources.decode import split_lines
from prestatiegraaf.sources.document_info import infer_document, parse_title
from prestatiegraaf.sources.elements import build_elements
from prestatiegraaf.sources.html_chrome import strip_chrome
from prestatiegraaf.sources.html_read import parse_page, read_page
from prestatiegraaf.sources.html_render import render_content, render_inline
from prestatiegraaf.sources.html_tags import read_attr
from prestatiegraaf.sources.lines import LineKind, classify


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
    soup = parse_page(read_page(path, encoding), path)
    hints = _find_title_hints(soup)
    strip_chrome(soup)
    content = "\n".join(render_content(soup)) + "\n"
    lines = split_lines(content)
    items = [classify(line) for line in lines]
    if not any(item.kind is LineKind.PRESTATIE for item in items):
        raise SourceError(
            "not a P&C page: no prestatie heading in its content; expected a heading with a "
            "code and a title such as '5.2.1 Kiezen, leren en werken in de techniek'",
            path=path,
        )
    info = document or _infer_document(path, lines, hints)
    return SourceDocument(path, Channel.HTML, info, lines, tuple(build_elements(items)), content)


def _find_title_hints(soup: BeautifulSoup) -> list[str]:
    """Collect texts that may name the document: ``<title>``, the first ``<h1>``, the URL."""
    hints = [soup.title.get_text(" ", strip=True)] if soup.title else []
    h1 = soup.find("h1")
    hints += [render_inline(h1)] if isinstance(h1, Tag) else []
    for tag in soup.find_all(["link", "meta", "base"]):
        if isinstance(tag, Tag) and (
            "canonical" in read_attr(tag, "rel").split() or read_attr(tag, "property") == "og:url"
        ):
            hints.append(read_attr(tag, "href") or read_attr(tag, "content"))
    return [hint for hint in hints if hint]


def _infer_document(path: Path, lines: Sequence[Line], hints: Iterable[str]) -> DocumentInfo:
    """Infer the document from a title line, else the page's title or URL, else the file name."""
    info = infer_document(Path(), lines)  # an empty name: the content alone
    if info.known:
        return info
    for hint in hints:
        found = parse_title(hint)
        if found is not None:
            return found
    return infer_document(path, lines)


__all__ = ["load_html"]
