"""Stage 1, sources: read a PDF into a :class:`SourceDocument`, in reading order from its layout.

PDFium (``pypdfium2``) gives each glyph with its box, font size and weight;
:mod:`~prestatiegraaf.sources.pdf_layout` orders them; this module renders the result as text,
one logical element a line (``N. item``, ``Label:`` then value, table cells joined by tabs),
which the usual line classifier and element builder read (channel ``pdf``).

Chosen by measurement (``benchmarks/pdf_readers.py``) on a generated 140-prestatie Begroting
(71 two-column pages with a scrambled content stream; 76 justified platypus pages) and the
three seeds: the layout step gives the same text from PDFium's and pdfplumber's word boxes
(every block in order, all 140 sections), but PDFium reads them at 48–65 pages/s against 7–8
for pdfplumber; pypdf has no glyph boxes (text only, 47–74 pages/s). The libraries' own text
keeps 0.99 of the blocks in order when the content stream happens to follow the reading order,
but only 0.33–0.36 when it is scrambled as in the seeds. :func:`load_pdf` as a whole, with its
child process, reads 21–33 pages/s.

Untrusted files are parsed in a child process under :class:`PdfLimits`: size and page limits,
a wall-clock limit and an address-space limit (``RLIMIT_AS`` where the platform has it). The
child starts by ``forkserver`` (``spawn`` where that is missing), so scripts calling
:func:`load_pdf` need the usual ``if __name__ == "__main__":`` guard.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import re
import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pypdfium2.raw as raw  # type: ignore[import-untyped]

from prestatiegraaf.errors import SourceError
from prestatiegraaf.model import Channel, DocumentInfo, Line, SourceDocument
from prestatiegraaf.sources.decode import split_lines
from prestatiegraaf.sources.document_info import infer_document, parse_title
from prestatiegraaf.sources.elements import build_elements
from prestatiegraaf.sources.lines import DOC_TITLE, classify
from prestatiegraaf.sources.pdf_layout import Page, Unit, Word, read_order

if TYPE_CHECKING:
    from multiprocessing.context import ForkServerContext, SpawnContext

MB = 1024 * 1024
_HYPHENS = {0x02, 0xFFFE, 0x00AD}  # how PDFium reports a hyphen at a line end
_BOLD = ("bold", "black", "heavy", "semibold", "demi")
_TERMINAL = re.compile(r"[.!?:;][’'\")\]]?$")
_PUNCT = ".,;:()[]'\"’‘!?"


@dataclass(frozen=True)
class PdfLimits:
    """Limits under which an untrusted PDF is parsed."""

    max_bytes: int = 200 * MB
    max_pages: int = 2000
    seconds: float = 120.0
    memory_mb: int = 1024


@dataclass(frozen=True)
class Rendering:
    """A PDF's text, one element a line, and its running headers and footers."""

    lines: list[str]
    running: list[str]


class _PdfProblem(Exception):
    """A problem with the file itself, sent from the child process as a message."""


def load_pdf(
    path: Path, *, document: DocumentInfo | None = None, limits: PdfLimits | None = None
) -> SourceDocument:
    """Read a PDF and rebuild its logical elements in reading order.

    Args:
        path: a PDF file with a text layer.
        document: the document it belongs to (from a manifest); when None it is read from the
            running headers (``Begroting 2019``), else the text, else the file name.
        limits: size, page, time and memory limits; the :class:`PdfLimits` defaults if None.

    Returns:
        The document; its ``text`` is the rendered text every ``Line`` refers to.

    Raises:
        SourceError: the file is missing, not a PDF, truncated, damaged, encrypted, has no
            text layer, or exceeds a limit.

    """
    limits = limits or PdfLimits()
    check_pdf_file(path, limits)
    rendering = read_layout(path, limits)
    text = "\n".join(rendering.lines)
    lines = split_lines(text)
    elements = tuple(build_elements([classify(line) for line in lines]))
    info = document or document_of(path, rendering.running, lines)
    return SourceDocument(path, Channel.PDF, info, lines, elements, text)


def document_of(path: Path, running: Sequence[str], lines: Sequence[Line]) -> DocumentInfo:
    """A title in the running headers (one that is only a title first), else in the text."""
    texts = [text.strip() for text in running if "perspectiefnota" not in text.casefold()]
    for text in [*(t for t in texts if DOC_TITLE.match(t)), *texts]:
        info = parse_title(text)
        if info is not None and info.known:
            return info
    return infer_document(path, lines)


def check_pdf_file(path: Path, limits: PdfLimits) -> None:
    """Refuse what cannot be a readable PDF before parsing it.

    Raises:
        SourceError: missing, a folder, too large, no ``%PDF-`` header or no ``%%EOF`` marker.

    """
    if not path.is_file():
        raise SourceError(
            "is a folder; expected a PDF file" if path.is_dir() else "file not found", path=path
        )
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise SourceError(
            f"PDF is {size} bytes, over the limit of {limits.max_bytes}; split it first", path=path
        )
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
            handle.seek(max(0, size - 2048))
            tail = handle.read()
    except OSError as exc:
        raise SourceError(f"cannot be read: {exc.strerror}", path=path) from exc
    if b"%PDF-" not in head:
        hint = " (it looks like text: give it a .txt name)" if _is_text(head) else ""
        raise SourceError(f"is not a PDF: it does not start with %PDF-{hint}", path=path)
    if b"%%EOF" not in tail:
        raise SourceError(
            "PDF is truncated or damaged (no end-of-file marker); download or export it again",
            path=path,
        )


def _is_text(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:  # a character cut off at the end of the sample is fine
        return exc.start >= len(data) - 3 and b"\x00" not in data
    return b"\x00" not in data


def read_layout(path: Path, limits: PdfLimits) -> Rendering:
    """Parse ``path`` in a child process under ``limits`` and return its rendered text.

    Raises:
        SourceError: the file is unreadable or a limit is exceeded.

    """
    context: ForkServerContext | SpawnContext
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])  # children start with this module loaded
    else:
        context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(str(path), limits, sender), daemon=True)
    with receiver:
        try:
            try:
                process.start()
            except OSError as exc:
                raise SourceError(f"cannot start a process to read it: {exc}", path=path) from exc
            finally:
                sender.close()
            status, payload = _receive(receiver, process, path, limits)
        finally:
            _stop(process)
    if status == "ok" and isinstance(payload, Rendering):
        return payload
    if status == "error":
        raise SourceError(str(payload), path=path)
    raise RuntimeError(f"the PDF layout failed on {path} (a bug):\n{payload}")


def _receive(
    receiver: Connection, process: BaseProcess, path: Path, limits: PdfLimits
) -> tuple[str, object]:
    if not receiver.poll(limits.seconds):
        raise SourceError(
            f"reading the PDF exceeded the {limits.seconds:g} s limit; split it or raise the limit",
            path=path,
        )
    try:
        status, payload = receiver.recv()
    except EOFError:
        process.join(5)
        raise SourceError(
            f"the PDF reader stopped (exit code {process.exitcode}): the PDF is damaged or "
            f"needs more than the {limits.memory_mb} MB memory limit",
            path=path,
        ) from None
    if status == "memory":
        raise SourceError(
            f"reading the PDF exceeded the {limits.memory_mb} MB memory limit", path=path
        )
    return str(status), payload


def _stop(process: BaseProcess) -> None:
    if process.pid is not None:
        if process.is_alive():
            process.kill()
        process.join(5)


def _child(path: str, limits: PdfLimits, sender: Connection) -> None:
    """In the child process: read, order and render the pages, and send the result back."""
    _limit_memory(limits.memory_mb)
    try:
        outcome: tuple[str, object] = ("ok", render_pages(read_pages(Path(path), limits)))
    except _PdfProblem as exc:
        outcome = ("error", str(exc))
    except MemoryError:
        outcome = ("memory", None)
    except Exception:  # a bug in the layout code: sent to the parent, which raises it
        outcome = ("bug", traceback.format_exc())
    sender.send(outcome)
    sender.close()


def _limit_memory(megabytes: int) -> None:
    try:
        import resource
    except ImportError:  # no RLIMIT_AS on this platform: the time limit still applies
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = megabytes * MB if hard == resource.RLIM_INFINITY else min(megabytes * MB, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ValueError, OSError):  # the limit cannot be set here: the time limit still applies
        return


# --- glyphs ----------------------------------------------------------------------------------


def read_pages(path: Path, limits: PdfLimits) -> list[Page]:
    """The words of every page of ``path`` (run in the child process).

    Raises:
        _PdfProblem: the PDF is encrypted, damaged, too long or has no text layer.

    """
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == raw.FPDF_ERR_PASSWORD:
            raise _PdfProblem(
                "PDF is encrypted: a password is needed; remove it (qpdf --decrypt) and retry"
            ) from None
        if code == raw.FPDF_ERR_SECURITY:
            raise _PdfProblem(
                "PDF uses an unsupported security handler; save an unprotected copy"
            ) from None
        raise _PdfProblem(
            f"PDF is damaged and cannot be opened ({exc}); download or export it again"
        ) from None
    try:
        if len(document) > limits.max_pages:
            raise _PdfProblem(
                f"PDF has {len(document)} pages, over the limit of {limits.max_pages}; split it"
            )
        pages = [_page(document, index) for index in range(len(document))]
    finally:
        document.close()
    if not any(page.words for page in pages):
        raise _PdfProblem("PDF has no text layer (scanned pages?); run OCR first, e.g. ocrmypdf")
    return pages


def _page(document: object, index: int) -> Page:
    try:
        page = document[index]  # type: ignore[index]
        textpage = page.get_textpage()
    except Exception as exc:  # PDFium refuses the page: the file is damaged there
        raise _PdfProblem(f"page {index + 1} cannot be read ({exc}); the PDF is damaged") from None
    try:
        width, height = (float(value) for value in page.get_size())
        return Page(width, height, tuple(_words(textpage.raw, height)))
    finally:
        textpage.close()
        page.close()


def _words(textpage: object, height: float) -> Iterator[Word]:
    """Words from PDFium's characters: split at spaces, line ends and gaps."""
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
    name, flags = ctypes.create_string_buffer(128), ctypes.c_int()
    raw.FPDFText_GetFontInfo(textpage, index, name, 128, ctypes.byref(flags))
    force_bold = bool(flags.value & 1 << 18)
    heavy = int(raw.FPDFText_GetFontWeight(textpage, index)) >= 600
    return heavy or force_bold or any(b in name.value.decode("latin-1").casefold() for b in _BOLD)


# --- text --------------------------------------------------------------------------------------


def render_pages(pages: Sequence[Page]) -> Rendering:
    """The text of ``pages`` in reading order, one element a line, and the running text."""
    layout = read_order(pages)
    vocabulary = {w.text.strip(_PUNCT) for page in pages for w in page.words if "-" in w.text}
    units = order_items(join_breaks(layout.units))
    return Rendering(render_units(units, vocabulary), layout.running)


def join_breaks(units: list[Unit]) -> list[Unit]:
    """Rejoin a paragraph or item that runs on over a column or page break.

    It runs on when its last line reaches the right edge, when it stops without a full stop
    on a line of more than half the width, or when the next part starts in lower case.
    """
    out: list[Unit] = []
    for unit in units:
        previous = out[-1] if out else None
        if previous and previous.region != unit.region and unit.kind == "para" and unit.parts:
            ended = _TERMINAL.search(previous.parts[-1]) is not None or previous.reach < 0.5
            runs_on = previous.reach >= 0.85 or not ended or unit.parts[0][:1].islower()
            if previous.kind in ("para", "item") and previous.parts and runs_on:
                previous.parts.extend(unit.parts)
                previous.reach, previous.region = unit.reach, unit.region
                continue
        out.append(unit)
    return out


def order_items(units: list[Unit]) -> list[Unit]:
    """Runs of numbered items in number order (printed lists may run from high to low)."""
    out: list[Unit] = []
    run: list[Unit] = []
    for unit in [*units, Unit("end", [])]:
        if unit.kind == "item" and unit.number is not None:
            run.append(unit)
            continue
        numbers = sorted(item.number or 0 for item in run)
        if numbers and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            run.sort(key=lambda item: item.number or 0)
        out.extend([*run, unit])
        run = []
    return out[:-1]


def render_units(units: Sequence[Unit], vocabulary: set[str]) -> list[str]:
    """Text lines: one per heading, paragraph, item, label, value paragraph and table row.

    Table cells are joined by tabs; a blank line follows each element but a table row.
    """
    lines: list[str] = []
    for index, unit in enumerate(units):
        if unit.kind == "row":
            lines.append("\t".join(join_parts(cell, vocabulary) for cell in unit.cells))
            if index + 1 < len(units) and units[index + 1].kind == "row":
                continue
        elif unit.kind == "label":
            for cell in unit.cells:
                paragraphs = "\n".join(cell).split("\n\n")  # empty parts mark paragraph breaks
                lines.extend(join_parts(p.split("\n"), vocabulary) for p in paragraphs if p)
        elif unit.kind == "item":
            mark = f"{unit.number}." if unit.number is not None else "•"
            lines.append(f"{mark} {join_parts(unit.parts, vocabulary)}")
        else:
            lines.append(join_parts(unit.parts, vocabulary))
        lines.append("")
    return lines


def join_parts(parts: Iterable[str], vocabulary: set[str]) -> str:
    """Lines of one element joined; words hyphenated at a line end are rejoined.

    A hyphen between two lower-case letters is dropped unless the hyphenated word occurs
    elsewhere in the document (``vocabulary``); after a digit or capital, or before a
    capital, it stays. A line ending in ``/`` runs on without a space.

    >>> join_parts(["de infra-", "structuur en Natura 2000-", "gebieden, PS/", "2015/687"], set())
    'de infrastructuur en Natura 2000-gebieden, PS/2015/687'
    """
    out = ""
    for part in (raw_part.strip() for raw_part in parts):
        if not part or not out:
            out = out or part
        elif out.endswith("\u00ad") or out.endswith("/") and out[-2:-1] not in ("", " "):
            out = out.rstrip("\u00ad") + part
        elif out.endswith("-") and out[-2:-1].isalnum():
            head = out.rsplit(" ", 1)[-1].strip(_PUNCT)
            tail = part.split(" ", 1)[0].strip(_PUNCT)
            keep = f"{head}{tail}" in vocabulary or not (
                head[-2:-1].islower() and tail[:1].islower()
            )
            out = (out if keep else out[:-1]) + part
        else:
            out = f"{out} {part}"
    return out
