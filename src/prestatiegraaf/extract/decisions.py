"""Stage 2, extract: Provinciale Staten decision references (``PS/yyyy/nnn``) in section text.

Decisions are cited in the investment-proposal block, under Mijlpalen, in Context and in
Financiën, with a tolerant spelling: ``PS/2015/687``, ``PS2018/489``, ``[PS/2016/871 ]``,
``PS/ 2016/196``, ``PS 2016/196``. Other numbers that look alike (GS-kenmerk ``2016/0123456``,
statenvoorstel numbers, dates, year ranges, prestatie codes) carry no ``PS`` prefix or have a
serial longer than four digits, and are not matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DECISION = re.compile(
    r"(?<![A-Za-z0-9])PS\s{0,2}/?\s{0,2}((?:19|20)\d{2})\s{0,2}/\s{0,2}(\d{2,4})(?![\d/])"
)
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n\s*\n")
_INVESTMENT = re.compile(r"investerings(?:besluit|voorstel)|budget\s+beschikbaar", re.IGNORECASE)
_MILESTONE_SENTENCE = re.compile(r"^[\s*\-•\d.)]*statenvoorstel", re.IGNORECASE)
_BLOCK_NOISE = re.compile(r"[#*:?]")

INVESTMENT_DECISION = "investeringsbesluit"
MILESTONE = "mijlpaal"
MENTION = "vermelding"


@dataclass(frozen=True)
class DecisionMatch:
    """One decision reference found in a text.

    Attributes:
        identifier: The decision normalised to ``PS/yyyy/nnn`` (serial digits as written).
        start: Offset of the first character of the reference in the searched text.
        end: Offset just past the last digit of the reference.

    """

    identifier: str
    start: int
    end: int


def find_decisions(text: str) -> list[DecisionMatch]:
    """Find the PS decisions cited in ``text``.

    Args:
        text: Any section text: a block, a label's value or a single line.

    Returns:
        The decisions in text order, one per identifier (the first occurrence wins).

    """
    found: dict[str, DecisionMatch] = {}
    for match in _DECISION.finditer(text):
        identifier = f"PS/{match.group(1)}/{match.group(2)}"
        if identifier not in found:
            found[identifier] = DecisionMatch(identifier, match.start(), match.end())
    return list(found.values())


def sentence_around(text: str, start: int, end: int) -> str:
    """Return the sentence of ``text`` that contains the range ``start``-``end``.

    A sentence ends at ``.``, ``!`` or ``?`` followed by white space, or at a blank line. Use it
    to build the ``context`` argument of :func:`decision_relation` from a :class:`DecisionMatch`.

    Args:
        text: The text the range refers to.
        start: Offset of the first character of the range.
        end: Offset just past the range.

    Returns:
        The sentence, stripped, with its inner white space as in ``text``.

    """
    first = 0
    for boundary in _SENTENCE_END.finditer(text, 0, start):
        first = boundary.end()
    last = len(text)
    following = _SENTENCE_END.search(text, end)
    if following is not None:
        last = following.end()
    return text[first:last].strip()


def decision_relation(context: str, block: str | None = None) -> str:
    """Classify what a cited decision is to the prestatie.

    The investment test comes first: a decision in the Mijlpalen block whose sentence speaks of
    an investment proposal is an investment decision.

    Args:
        context: The sentence around the reference (see :func:`sentence_around`).
        block: Name of the block or label the text came from ("Mijlpalen", "**Mijlpalen:**",
            "Bijbehorend investeringsvoorstel", ...), or None when unknown.

    Returns:
        ``"investeringsbesluit"`` when the sentence or block is about an investment decision or
        proposal, or about budget made available; ``"mijlpaal"`` when the block is Mijlpalen or
        the sentence opens with "Statenvoorstel"; ``"vermelding"`` otherwise.

    """
    block_name = _BLOCK_NOISE.sub("", block or "").strip().lower()
    if _INVESTMENT.search(context) or "investering" in block_name:
        return INVESTMENT_DECISION
    if block_name.startswith("mijlpa") or _MILESTONE_SENTENCE.search(context):
        return MILESTONE
    return MENTION
