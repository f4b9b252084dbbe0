"""Stage 2, extract: reading colours (groen, oranje, rood) and the aspect a colour rates.

Colours appear as words (Groen, 2016-2019), capital letters (G/O/R, 2020 on) or image names
("groen.png", "icon-groen"). The aspect comes from the label before the colour: integraal,
inhoud, acties or financien.
"""

from __future__ import annotations

import re
import unicodedata

from prestatiegraaf.model import ColourScore, Element, ElementKind, PrestatieSection, Span
from prestatiegraaf.sources.colours import (
    COLOUR_LETTERS,
    COLOUR_WORDS,
    LETTER_PATTERN,
    WORD_PATTERN,
)

_COLOURS = {word: word for word in COLOUR_WORDS} | COLOUR_LETTERS

_MARKUP = re.compile(r"[#*`>]+")
_IMAGE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<url>[^)\s]*)[^)]*\)$")
_WORD = re.compile(rf"^(?:kleur(?:score)?\s*:?\s*)?(?P<colour>{WORD_PATTERN})\.?$", re.IGNORECASE)
_LETTER = re.compile(rf"^(?P<colour>{LETTER_PATTERN})\.?$")
_IMAGE_FILE = re.compile(
    rf"^(?:.*/)?(?:[\w-]*[-_])?(?P<colour>{WORD_PATTERN})(?:[-_][\w-]*)?"
    r"\.(?:png|svg|gif|jpe?g|webp)$",
    re.IGNORECASE,
)
_ICON_NAME = re.compile(rf"^[\w-]*[-_](?P<colour>{WORD_PATTERN})$", re.IGNORECASE)

_ASPECTS = {
    "integrale kleurscore": "integraal",
    "integraal": "integraal",
    "inhoudelijke kleurscore": "inhoud",
    "inhoudelijk (indicator)": "inhoud",
    "inhoudelijk": "inhoud",
    "inhoud": "inhoud",
    "acties": "acties",
    "financiele kleurscore": "financien",
    "geld (indicator)": "financien",
    "financien": "financien",
}
_ACTIONS_YEAR = re.compile(r"^acties \d{4}$")

_INLINE = re.compile(
    r"(?:^[ \t#*]*(?P<short>inhoud|acties(?:[ \t]+\d{4})?|financi[eë]n)"
    r"|(?<!\w)(?P<long>(?:integrale|inhoudelijke|financi[eë]le)[ \t]+kleurscore"
    r"|(?:inhoudelijk|geld)[ \t]+\(indicator\)))"
    rf"[ \t:*]+(?P<colour>{WORD_PATTERN}|(?-i:{LETTER_PATTERN}))(?!\w)",
    re.IGNORECASE | re.MULTILINE,
)


def _plain(text: str) -> str:
    """Lower-case ``text`` without accents, markdown markers, final colon and extra spaces."""
    decomposed = unicodedata.normalize("NFKD", _MARKUP.sub(" ", text))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.split()).rstrip(":?").strip().lower()


def colour_of(text: str) -> str | None:
    """Read a line that consists of a colour and nothing else.

    Single letters count only in capitals, because a lone ``o`` is a common sub-bullet glyph in
    PDF text.

    Args:
        text: One line: "Groen", "oranje.", "R", "kleurscore groen", "groen.png", "icon-groen",
            "![groen](img/groen.png)".

    Returns:
        ``"groen"``, ``"oranje"`` or ``"rood"``, or None when the line is anything else, such as
        a sentence that merely contains a colour word.

    """
    line = " ".join(text.split())
    image = _IMAGE.match(line)
    if image is not None:
        line = image.group("alt").strip() or image.group("url")
    line = _MARKUP.sub("", line).strip()
    for pattern in (_LETTER, _WORD, _IMAGE_FILE, _ICON_NAME):
        match = pattern.match(line)
        if match is not None:
            colour = match.group("colour")
            return _COLOURS.get(colour) or _COLOURS[colour.lower()]
    return None


def aspect_of_label(label: str) -> str | None:
    """Name the aspect a colour-score label rates.

    Args:
        label: A label line, with or without markdown markers and final colon, in any case:
            "Integrale kleurscore", "Inhoudelijk (indicator)", "### Acties 2017", "Financiën".

    Returns:
        ``"integraal"``, ``"inhoud"``, ``"acties"`` or ``"financien"``, or None for other labels.

    """
    plain = _plain(label)
    if _ACTIONS_YEAR.match(plain):
        return "acties"
    return _ASPECTS.get(plain)


def find_inline_scores(text: str) -> list[tuple[str, str]]:
    """Find scores written as label and colour on one line.

    Examples are "Inhoudelijke kleurscore G", "Financiële kleurscore: Oranje" and
    "Integrale kleurscore: groen"; several may follow each other on one flattened line. The
    short labels Inhoud, Acties and Financiën count only at the start of a line, so running
    text such as "de inhoud rood" is not read as a score.

    Args:
        text: One or more lines.

    Returns:
        ``(aspect, colour)`` pairs in text order.

    """
    scores: list[tuple[str, str]] = []
    for match in _INLINE.finditer(text):
        aspect = aspect_of_label(match.group("short") or match.group("long"))
        colour = colour_of(match.group("colour"))
        if aspect is not None and colour is not None:
            scores.append((aspect, colour))
    return scores


def is_colour(element: Element) -> bool:
    """Whether ``element`` is a paragraph that holds only a colour."""
    return element.kind is ElementKind.PARAGRAPH and colour_of(element.text) is not None


def take_leading_scores(
    content: list[Element], aspect: str, section: PrestatieSection
) -> list[Element]:
    """Read the colours standing first in a block as scores of ``aspect``.

    They are removed from ``content`` (in place), which is also returned.
    """
    while content and is_colour(content[0]):
        colour = colour_of(content[0].text)
        assert colour is not None
        section.scores.append(ColourScore(aspect, colour, Span.of_lines(content[0].lines)))
        del content[0]
    return content
