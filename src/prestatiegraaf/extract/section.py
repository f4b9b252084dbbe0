"""Stage 2, extract: read one section's blocks into a :class:`PrestatieSection`, kind by kind.

Each block goes to the fact kind that reads it (see :mod:`.kinds`); field values are gathered
for the kinds that read fields; then every kind finishes and scans the running text. Whatever
no kind reads is kept as :class:`Unparsed`, so the coverage report shows it instead of losing it.
"""

from __future__ import annotations

from prestatiegraaf.extract.kinds import Draft, block_readers, fact_kinds, field_readers
from prestatiegraaf.extract.layout import Block, SectionSlice, group_blocks
from prestatiegraaf.model import ElementKind, PrestatieSection, SourceDocument, Span


def extract_section(slice_: SectionSlice, doc: SourceDocument) -> PrestatieSection:
    """Extract every fact of one section; text nobody understood goes to ``unparsed``."""
    section = PrestatieSection(
        code=slice_.code,
        title=slice_.title,
        document=doc.document,
        channel=doc.channel,
        source=doc.path,
        heading=Span.of_lines(slice_.heading.lines),
    )
    kinds = fact_kinds()
    elements = slice_.elements
    for kind in kinds:
        if kind.prepare is not None:
            elements = kind.prepare(elements)
    blocks = group_blocks(elements)
    draft = Draft(section)
    for block in blocks:
        _read_block(block, draft)
    for kind in kinds:
        if kind.finish is not None:
            kind.finish(draft)
    for kind in kinds:
        if kind.scan is not None:
            kind.scan(blocks, draft)
    return section


def _read_block(block: Block, draft: Draft) -> None:
    content = [e for e in block.elements if e.kind is not ElementKind.CHROME]
    if block.field is not None and block.block != "score":
        if block.field in field_readers():
            draft.add_to_field(block.field, content, block.label)
        else:
            draft.unparsed(block.field, content)
        return
    kind = block_readers().get(block.block)
    if kind is None or kind.read is None:
        draft.unparsed(block.block, content)
    else:
        kind.read(block, content, draft)
