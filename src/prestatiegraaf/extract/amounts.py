"""Stage 2, extract: Dutch numbers, euro amounts, and amounts in prose — fact kind ``amounts``.

Numbers are written the Dutch way: dots group thousands (``1.532.000``), a comma starts the
decimals (``1,1``), ``,--`` closes a whole amount (``50.000,--``) and small numbers may be
words (``vier``, ``twintig``, ``vijfentwintig``). Amounts in euro add a sign or word (``€``,
``euro``) and a scale word (``miljoen``, ``mln``, ``miljard``). Tables state their scale in a
caption such as ``(x € 1.000)``. An amount in prose, or under a label such as
"Investeringsbudget", is a mention of money (a shift between years or any other amount),
never the budget itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, localcontext

from prestatiegraaf.extract.kinds import Draft, FactKind, running_text, with_span
from prestatiegraaf.extract.layout import Block
from prestatiegraaf.model import AmountMention, Element, Span

DUTCH_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
"""Regular expression text for a number in digits, dot thousands and comma decimals."""
_SCALE = r"duizend|miljoen|mln|miljard|mld|mrd"

MAX_DIGITS = 15
"""Digits a number may have before and, apart, after its decimal comma; longer is not a number."""
MAX_EURO = 10**15
"""Whole euros an amount stays below (a thousand times a national budget); more is no amount."""

_DIGITS = re.compile(DUTCH_NUMBER)
_WHOLE_SUFFIX = re.compile(r",[-–]{1,2}$")
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u00a0": " "})

_UNITS = {"nul": 0, "een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5}
_UNITS |= {"zes": 6, "zeven": 7, "acht": 8, "negen": 9}
_TEENS = {"tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15}
_TEENS |= {"zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19}
_TENS = {"twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60}
_TENS |= {"zeventig": 70, "tachtig": 80, "negentig": 90}

_SCALE_WORDS = {
    "duizend": 1_000,
    "miljoen": 1_000_000,
    "mln": 1_000_000,
    "miljard": 1_000_000_000,
    "mld": 1_000_000_000,
    "mrd": 1_000_000_000,
}
_EURO_WORDS = re.compile(r"€|\bEUR\b|\beuro(?:'s)?\b", re.IGNORECASE)
_EURO_VALUE = re.compile(
    rf"(?P<number>.+?)(?:\s*\b(?P<scale>{_SCALE})\b\.?)?",
    re.IGNORECASE,
)

SCALE_PATTERN = re.compile(
    r"\(?\s*(?:€\s*)?(?:(?<![^\s(€])[x×]\s*(?:€\s*)?|\bin\s+€\s*)"
    r"(?=\d|miljoen|mln|duizend)"
    r"(?P<number>\d{1,3}(?:\.\d{3})+|\d+)?(?:,-{1,2})?\s*"
    r"(?:(?P<word>miljoen|mln|duizend)\b)?(?:\s*euro)?\s*\)?"
    r"|\(?\s*(?:bedragen\s+)?in\s+(?P<plural>duizenden|miljoenen)\s+euro(?:'s)?\s*\)?",
    re.IGNORECASE,
)
"""A table scale caption: ``(x € 1.000)``, ``(x1000)``, ``x € 1 miljoen``, ``in duizenden euro``."""

_AMOUNT_CORE = (
    rf"(?<![\d.,])(?:{DUTCH_NUMBER})(?![.,]\d)(?:,[-–]{{1,2}})?(?:\s*(?:{_SCALE})\b)?"
    rf"|\b[^\W\d_]+\s+(?:{_SCALE})\b"
)
_EURO_AMOUNT = re.compile(
    rf"(?:€|\bEUR\b)\s*(?:{_AMOUNT_CORE})(?:\s+euro\b)?|(?:{_AMOUNT_CORE})\s*(?:euro|EUR)\b",
    re.IGNORECASE,
)
_SHIFT = re.compile(
    r"door\s*(?:te\s+)?schuiv|doorgeschoven|verschuiv|vrijval|vrij\s+(?:te\s+)?(?:laten\s+)?vall"
    r"|resultaatbestemming|onttrek|onttrok|overhevel|over\s+te\s+hevelen|overgeheveld"
    r"|jaarschijf|herfaser|naar\s+voren\s+(?:te\s+)?ha(?:len|alt)|naar\s+voren\s+gehaald"
    r"|storting|storten\s+in"
    r"|\b(?:schuiv(?:en|t)\b.*\bdoor|(?:valt|vallen|viel|vielen)\b.*\bvrij"
    r"|hevel(?:en|t)\b.*\bover)\b",
    re.IGNORECASE | re.DOTALL,
)
"""Words for moving money between years or funds; separable verbs may stand apart."""
_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=\S)")
_ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:o\.a|bijv|m\.b\.t|e\.d|ca|i\.s\.m|i\.v\.m|t\.b\.v|d\.w\.z|m\.u\.v|nr)\.$",
    re.IGNORECASE,
)

SHIFT = "verschuiving"
AMOUNT = "bedrag"


def parse_number(text: str) -> Decimal | None:
    """Read a number written the Dutch way.

    Args:
        text: ``"1.532.000"``, ``"1,1"``, ``"50.000,--"``, ``"-12.000"``, ``"− 12.000"``,
            ``"(12.000)"`` or a number word (``"twaalf"``, ``"één"``, ``"vijfentwintig"``).

    Returns:
        The value, or None when ``text`` is not one number. A dot is always a thousands
        separator, so English decimals such as ``"1.5"`` are rejected. A number with more
        than :data:`MAX_DIGITS` digits before or after its comma is no number a document
        states: None too.

    """
    value = text.translate(_MINUS).strip()
    negative = False
    if value.startswith("(") and value.endswith(")"):
        negative, value = True, value[1:-1].strip()
    if value[:1] in ("-", "+"):
        negative, value = value[0] == "-", value[1:].strip()
    value = _WHOLE_SUFFIX.sub("", value)
    if _DIGITS.fullmatch(value):
        whole, _, fraction = value.replace(".", "").partition(",")
        if len(whole) > MAX_DIGITS or len(fraction) > MAX_DIGITS:
            return None
        number = Decimal(f"{whole}.{fraction}" if fraction else whole)
    else:
        words = _parse_words(value)
        if words is None:
            return None
        number = Decimal(words)
    return -number if negative else number


def _parse_words(text: str) -> int | None:
    """Read a number written as one Dutch word, up to 999.999 (``"tweeëntwintig"``)."""
    word = "".join(
        c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c)
    )
    if not word.isalpha():
        return None
    if "duizend" in word:
        head, _, tail = word.partition("duizend")
        thousands = _below_thousand(head) if head else 1
        rest = _below_thousand(tail) if tail else 0
        if thousands is None or rest is None:
            return None
        return thousands * 1000 + rest
    return _below_thousand(word)


def _below_thousand(word: str) -> int | None:
    """Read a number word below 1000, ``honderd`` compounds included."""
    if "honderd" not in word:
        return _below_hundred(word)
    head, _, tail = word.partition("honderd")
    hundreds = _UNITS.get(head) if head else 1
    rest = _below_hundred(tail) if tail else 0
    if not hundreds or rest is None:
        return None
    return hundreds * 100 + rest


def _below_hundred(word: str) -> int | None:
    """Read a number word below 100: ``vier``, ``twaalf``, ``dertig``, ``vijfendertig``."""
    for table in (_UNITS, _TEENS, _TENS):
        if word in table:
            return table[word]
    for unit, value in _UNITS.items():
        tens = _TENS.get(word.removeprefix(f"{unit}en")) if word.startswith(f"{unit}en") else None
        if tens is not None and value:
            return tens + value
    return None


def parse_euro(text: str, scale: int = 1) -> int | None:
    """Read an amount in euro and round it to whole euros (half up).

    Args:
        text: ``"€ 1,1 miljoen"``, ``"€ 3,75 mln"``, ``"€ 4.600.000"``, ``"€ 50.000,--"``,
            ``"1,2 miljard"``, ``"20 miljoen euro"`` or a plain number ``"1.532.000"``.
        scale: Multiplier applied before rounding, such as a table's ``(x € 1.000)``.

    Returns:
        Whole euros, or None when ``text`` is not one amount (nor is :data:`MAX_EURO` or more).

    """
    bare = _EURO_WORDS.sub(" ", text.translate(_MINUS)).strip()
    match = _EURO_VALUE.fullmatch(bare)
    if match is None:
        return None
    number = parse_number(match["number"])
    if number is None:
        return None
    factor = _SCALE_WORDS[match["scale"].lower()] if match["scale"] else 1
    with localcontext() as exact:
        exact.prec = 2 * MAX_DIGITS + len(str(factor * scale))  # exact: no rounding before ours
        value = number * factor * scale
        if abs(value) >= MAX_EURO:
            return None
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def scale_of(caption: str) -> int:
    """Return the multiplier a table caption states.

    Args:
        caption: A caption or header line, e.g. ``"Lasten (x € 1.000)"``, ``"Uitgaven (x1000)"``,
            ``"Bedragen x €1.000"``, ``"x € 1 miljoen"``.

    Returns:
        1000, 1000000, ... as stated; 1 when the caption states no scale; :data:`MAX_EURO`
        for a scale too long to be a number, so that no amount is read at that scale.

    """
    match = SCALE_PATTERN.search(caption)
    if match is None:
        return 1
    if match["plural"]:
        return 1_000 if match["plural"].lower() == "duizenden" else 1_000_000
    number = parse_number(match["number"]) if match["number"] else Decimal(1)
    if number is None:
        return MAX_EURO
    factor = _SCALE_WORDS[match["word"].lower()] if match["word"] else 1
    return min(int((number or Decimal(1)) * factor), MAX_EURO)


def euro_spans(text: str) -> list[tuple[int, int, int]]:
    """Locate the euro amounts in running text.

    Args:
        text: Prose; an amount needs ``€``/``EUR`` before it or ``euro`` after it.

    Returns:
        ``(start, end, amount)`` per amount in text order; ``amount`` in whole euros.

    """
    spans: list[tuple[int, int, int]] = []
    for match in _EURO_AMOUNT.finditer(text):
        amount = parse_euro(match.group())
        if amount is not None:
            spans.append((match.start(), match.end(), amount))
    return spans


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split text into sentences at ``. ``, ``! `` or ``? `` before an upper-case letter or digit.

    The break is not taken after ``o.a.``, ``bijv.``, ``m.b.t.``, ``e.d.``, ``ca.`` and a few
    similar abbreviations. Blank lines do not end a sentence (PDF text breaks inside them).

    Args:
        text: Any running text.

    Returns:
        ``(start, end)`` offsets of each non-blank sentence, its final period included.

    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_BREAK.finditer(text):
        following = text[match.end()]
        if not (following.isupper() or following.isdigit()):
            continue
        if _ABBREVIATION.search(text, max(0, match.start() - 8), match.start() + 1):
            continue
        spans.append((start, match.start() + 1))
        start = match.end()
    spans.append((start, len(text)))
    return [_trimmed(text, s, e) for s, e in spans if text[s:e].strip()]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow ``(start, end)`` to exclude surrounding whitespace."""
    piece = text[start:end]
    return start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip())


def find_amount_mentions(text: str) -> list[AmountMention]:
    """Find the euro amounts in prose and tell shifts between years from other amounts.

    Args:
        text: Running text, typically a Financiën explanation.

    Returns:
        One mention per amount in text order, ``text`` as written and ``span`` None. ``kind``
        is ``"verschuiving"`` when the sentence speaks of moving money (doorschuiven, vrijval,
        resultaatbestemming, onttrekking, overhevelen, jaarschijf, ...), else ``"bedrag"``.

    """
    sentences = sentence_spans(text)
    mentions: list[AmountMention] = []
    for start, end, amount in euro_spans(text):
        sentence = next((text[s:e] for s, e in sentences if s <= start < e), text)
        kind = SHIFT if speaks_of_shift(sentence) else AMOUNT
        mentions.append(AmountMention(amount=amount, text=text[start:end], kind=kind))
    return mentions


def speaks_of_shift(sentence: str) -> bool:
    """Tell whether a sentence speaks of moving money between years or funds.

    Args:
        sentence: One sentence; separable verbs (``schuiven ... door``) may stand apart in it.

    Returns:
        True for doorschuiven, vrijval, resultaatbestemming, onttrekking, overhevelen,
        herfasering, a jaarschijf, a storting and similar wording.

    """
    return bool(_SHIFT.search(sentence))


def read_amounts(block: Block, content: list[Element], draft: Draft, kind: str = "") -> None:
    """The amounts stated under a label (Investeringsbudget, Lasten begrotingswijziging).

    ``kind`` says what they are (by default the block's name); the label's scale applies.
    """
    caption = block.label.text if block.label else ""
    for element in content:
        scale = scale_of(f"{caption} {element.text}")
        bare = SCALE_PATTERN.sub("", element.text).strip(" ()")
        value = parse_euro(bare, scale)
        if value is None:
            draft.unparsed(block.block, [element])
            continue
        mention = AmountMention(value, element.text, kind or block.block,
                                Span.of_lines(element.lines))  # fmt: skip
        draft.section.amounts.append(mention)


def scan_amounts(blocks: Sequence[Block], draft: Draft) -> None:
    """Amounts in the running text, outside budget tables and website fields."""
    for block in blocks:
        if block.block in ("lasten", "budgetopbouw") or block.field == "website":
            continue
        for element in running_text(block):
            if id(element) in draft.claimed:
                continue  # read as a fact of its own (a budget in prose)
            draft.section.amounts.extend(
                with_span(m, [element]) for m in find_amount_mentions(element.text)
            )


KIND = FactKind(
    name="amounts",
    position=50,
    counts=lambda section: {"bedragen": len(section.amounts)},
    blocks=("investeringsbudget", "resultaatbestemming"),
    read=read_amounts,
    scan=scan_amounts,
)
