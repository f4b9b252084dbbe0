"""Stage 2, extract: Provinciale Staten decisions (``PS/yyyy/nnn``) cited — fact kind ``decisions``.

Decisions are cited in the investment-proposal block, under Mijlpalen, in Context and in
Financiën, with a tolerant spelling: ``PS/2015/687``, ``PS2018/489``, ``[PS/2016/871 ]``,
``PS/ 2016/196``, ``PS 2016/196``. Other numbers that look alike (GS-kenmerk ``2016/0123456``,
statenvoorstel numbers, dates, year ranges, prestatie codes) carry no ``PS`` prefix or have a
serial longer than four digits, and are not matched.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from prestatiegraaf.extract.kinds import Draft, FactKind, running_text
from prestatiegraaf.extract.layout import Block
from prestatiegraaf.model import DecisionReference, Element, Span

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


_RANK = {MENTION: 0, MILESTONE: 1, INVESTMENT_DECISION: 2}


def read_loose_block(block: Block, content: list[Element], draft: Draft) -> None:
    """Basisinformatie, Status, Mijlpalen or Besluiten text without a field label of its own.

    Text citing a decision is read by :func:`scan_decisions`; the rest is not understood.
    """
    draft.unparsed(block.block, [e for e in content if not find_decisions(e.text)])


def scan_decisions(blocks: Sequence[Block], draft: Draft) -> None:
    """Every decision the section cites, once, with the strongest relation found for it."""
    section = draft.section
    seen: dict[str, int] = {}
    for block in blocks:
        area = "mijlpalen" if block.block == "mijlpalen" else block.field or block.block
        for element in running_text(block):
            span = Span.of_lines(element.lines)
            for match in find_decisions(element.text):
                sentence = sentence_around(element.text, match.start, match.end)
                ref = DecisionReference(match.identifier, decision_relation(sentence, area), span)
                if ref.identifier not in seen:
                    seen[ref.identifier] = len(section.decisions)
                    section.decisions.append(ref)
                elif _RANK[ref.relation] > _RANK[section.decisions[seen[ref.identifier]].relation]:
                    section.decisions[seen[ref.identifier]] = ref


KIND = FactKind(
    name="decisions",
    position=80,
    counts=lambda section: {"besluiten": len(section.decisions)},
    blocks=("basisinformatie", "status", "mijlpalen", "besluiten"),
    read=read_loose_block,
    scan=scan_decisions,
)
