"""Stage 1, sources: the words of a PDF's pages, with their boxes, as PDFium reads them.

Run in the child process that :func:`prestatiegraaf.sources.pdf.load_pdf` starts: PDFium
(``pypdfium2``) gives each glyph with its box, font size and weight, and glyphs are joined
into :class:`Word` objects at spaces, line ends and gaps. A problem with the file itself is
raised as :class:`PdfProblem`, whose message goes back to the parent.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as raw  # type: ignore[import-untyped]

from prestatiegraaf.file_limits import DEFAULT_MEMORY_MB, DEFAULT_SECONDS
from prestatiegraaf.sources.pdf_geometry import Page, Word

MB = 1024 * 1024
_HYPHENS = {0x02, 0xFFFE, 0x00AD}  # how PDFium reports a hyphen at a line end
_BOLD = ("bold", "black", "heavy", "semibold", "demi")


@dataclass(frozen=True)
class PdfLimits:
    """Limits under which an untrusted PDF is parsed; time and memory are those of any file."""

    max_bytes: int = 200 * MB
    max_pages: int = 2000
    seconds: float = DEFAULT_SECONDS
    memory_mb: int = DEFAULT_MEMORY_MB


class PdfProblem(Exception):
    """A problem with the file itself, sent from the child process as a message."""


def read_pages(path: Path, limits: PdfLimits) -> list[Page]:
    """Read the words of every page of ``path`` (run in the child process).

    Raises:
        PdfProblem: the PDF is encrypted, damaged, too long or has no text layer.

    """
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == raw.FPDF_ERR_PASSWORD:
            raise PdfProblem(
                "PDF is encrypted: a password is needed; remove it (qpdf --decrypt) and retry"
            ) from None
        if code == raw.FPDF_ERR_SECURITY:
            raise PdfProblem(
                "PDF uses an unsupported security handler; save an unprotected copy"
            ) from None
        raise PdfProblem(
            f"PDF is damaged and cannot be opened ({exc}); download or export it again"
        ) from None
    try:
        if len(document) > limits.max_pages:
            raise PdfProblem(
                f"PDF has {len(document)} pages, over the limit of {limits.max_pages}; split it"
            )
        pages = [_read_page(document, index) for index in range(len(document))]
    finally:
        document.close()
    if not any(page.words for page in pages):
        raise PdfProblem("PDF has no text layer (scanned pages?); run OCR first, e.g. ocrmypdf")
    return pages


def _read_page(document: object, index: int) -> Page:
    """Read the size and words of one page of an open PDFium document."""
    try:
        page = document[index]  # type: ignore[index]
        textpage = page.get_textpage()
    except Exception as exc:  # PDFium refuses the page: the file is damaged there
        raise PdfProblem(f"page {index + 1} cannot be read ({exc}); the PDF is damaged") from None
    try:
        width, height = (float(value) for value in page.get_size())
        return Page(width, height, tuple(_read_words(textpage.raw, height)))
    finally:
        textpage.close()
        page.close()


def _read_words(textpage: object, height: float) -> Iterator[Word]:
    """Join PDFium's characters into words: split at spaces, line ends and gaps."""
    rect, chars = raw.FS_RECTF(), list[str]()
    box = [0.0] * 5  # x0, x1, top, bottom, size of the word being read
    bold = False
    for index in range(max(0, int(raw.FPDFText_CountChars(textpage)))):
        code = int(raw.FPDFText_GetUnicode(textpage, index))
        char = "-" if code in _HYPHENS else chr(code)
        if code < 32 and char != "-" or char.isspace() and char != "\u00a0":
            if chars:
                yield Word("".join(chars), box[0], box[1], box[2], box[3], box[4], bold)
            chars = []
            continue
        raw.FPDFText_GetLooseCharBox(textpage, index, rect)
        x0, x1 = float(rect.left), float(rect.right)
        top, bottom = height - float(rect.top), height - float(rect.bottom)
        size = float(raw.FPDFText_GetFontSize(textpage, index))
        if chars and not (abs(bottom - box[3]) <= 0.3 * size and -size < x0 - box[1] < 0.25 * size):
            yield Word("".join(chars), box[0], box[1], box[2], box[3], box[4], bold)
            chars = []
        if not chars:
            box, bold = [x0, x1, top, bottom, size], _is_bold(textpage, index)
        chars.append(char)
        box[1:4] = [max(box[1], x1), min(box[2], top), max(box[3], bottom)]
    if chars:
        yield Word("".join(chars), box[0], box[1], box[2], box[3], box[4], bold)


def _is_bold(textpage: object, index: int) -> bool:
    """Tell whether a character is bold: by font weight, the force-bold flag or font name."""
    name, flags = ctypes.create_string_buffer(128), ctypes.c_int()
    raw.FPDFText_GetFontInfo(textpage, index, name, 128, ctypes.byref(flags))
    force_bold = bool(flags.value & 1 << 18)
    heavy = int(raw.FPDFText_GetFontWeight(textpage, index)) >= 600
    return heavy or force_bold or any(b in name.value.decode("latin-1").casefold() for b in _BOLD)
