"""Stage 1, sources: read any input into a source-agnostic :class:`SourceDocument`.

The reader is chosen by the file's extension, after a look at its first bytes: a file whose
extension says one thing while its content is another (a PDF saved as ``.txt``, a web page as
``.pdf``) is refused with a message saying what it really is.
"""

from __future__ import annotations

from pathlib import Path

from prestatiegraaf.errors import SourceError
from prestatiegraaf.file_limits import FileLimits
from prestatiegraaf.model import Channel, DocumentInfo, SourceDocument
from prestatiegraaf.sources.text import load_text

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PDF_SUFFIXES = (".pdf",)
SOURCE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES


def sniff(path: Path) -> str | None:
    """What the first bytes of ``path`` say it is: ``pdf``, ``html`` or None (text or unknown)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(2048)
    except OSError:
        return None  # the reader reports the file's own problem
    if head.startswith(b"%PDF-"):
        return "pdf"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html")) or (
        start.startswith(b"<?xml") and b"<html" in start
    ):
        return "html"
    return None


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    claimed = "pdf" if suffix in PDF_SUFFIXES else "html" if suffix in HTML_SUFFIXES else "text"
    actual = sniff(path)
    if claimed == "pdf" and actual != "pdf" and path.is_file() and path.stat().st_size:
        what = f"an {actual.upper()} file" if actual else "not a PDF (no %PDF header)"
        raise SourceError(f"extension says PDF but the file is {what}", path=path)
    if claimed == "text" and actual is not None:
        raise SourceError(
            f"extension says text but the file is {actual.upper()}; rename it to .{actual}",
            path=path,
        )
    return claimed if actual is None or claimed == actual else actual


def load_source(
    path: Path,
    *,
    document: DocumentInfo | None = None,
    channel: Channel | None = None,
    encoding: str | None = None,
    limits: FileLimits | None = None,
) -> SourceDocument:
    """Load one input file, choosing the reader by its extension and content.

    Args:
        path: a text, markdown, HTML or PDF file.
        document: the document it belongs to (from a manifest); inferred when None.
        channel: the channel of a text file, overriding detection.
        encoding: the encoding of a text or HTML file (default: UTF-8 for text; for HTML its
            byte-order mark or ``<meta charset>``).
        limits: the time and memory a file may take; a PDF's child process is held to them
            (the build holds every file to them, see :mod:`prestatiegraaf.file_limits`).

    Raises:
        SourceError: the file is missing, unreadable, or not what its extension says.
    """
    kind = _kind(path)
    if kind == "html":
        from prestatiegraaf.sources.html import load_html

        loaded = load_html(path, document=document, encoding=encoding)
    elif kind == "pdf":
        from prestatiegraaf.sources.pdf import PdfLimits, load_pdf

        limits = limits or FileLimits()
        caps = PdfLimits(seconds=limits.seconds, memory_mb=limits.memory_mb)
        loaded = load_pdf(path, document=document, limits=caps)
    else:
        loaded = load_text(path, document=document, channel=channel, encoding=encoding or "utf-8")
    return _refuse_huge_text(loaded)


MAX_TEXT = 4 * 1024 * 1024  # characters of one paragraph, item or row


def _refuse_huge_text(doc: SourceDocument) -> SourceDocument:
    """``doc``, unless one of its paragraphs is longer than any P&C text (:data:`MAX_TEXT`).

    Such a text would become one literal of the graph, larger than RDF readers take.

    Raises:
        SourceError: an element's text is longer than :data:`MAX_TEXT` characters.
    """
    for element in doc.elements:
        if len(element.text) > MAX_TEXT:
            line = element.lines[0].number if element.lines else None
            raise SourceError(
                f"a paragraph of {len(element.text):,} characters; expected at most "
                f"{MAX_TEXT:,} in one paragraph, item or table row",
                path=doc.path,
                line=line,
            )
    return doc


__all__ = ["HTML_SUFFIXES", "PDF_SUFFIXES", "SOURCE_SUFFIXES", "TEXT_SUFFIXES", "load_source"]
