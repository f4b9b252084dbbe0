"""Stage 1, sources: read a PDF into a :class:`SourceDocument`, in reading order from its layout.

PDFium (``pypdfium2``) gives each glyph with its box, font size and weight
(:mod:`~prestatiegraaf.sources.pdf_words`); :mod:`~prestatiegraaf.sources.pdf_order` orders
them, page by page: pages printed with labels in a left column label by label
(:mod:`~prestatiegraaf.sources.pdf_labels`, :mod:`~prestatiegraaf.sources.pdf_label_page`),
other pages by their columns and bands (:mod:`~prestatiegraaf.sources.pdf_geometry`,
:mod:`~prestatiegraaf.sources.pdf_layout`); :mod:`~prestatiegraaf.sources.pdf_render` renders
the result as text, one logical element a line (``N. item``, a sub-item indented under it,
``Label:`` then value, table cells joined by tabs), which the usual line classifier and element
builder read (channel ``pdf``). This module checks the file, runs those steps in a child
process and builds the document.

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

import multiprocessing
import traceback
from collections.abc import Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING

from prestatiegraaf.errors import SourceError
from prestatiegraaf.model import Channel, DocumentInfo, Line, SourceDocument
from prestatiegraaf.sources.decode import split_lines
from prestatiegraaf.sources.document_info import infer_document, parse_title
from prestatiegraaf.sources.elements import build_elements
from prestatiegraaf.sources.lines import DOC_TITLE, classify
from prestatiegraaf.sources.pdf_render import Rendering, render_pages
from prestatiegraaf.sources.pdf_words import MB, PdfLimits, PdfProblem, read_pages

if TYPE_CHECKING:
    from multiprocessing.context import ForkServerContext, SpawnContext


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
    info = document or find_document(path, rendering.running, lines)
    return SourceDocument(path, Channel.PDF, info, lines, elements, text)


def find_document(path: Path, running: Sequence[str], lines: Sequence[Line]) -> DocumentInfo:
    """Find a title in the running headers (one that is only a title first), else in the text."""
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
    """Tell whether the first bytes of a file look like UTF-8 text."""
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
    process = context.Process(target=_run_child, args=(str(path), limits, sender), daemon=True)
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
    """Wait for the child's outcome; a time limit, crash or memory limit is refused."""
    if not receiver.poll(limits.seconds):
        raise SourceError(
            f"reading the PDF exceeded the {limits.seconds:g} s limit; split it or raise the "
            "limit (--file-timeout SECONDS)",
            path=path,
        )
    try:
        status, payload = receiver.recv()
    except EOFError:
        process.join(5)
        raise SourceError(
            f"the PDF reader stopped (exit code {process.exitcode}): the PDF is damaged or "
            f"needs more than the {limits.memory_mb} MB memory limit (--file-memory MB)",
            path=path,
        ) from None
    if status == "memory":
        raise SourceError(
            f"reading the PDF exceeded the {limits.memory_mb} MB memory limit; split it or "
            "raise the limit (--file-memory MB)",
            path=path,
        )
    return str(status), payload


def _stop(process: BaseProcess) -> None:
    """Stop the child process if it still runs, and wait for it."""
    if process.pid is not None:
        if process.is_alive():
            process.kill()
        process.join(5)


def _run_child(path: str, limits: PdfLimits, sender: Connection) -> None:
    """In the child process: read, order and render the pages, and send the result back."""
    _limit_memory(limits.memory_mb)
    try:
        outcome: tuple[str, object] = ("ok", render_pages(read_pages(Path(path), limits)))
    except PdfProblem as exc:
        outcome = ("error", str(exc))
    except MemoryError:
        outcome = ("memory", None)
    except Exception:  # a bug in the layout code: sent to the parent, which raises it
        outcome = ("bug", traceback.format_exc())
    sender.send(outcome)
    sender.close()


def _limit_memory(megabytes: int) -> None:
    """Limit the address space of this (child) process to ``megabytes``, where possible."""
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


# read_pages and render_pages are re-exported: the benchmarks call them from here
__all__ = [
    "PdfLimits",
    "check_pdf_file",
    "find_document",
    "load_pdf",
    "read_layout",
    "read_pages",
    "render_pages",
]
