"""Render a loaded text source as a W1-style web page, to test the HTML reader against it.

The page holds the source's logical content (its elements, in reading order) in the markup of
the province's old one-page-per-prestatie sites: ``<h1>`` for code and title, ``<h3>`` for the
section headings, ``<ol>`` for the actions in number order, Basisinformatie as a ``<dl>`` or as
bold labels, ``<table>`` for budget rows and colour scores as images. Around it stands the chrome
a reader must ignore: skip link, header, menu, breadcrumb, cookie banner, footer and scripts.
The text of every element is written unchanged, so typographic details (curly quotes) survive.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from html import escape

from prestatiegraaf.model import Element, ElementKind, LabelKind, SourceDocument
from prestatiegraaf.sources.labels import match_label
from prestatiegraaf.sources.lines import is_colour_line

LABEL_STYLES = ("dl", "strong-inline", "strong-block")
WRAPPERS = ("main", "article", "div")
CHROME_WORDS = (
    "Direct naar de inhoud",
    "Hoofdmenu",
    "Kennis en innovatie",
    "Arbeidsmarkt en scholing",
    "Luttenbergstraat",
    "Privacyverklaring",
    "Colofon",
    "cookies",
    "Accepteren",
    "Terug naar boven",
    "Beleidsdoel 5.2",
    "9.9.9",
)
_DECOR = re.compile(r"^[#*\s]+|[*\s]+$")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]*)\)")

PAGE = """<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>{title}</title>
<script>window.dataLayer = [{{"prestatie": "9.9.9 Niet bestaande prestatie"}}];</script>
<style>.kleurscore img {{ width: 2em; }}</style>
</head>
<body>
<a class="skip-link" href="#inhoud">Direct naar de inhoud</a>
<header class="site-header">
  <a href="/" class="logo"><img src="/images/logo-overijssel.svg" alt="Provincie Overijssel"></a>
  <p class="site-title">{site}</p>
  <button type="button" class="menu-toggle">Menu</button>
</header>
<nav class="hoofdmenu" aria-label="Hoofdmenu">
  <h2>Hoofdmenu</h2>
  <ul>
    <li><a href="/p5/5-economie">5 Economie en ondernemerschap</a>
      <ul>
        <li><a href="/p511/5-1-1-kennis">5.1.1 Kennis en innovatie</a></li>
        <li><a href="/p522/5-2-2-arbeidsmarkt">5.2.2 Arbeidsmarkt en scholing</a></li>
      </ul>
    </li>
  </ul>
</nav>
<div class="page">
<ol class="breadcrumb">
  <li><a href="/">Home</a></li><li><a href="/p5">Kerntaak 5</a></li><li>Beleidsdoel 5.2</li>
</ol>
<{wrapper} id="inhoud" class="prestatie">
{content}
<p class="top"><a href="#top">Terug naar boven</a></p>
</{wrapper}>
</div>
<footer class="site-footer">
  <p>Provincie Overijssel, Luttenbergstraat 2, 8012 EE Zwolle</p>
  <p><a href="/colofon">Colofon</a> | <a href="/privacy">Privacyverklaring</a></p>
</footer>
<div id="cookieConsent" class="cookie-banner">
  <p>Deze website gebruikt cookies om het gebruik van de site te meten.</p>
  <button type="button">Accepteren</button>
</div>
</body>
</html>
"""


def render_w1_page(
    doc: SourceDocument, *, labels: str = "dl", wrapper: str = "main", site: str = ""
) -> str:
    """A W1 page with the content of ``doc``.

    Args:
        doc: a loaded text source (its elements are the content).
        labels: how field labels are marked up: ``dl`` (``<dt>``/``<dd>``), ``strong-inline``
            (``<p><strong>label</strong> value</p>``) or ``strong-block`` (label and value in
            paragraphs of their own).
        wrapper: the content element: ``main``, ``article`` or a plain ``div``.
        site: the site title shown in the page header (chrome), e.g. ``Monitor 2019-I``.

    """
    assert labels in LABEL_STYLES and wrapper in WRAPPERS
    heading = next(e for e in doc.elements if e.kind is ElementKind.HEADING and e.key)
    title = f"{heading.key} {heading.text} | {site or 'Provincie Overijssel'}"
    content = "\n".join(_content(doc.elements, labels))
    return PAGE.format(title=escape(title), site=escape(site), wrapper=wrapper, content=content)


def _segments(elements: Sequence[Element]) -> Iterator[tuple[Element | None, list[Element]]]:
    """Each heading or label with the elements under it."""
    head: Element | None = None
    body: list[Element] = []
    for element in elements:
        if element.kind in (ElementKind.HEADING, ElementKind.LABEL):
            if head is not None or body:
                yield head, body
            head, body = element, []
        elif element.kind is not ElementKind.CHROME:
            body.append(element)
    if head is not None or body:
        yield head, body


def _is_field(element: Element | None) -> bool:
    if element is None or element.kind is not ElementKind.LABEL:
        return False
    found = match_label(element.text)
    return found is not None and found.kind is not LabelKind.SECTION


def _content(elements: Sequence[Element], style: str) -> Iterator[str]:
    fields: list[tuple[Element, list[Element]]] = []
    for head, body in _segments(elements):
        if head is not None and _is_field(head):
            fields.append((head, body))
            continue
        yield from _fields(fields, style)
        fields = []
        if head is not None and head.kind is ElementKind.HEADING:
            tag = "h1" if head.level == 3 else "h2"
            yield f"<{tag}>{escape(head.key or '')} {escape(head.text)}</{tag}>"
        elif head is not None:
            yield f"<h3>{escape(_DECOR.sub('', head.text))}</h3>"
        yield from _flow(body)
    yield from _fields(fields, style)


def _fields(fields: list[tuple[Element, list[Element]]], style: str) -> Iterator[str]:
    if not fields:
        return
    if style == "dl":
        yield '<dl class="basisinformatie">'
    for label, body in fields:
        text = escape(_DECOR.sub("", label.text))
        if style == "dl":
            yield f"<dt>{text}</dt>"
            yield "<dd>" + "".join(_flow(body)) + "</dd>"
        elif style == "strong-inline" and body and body[0].kind is ElementKind.PARAGRAPH:
            yield f"<p><strong>{text}</strong> {_inline(body[0])}</p>"
            yield from _flow(body[1:])
        else:
            yield f"<p><strong>{text}</strong></p>"
            yield from _flow(body)
    if style == "dl":
        yield "</dl>"


def _flow(elements: Sequence[Element]) -> Iterator[str]:
    """Paragraphs, lists and tables."""
    index = 0
    while index < len(elements):
        kind = elements[index].kind
        end = index + 1
        if kind in (ElementKind.ITEM, ElementKind.TABLE_ROW):
            while end < len(elements) and elements[end].kind is kind:
                end += 1
        run = elements[index:end]
        if kind is ElementKind.ITEM:
            yield _list(run)
        elif kind is ElementKind.TABLE_ROW:
            yield _table(run)
        else:
            yield f"<p>{_inline(run[0])}</p>"
        index = end


def _inline(element: Element) -> str:
    """A paragraph's text: a colour as an image, a markdown link as a link."""
    if is_colour_line(element.text):
        word = element.text.strip(" .")
        return f'<img class="kleurscore" src="/images/kleurscore-{word.lower()}.png" alt="{word}">'
    link = _LINK.fullmatch(" ".join(ln.raw.strip() for ln in element.lines))
    if link and link.group(1) == element.text:
        return f'<a href="{escape(link.group(2))}">{escape(element.text)}</a>'
    return escape(element.text)


def _list(items: Sequence[Element]) -> str:
    """Top-level items with nested ones inside them; numbered items in number order."""
    groups: list[tuple[Element, list[Element]]] = []
    for item in items:
        if item.level > 0 and groups:
            groups[-1][1].append(item)
        else:
            groups.append((item, []))
    numbered = all(head.number is not None for head, _ in groups)
    if numbered:
        groups.sort(key=lambda group: group[0].number or 0)
    expected = 1
    out = ["<ol>" if numbered else "<ul>"]
    for head, nested in groups:
        value = f' value="{head.number}"' if numbered and head.number != expected else ""
        expected = (head.number or 0) + 1
        sub = "".join(f"<li>{escape(e.text)}</li>" for e in nested)
        out.append(f"<li{value}>{escape(head.text)}" + (f"<ul>{sub}</ul>" if sub else "") + "</li>")
    out.append("</ol>" if numbered else "</ul>")
    return "\n".join(out)


def _table(rows: Sequence[Element]) -> str:
    out = ['<table class="financien">']
    for position, row in enumerate(rows):
        header = position == 0 and not any(c[:1].isdigit() for c in row.cells)
        cell = "th" if header else "td"
        out.append("<tr>" + "".join(f"<{cell}>{escape(c)}</{cell}>" for c in row.cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)
