"""Stage 1, sources: what a web page's tags say by their attributes, names and classes.

Shared by the chrome finder and the renderer of saved web pages: an attribute as text, the
words of class names and ids, and the colour score an image (or an empty marker) shows.
"""

from __future__ import annotations

import re

from bs4.element import Tag

from prestatiegraaf.sources.colours import COLOUR_LETTERS, COLOUR_WORDS, ENGLISH_WORDS

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# a colour word, Dutch or English, and the colour it shows as a line of the rendered text
_COLOURS = {word: word.capitalize() for word in COLOUR_WORDS}
_COLOURS |= {word: dutch.capitalize() for word, dutch in ENGLISH_WORDS.items()}


def read_attr(tag: Tag, name: str) -> str:
    """Read an attribute as text, its values joined by spaces; empty when missing."""
    value = tag.get(name)
    if value is None:
        return ""
    return value if isinstance(value, str) else " ".join(value)


def split_words(value: str) -> list[str]:
    """Split class names or ids into lower-case words (``mainNav-top``: main, nav, top)."""
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", value).lower()
    return [word for word in re.split(r"[^a-z0-9]+", spaced) if word]


def read_colour(tag: Tag) -> str | None:
    """Read the colour an image (or an empty marker element) shows, by alt, title, src or class.

    Returns:
        The colour as shown on screen (``Groen``, or a letter such as ``G``), or None.

    """
    texts = [read_attr(tag, "alt"), read_attr(tag, "title"), read_attr(tag, "aria-label")]
    source = read_attr(tag, "src").rsplit("/", 1)[-1] if tag.name == "img" else ""
    found = [text.strip() for text in texts if text.strip() in COLOUR_LETTERS]
    found += [_COLOURS[word] for word in split_words(" ".join(texts)) if word in _COLOURS]
    names = f"{source} {read_attr(tag, 'class')}"  # file and class names: Dutch words only
    found += [_COLOURS[word] for word in split_words(names) if word in COLOUR_WORDS]
    if not found or tag.name != "img" and tag.get_text(strip=True):
        return None
    return found[0]
