"""Stage 2, extract: the colour scores of a section — fact kind ``scores``.

A score stands under a score label ("Integrale kleurscore", "Inhoud", "Geld (indicator)")
as a word, a capital letter or an image, or inline after its label. On project pages the
letter comes before its label ("O" above "Inhoud"); it is put after it before blocks are
grouped. What follows the colours in a W2 status block is a budget change or, under
"Inhoud", an explanation of progress.
"""

from __future__ import annotations

import re

from prestatiegraaf.extract.colours import find_inline_scores, is_colour, take_leading_scores
from prestatiegraaf.extract.explanations import add_explanation
from prestatiegraaf.extract.kinds import Draft, FactKind
from prestatiegraaf.extract.layout import Block
from prestatiegraaf.model import ColourScore, Element, ElementKind, LabelKind, Span

_CHANGE = (
    r"(?:geen|(?:\(?vooraankondiging\)?\s+)?resultaatbestemming|(?:gs|ps)\s+begrotingswijziging)"
)
_BUDGET_CHANGE = re.compile(rf"^{_CHANGE}(?:\s*[,;/]?\s*{_CHANGE})*\.?$", re.IGNORECASE)


def colours_after_labels(elements: tuple[Element, ...]) -> tuple[Element, ...]:
    """Put a colour printed just before its score label ("O" above "Inhoud") after it."""
    out = list(elements)
    for i in range(len(out) - 1):
        colour, label = out[i], out[i + 1]
        if not (is_colour(colour) and label.kind is ElementKind.LABEL):
            continue
        following = out[i + 2] if i + 2 < len(out) else None
        if label.label is LabelKind.SCORE and not (following and is_colour(following)):
            out[i], out[i + 1] = label, colour
    return tuple(out)


def read_score_block(block: Block, content: list[Element], draft: Draft) -> None:
    """The colours under a score label, and what follows them in a status block."""
    assert block.label is not None
    section = draft.section
    inline = find_inline_scores(block.label.text)
    if inline:
        for aspect, colour in inline:
            section.scores.append(ColourScore(aspect, colour, Span.of_lines(block.label.lines)))
        draft.unparsed("status", content)
        return
    rest = take_leading_scores(content, block.field or "integraal", section)
    if rest and all(_BUDGET_CHANGE.match(e.text) for e in rest):
        add_explanation("begrotingswijziging", rest, draft)  # W2 status without its label
    elif block.field == "inhoud" and rest:
        add_explanation("voortgang", rest, draft)
    else:
        draft.unparsed("kleurscore", rest)


KIND = FactKind(
    name="scores",
    position=60,
    counts=lambda section: {"kleurscores": len(section.scores)},
    blocks=("score",),
    read=read_score_block,
    prepare=colours_after_labels,
)
