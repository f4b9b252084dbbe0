"""Stage 2, extract: explanations of progress and finances — fact kind ``explanations``.

"Toelichting op voortgang", "Financiën" (with the colour of the finances first, when a
monitor gives one), "Begrotingswijziging" and "Toelichting op het investeringsbudget" each
hold an explanation; "Geen afwijking." says that nothing deviates from the plan.
"""

from __future__ import annotations

import re

from prestatiegraaf.extract.colours import take_leading_scores
from prestatiegraaf.extract.kinds import Draft, FactKind
from prestatiegraaf.extract.layout import Block
from prestatiegraaf.model import Element, ElementKind, Explanation, Span

_NO_DEVIATION = re.compile(r"^geen (?:afwijking|afwijkingen|bijzonderheden)\b", re.IGNORECASE)
TOPICS = {
    "voortgang": "voortgang",
    "financien": "financien",
    "begrotingswijziging": "begrotingswijziging",
    "toelichting-investeringsbudget": "financien",
}  # block → the topic its explanation is about


def add_explanation(topic: str, content: list[Element], draft: Draft) -> None:
    """The paragraphs and items of ``content`` as one explanation about ``topic``."""
    texts = [e for e in content if e.kind in (ElementKind.PARAGRAPH, ElementKind.ITEM)]
    if not texts:
        return
    text = "\n\n".join(e.text for e in texts)
    # in line order: reordered text (a PDF copy) may give the elements in another
    span = Span.of_lines(sorted({ln for e in texts for ln in e.lines}, key=lambda ln: ln.number))
    flag = bool(_NO_DEVIATION.match(text))
    draft.section.explanations.append(Explanation(topic, text, flag, span))


def read_explanation(block: Block, content: list[Element], draft: Draft) -> None:
    """An explanation block; the finances may open with their colour score."""
    if block.block == "financien":
        content = take_leading_scores(content, "financien", draft.section)
    add_explanation(TOPICS[block.block], content, draft)


KIND = FactKind(
    name="explanations",
    position=70,
    counts=lambda section: {"toelichtingen": len(section.explanations)},
    blocks=tuple(TOPICS),
    read=read_explanation,
)
