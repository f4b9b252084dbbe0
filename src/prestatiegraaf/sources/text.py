"""Stage 1, sources: load a text or markdown file into a :class:`SourceDocument`."""

from __future__ import annotations

from pathlib import Path

from prestatiegraaf.model import Channel, DocumentInfo, SourceDocument
from prestatiegraaf.sources.channel import detect_channel
from prestatiegraaf.sources.decode import read_text, split_lines
from prestatiegraaf.sources.document_info import infer_document
from prestatiegraaf.sources.elements import build_elements
from prestatiegraaf.sources.lines import classify, mark_table_numbers
from prestatiegraaf.sources.pdftext import build_pdf_elements


def load_text(
    path: Path,
    *,
    document: DocumentInfo | None = None,
    channel: Channel | None = None,
    encoding: str = "utf-8",
) -> SourceDocument:
    """Read ``path`` and rebuild its logical elements.

    Args:
        path: a text or markdown file.
        document: the document it belongs to (from a manifest); inferred when None.
        channel: the channel, overriding detection.
        encoding: the file's encoding.

    Raises:
        SourceError: the file cannot be read as text.

    """
    text = read_text(path, encoding)
    lines = split_lines(text)
    items = mark_table_numbers([classify(line) for line in lines])
    channel = channel or detect_channel(path, items)
    if channel is Channel.PDF_TEXT:
        elements = build_pdf_elements(items)
    else:
        elements = build_elements(items)
    info = document or infer_document(path, lines)
    return SourceDocument(path, channel, info, lines, tuple(elements), text)
