"""Stage 2, extract: the ambition and the context of a section — fact kind ``narrative``.

The text before the first label is the ambition (what the province wants to achieve); the
Context block tells why. Monitors of 2016 put the integral colour right after the intro
without a label, and listing pages without an "Acties" label give their list of actions
there.
"""

from __future__ import annotations

from prestatiegraaf.extract.actions import collect_actions
from prestatiegraaf.extract.colours import colour_of, is_colour
from prestatiegraaf.extract.governance import holders_after_list
from prestatiegraaf.extract.kinds import Draft, FactKind
from prestatiegraaf.extract.layout import Block
from prestatiegraaf.model import ColourScore, Element, ElementKind, Span


def read_narrative(block: Block, content: list[Element], draft: Draft) -> None:
    """The intro or Context block: its paragraphs are the text, tables are not understood."""
    section = draft.section
    intro = block.block == "intro"
    if intro:
        for element in [e for e in content if is_colour(e)]:
            colour = colour_of(element.text)
            assert colour is not None
            section.scores.append(ColourScore("integraal", colour, Span.of_lines(element.lines)))
            content = [e for e in content if e is not element]
    paragraphs = [e for e in content if e.kind is ElementKind.PARAGRAPH]
    items = [e for e in content if e.kind is ElementKind.ITEM]
    if intro and items:
        after = content[content.index(items[0]) :]
        section.actions.extend(collect_actions(holders_after_list(after, draft), section))
        paragraphs = [p for p in paragraphs if p not in after]
    if not paragraphs:
        return
    text = "\n\n".join(p.text for p in paragraphs)
    span = Span.of_lines([ln for p in paragraphs for ln in p.lines])
    if intro:
        section.intro, section.intro_span = text, span
    else:
        section.context, section.context_span = text, span
    draft.unparsed(block.block, [e for e in content if e.kind is ElementKind.TABLE_ROW])


KIND = FactKind(
    name="narrative",
    position=10,
    counts=lambda section: {
        "ambitie": int(bool(section.intro)),
        "context": int(bool(section.context)),
    },
    blocks=("intro", "context"),
    read=read_narrative,
)
