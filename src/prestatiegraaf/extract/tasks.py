"""Stage 2, extract: the societal tasks (opgaven) a prestatie serves — fact kind ``tasks``.

Project pages of De Staat van Overijssel (2020 on) end with "Opgaven": the tasks the
prestatie contributes to, one per line or list item ("Goede bereikbaarheid").
"""

from __future__ import annotations

from prestatiegraaf.extract.kinds import Draft, FactKind
from prestatiegraaf.extract.layout import Block
from prestatiegraaf.model import Element, ElementKind, Span, Task


def read_tasks(block: Block, content: list[Element], draft: Draft) -> None:
    """Each paragraph or item under "Opgaven" names one task; other text is not understood."""
    names: dict[str, Task] = {}
    for element in content:
        name = element.text.strip().rstrip(".;,").strip()
        if element.kind in (ElementKind.PARAGRAPH, ElementKind.ITEM) and 0 < len(name) <= 120:
            names.setdefault(name.casefold(), Task(name, Span.of_lines(element.lines)))
        else:
            draft.unparsed(block.block, [element])
    draft.section.tasks.extend(names.values())


KIND = FactKind(
    name="tasks",
    position=110,
    counts=lambda section: {"opgaven": len(section.tasks)},
    blocks=("opgaven",),
    read=read_tasks,
)
