"""Stage 2, extract: the numbered actions of a section, with their targets — fact kind ``actions``.

Listing pages end the list with the portfolio holders' names and no label: those go to the
governance fields. A colour standing first in the block scores the actions.
"""

from __future__ import annotations

import re

from prestatiegraaf.extract.colours import take_leading_scores
from prestatiegraaf.extract.governance import holders_after_list
from prestatiegraaf.extract.kinds import Draft, FactKind
from prestatiegraaf.extract.layout import Block
from prestatiegraaf.extract.targets import find_targets
from prestatiegraaf.model import Action, Element, ElementKind, PrestatieSection, Span, Unparsed

_PROGRESS_NOTE = re.compile(r"^actie\s+\d{1,2}\s*:", re.IGNORECASE)


def collect_actions(
    content: list[Element], section: PrestatieSection, year: int | None = None
) -> list[Action]:
    """Fold the elements of an Acties block into actions.

    Top-level items start an action; nested items and paragraphs after an item belong to it.
    Items carry their own number when they have one, else their position. Text before the
    first item is reported as not understood. ``year`` is the year the heading gives the
    actions ("Acties 2021"), the deadline of targets that name none.
    """
    groups: list[list[Element]] = []
    for element in content:
        if element.kind is ElementKind.ITEM and element.level == 0:
            groups.append([element])
        elif element.kind in (ElementKind.ITEM, ElementKind.PARAGRAPH) and groups:
            groups[-1].append(element)
        elif element.kind is not ElementKind.CHROME:
            section.unparsed.append(Unparsed("acties", element.text, Span.of_lines(element.lines)))
    offset = len(section.actions)
    return [_action(group, offset + position, year) for position, group in enumerate(groups, 1)]


def _action(group: list[Element], position: int, year: int | None) -> Action:
    head = group[0]
    text = " ".join(e.text for e in group if not _PROGRESS_NOTE.match(e.text)).strip()
    lines = sorted({ln for e in group for ln in e.lines}, key=lambda ln: ln.number)
    number = head.number if head.number is not None else position
    return Action(number, text, Span.of_lines(lines), tuple(find_targets(text, year)))


def read_actions(block: Block, content: list[Element], draft: Draft) -> None:
    """An Acties block: a colour first, the list, then perhaps the portfolio holders."""
    take_leading_scores(content, "acties", draft.section)
    content = holders_after_list(content, draft)
    year = block.label.number if block.label is not None else None  # "Acties 2021"
    draft.section.actions.extend(collect_actions(content, draft.section, year))


KIND = FactKind(
    name="actions",
    position=20,
    counts=lambda section: {
        "acties": len(section.actions),
        "doelen": sum(len(action.targets) for action in section.actions),
    },
    blocks=("acties",),
    read=read_actions,
)
