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
    Where the actions are numbered, a bullet belongs to the numbered action before it even
    when copying lost its indent, and so does an item whose number was used already (a nested
    list numbered anew): an action is never split into actions with duplicate numbers.
    Items carry their own number when they have one, else their position. Text before the
    first item is reported as not understood. ``year`` is the year the heading gives the
    actions ("Acties 2021"), the deadline of targets that name none.
    """
    numbered = any(e.kind is ElementKind.ITEM and e.number is not None for e in content)
    groups: list[list[Element]] = []
    for element in content:
        if _starts_action(element, groups, numbered):
            groups.append([element])
        elif element.kind in (ElementKind.ITEM, ElementKind.PARAGRAPH) and groups:
            groups[-1].append(element)
        elif element.kind is not ElementKind.CHROME:
            section.unparsed.append(Unparsed("acties", element.text, Span.of_lines(element.lines)))
    offset = len(section.actions)
    return [_action(group, offset + position, year) for position, group in enumerate(groups, 1)]


def _starts_action(element: Element, groups: list[list[Element]], numbered: bool) -> bool:
    """Whether ``element`` starts a new action rather than continuing the last one."""
    if element.kind is not ElementKind.ITEM or element.level != 0:
        return False
    if not numbered or not groups:
        return True
    if element.number is None:
        return False  # a bullet under a numbered action
    previous = [g[0].number for g in groups if g[0].number is not None]
    return not previous or element.number not in previous


def _action(group: list[Element], position: int, year: int | None) -> Action:
    head = group[0]
    text = " ".join(e.text for e in group if not _PROGRESS_NOTE.match(e.text)).strip()
    lines = sorted({ln for e in group for ln in e.lines}, key=lambda ln: ln.number)
    number = head.number if head.number else position  # an item numbered 0: its position
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
