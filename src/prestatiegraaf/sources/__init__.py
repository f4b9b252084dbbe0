"""Stage 1, sources: read any input into a source-agnostic :class:`SourceDocument`."""

from __future__ import annotations

from pathlib import Path

from prestatiegraaf.errors import SourceError
from prestatiegraaf.model import Channel, DocumentInfo, SourceDocument
from prestatiegraaf.sources.text import load_text

SOURCE_SUFFIXES = (".txt", ".text", ".md", ".markdown")
_LATER = {".html": "HTML", ".htm": "HTML", ".pdf": "PDF"}


def load_source(
    path: Path,
    *,
    document: DocumentInfo | None = None,
    channel: Channel | None = None,
    encoding: str = "utf-8",
) -> SourceDocument:
    """Load one input file, choosing the reader by its extension.

    Raises:
        SourceError: the file is missing, unreadable or of a kind this version cannot read.

    """
    suffix = path.suffix.lower()
    if suffix in _LATER:
        raise SourceError(
            f"{_LATER[suffix]} files are not read yet; save the page or document as text",
            path=path,
        )
    return load_text(path, document=document, channel=channel, encoding=encoding)


__all__ = ["SOURCE_SUFFIXES", "load_source"]
