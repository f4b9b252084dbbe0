"""Stage 1, sources: find and remove the chrome of a saved web page.

Chrome is what stands around the content: navigation, menus, breadcrumbs, banners, cookie
notices, skip links, forms and buttons, hidden elements, and page-level headers and footers.
An element that holds the content (``<main>``, an article, a prestatie heading) is never
removed, whatever its class says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bs4 import BeautifulSoup
from bs4.element import Tag

from prestatiegraaf.sources.html_tags import HEADINGS, read_attr, split_words
from prestatiegraaf.sources.labels import match_label

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


def strip_chrome(soup: BeautifulSoup) -> None:
    """Remove navigation, banners, menus and the like; content holding a prestatie stays."""
    for tag in soup.find_all(_NEVER_CONTENT):
        if isinstance(tag, Tag):
            tag.decompose()
    for tag in list(soup.find_all(True)):
        if isinstance(tag, Tag) and not tag.decomposed and _is_chrome(tag):
            if not _holds_content(tag):
                tag.decompose()


def _is_chrome(tag: Tag) -> bool:
    """Tell whether ``tag`` is chrome by its name, role, class, id, style or link text."""
    if tag.name in ("html", "body", "main", "article"):
        return False
    if read_attr(tag, "aria-hidden").lower() == "true" or tag.has_attr("hidden"):
        return True
    text = tag.get_text(" ", strip=True) if tag.name in ("a", "button") else ""
    if _INVISIBLE.search(read_attr(tag, "style")) or _NAV_LINK.match(text):
        return True
    if tag.name == "button" and tag.find_parent(HEADINGS) is None and not match_label(text):
        return True
    role = read_attr(tag, "role").lower()
    words = split_words(f"{read_attr(tag, 'class')} {read_attr(tag, 'id')}")
    if role in _CHROME_ROLES or tag.name == "form" or _has_stem(words, _CHROME_WORDS):
        return True
    page_level = tag.find_parent(["main", "article"]) is None
    return page_level and (tag.name in _PAGE_WORDS or _has_stem(words, _PAGE_WORDS))


def _holds_content(tag: Tag) -> bool:
    """Tell whether ``tag`` holds the main content or a prestatie heading."""
    if tag.find(["main", "article"]) is not None or tag.find(role="main"):
        return True
    return any(
        _CODE_HEADING.match(heading.get_text(" ", strip=True)) for heading in tag.find_all(HEADINGS)
    )


def _has_stem(words: Iterable[str], stems: tuple[str, ...]) -> bool:
    """Tell whether a word starts or ends with one of ``stems`` (``mainnav``, ``navbar``)."""
    return any(word.startswith(stems) or word.endswith(stems) for word in words)
