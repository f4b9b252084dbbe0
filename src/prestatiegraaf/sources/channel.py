"""Stage 1, sources: recognise the channel a text came through (PDF text, web text, markdown)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from prestatiegraaf.model import Channel
from prestatiegraaf.sources.lines import Classified, LineKind

_MARKDOWN = re.compile(r"^(?:#{1,6}\s+\S|\*\*[^*]+\*\*\s*$|\|.*\|\s*$)|\[[^\]]+\]\([^)]*\)")


def detect_channel(path: Path, items: Sequence[Classified]) -> Channel:
    """Guess the channel from the file name and the text's layout.

    Markdown: ``.md`` files, or ``#`` headings, ``**bold**`` labels, pipe tables and links.
    PDF text: list numbers alone on a line, or many lines with trailing spaces.
    Anything else is web-page text.
    """
    if path.suffix.lower() in {".md", ".markdown"}:
        return Channel.MARKDOWN
    content = [item for item in items if item.kind is not LineKind.BLANK]
    if not content:
        return Channel.WEB_TEXT
    markdown = sum(1 for item in content if _MARKDOWN.search(item.line.raw))
    if markdown >= 2:
        return Channel.MARKDOWN
    orphans = sum(1 for item in content if item.kind is LineKind.ORPHAN)
    trailing = sum(1 for item in content if item.line.raw.endswith(" "))
    if orphans >= 1 or trailing > len(content) * 0.3:
        return Channel.PDF_TEXT
    return Channel.WEB_TEXT
