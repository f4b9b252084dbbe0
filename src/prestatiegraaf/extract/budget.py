"""Stage 2, extract: the budget of a section — fact kind ``budget``.

Begroot / Besteed / Ruimte come from a Lasten table (:mod:`.budget_tables`) or, where a
section has none, from a sentence that states them; the make-up from the Budgetopbouw table.
The amounts of a budget change (Lasten begrotingswijziging) are amounts, not the budget.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from prestatiegraaf.extract.amounts import parse_euro, read_amounts
from prestatiegraaf.extract.budget_tables import (
    BEGROOT,
    BESTEED,
    RUIMTE,
    figure_of,
    parse_budget_makeup,
    parse_budget_table,
)
from prestatiegraaf.extract.kinds import Draft, FactKind, running_text, table_rows, with_span
from prestatiegraaf.extract.layout import Block
from prestatiegraaf.model import BudgetFigures, Element, ElementKind


def tables_after_captions(elements: tuple[Element, ...]) -> tuple[Element, ...]:
    """Put a budget table printed before its caption ("Begroot ... 49" above "Lasten") after it."""
    out = list(elements)
    for i in range(len(out) - 1):
        table, label = out[i], out[i + 1]
        if (
            label.kind is ElementKind.LABEL
            and label.key == "lasten"
            and table.kind in (ElementKind.PARAGRAPH, ElementKind.TABLE_ROW)
            and (i + 2 == len(out) or out[i + 2].kind in (ElementKind.LABEL, ElementKind.HEADING))
            and parse_budget_table(table_rows([table])) is not None
        ):
            out[i], out[i + 1] = label, table
    return tuple(out)


def read_budget(block: Block, content: list[Element], draft: Draft) -> None:
    """A Lasten table, a budget make-up, or the amounts of a budget change."""
    section = draft.section
    label = block.label.text.lower() if block.label else ""
    if block.block == "budgetopbouw":
        parts = parse_budget_makeup(table_rows(content))
        section.budget_components.extend(with_span(part, content) for part in parts)
    elif "begrotingswijziging" in label or "resultaatbestemming" in label:
        read_amounts(block, content, draft, "begrotingswijziging")
    else:
        figures = parse_budget_table(table_rows(([block.label] if block.label else []) + content))
        if figures is None:
            draft.unparsed("lasten", content)
        else:
            section.budget = with_span(figures, content)


_FIGURE = r"(?:begroot|besteed|gerealiseerd|realisatie|ruimte)"
_PROSE_LIST = re.compile(
    rf"\b(?P<labels>{_FIGURE}(?:\s*(?:/|,|\ben\b)\s*{_FIGURE}){{1,2}})\b[^€\d]{{0,40}}"
    r"€\s*(?P<numbers>[\d.,]+(?:\s*/\s*€?\s*[\d.,]+){1,2})\s*(?P<scale>miljoen|mln|duizend)?",
    re.IGNORECASE,
)
_PROSE_PAIR = re.compile(
    rf"\b(?P<label>{_FIGURE})\b[^€\d.;]{{0,20}}€\s*(?P<number>[\d.,]+)\s*"
    r"(?P<scale>miljoen|mln|duizend)?",
    re.IGNORECASE,
)


def read_budget_prose(text: str) -> BudgetFigures | None:
    """Begroot / Besteed / Ruimte stated in a sentence.

    "begroot / besteed / ruimte: € 1,2 / 0,9 / 0,3 miljoen" (figures listed in the order of
    their labels) or "begroot € 1,2 miljoen, gerealiseerd € 0,9 miljoen" (each label before
    its amount); at least two figures. None for any other sentence, such as one about a shift
    between years or an investment proposal.
    """
    figures: dict[str, int] = {}
    listed = _PROSE_LIST.search(text)
    if listed is not None:
        labels = re.findall(_FIGURE, listed["labels"], re.IGNORECASE)
        numbers = re.findall(r"[\d.,]+", listed["numbers"])
        if len(labels) == len(numbers):
            for label, number in zip(labels, numbers, strict=True):
                value = parse_euro(f"{number.strip('.,')} {listed['scale'] or ''}".strip())
                if value is not None:
                    figures.setdefault(figure_of(label) or "", value)
    else:
        for pair in _PROSE_PAIR.finditer(text):
            value = parse_euro(f"{pair['number'].strip('.,')} {pair['scale'] or ''}".strip())
            if value is not None:
                figures.setdefault(figure_of(pair["label"]) or "", value)
    if len(figures) < 2:
        return None
    return BudgetFigures(figures.get(BEGROOT), figures.get(BESTEED), figures.get(RUIMTE))


def scan_budget_prose(blocks: Sequence[Block], draft: Draft) -> None:
    """Budget figures in the running text, where the section has no budget table."""
    if draft.section.budget is not None:
        return
    for block in blocks:
        if block.block in ("lasten", "budgetopbouw"):
            continue
        for element in running_text(block):
            figures = read_budget_prose(element.text)
            if figures is not None:
                draft.section.budget = with_span(figures, [element])
                draft.claimed.add(id(element))
                return


KIND = FactKind(
    name="budget",
    position=40,
    counts=lambda section: {
        "budget": int(section.budget is not None),
        "budgetopbouw": len(section.budget_components),
    },
    blocks=("lasten", "budgetopbouw"),
    read=read_budget,
    prepare=tables_after_captions,
    scan=scan_budget_prose,
)
