"""Stage 1, sources: read a file's bytes into text and lines, refusing what is not text."""

from __future__ import annotations

import re
from pathlib import Path

from prestatiegraaf.errors import SourceError
from prestatiegraaf.model import Line
from prestatiegraaf.sources.normalize import normalize_line

MAX_BYTES = 64 * 1024 * 1024
# control characters other than tab, line feed, vertical tab, form feed and carriage return
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """Read ``path`` as text in ``encoding`` (UTF-8 by default, a BOM is dropped).

    Raises:
        SourceError: the file is missing, a folder, empty, too large, binary, or not in
            ``encoding``; the message names the line of the first undecodable byte.

    """
    if not path.exists():
        raise SourceError("file not found", path=path)
    if path.is_dir():
        raise SourceError("is a folder; expected a text, markdown or manifest file", path=path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise SourceError(f"file is {size} bytes; at most {MAX_BYTES} are read", path=path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot be read: {exc.strerror}", path=path) from exc
    if not data.strip():
        raise SourceError("file is empty; expected the text of a P&C document", path=path)
    if b"\x00" in data[:65536]:
        raise SourceError("binary file (NUL bytes); expected a text or markdown file", path=path)
    return _decode(data, path, encoding)


def _decode(data: bytes, path: Path, encoding: str) -> str:
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in {"utf-8", "utf8"} else encoding
    try:
        text = data.decode(codec)
    except LookupError as exc:
        raise SourceError(f"unknown encoding {encoding!r}", path=path) from exc
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = _encoding_hint(data)
        raise SourceError(
            f"byte 0x{data[exc.start]:02x} at column {column} is not valid {encoding}; "
            f"expected {encoding} text{hint}",
            path=path,
            line=line,
        ) from exc
    if len(_CONTROL.findall(text, 0, 65536)) > 8:
        raise SourceError("binary file (control characters); expected text", path=path)
    return text


def _encoding_hint(data: bytes) -> str:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return ""
    return " (it decodes as cp1252: convert it to UTF-8 or pass --encoding cp1252)"


def split_lines(text: str) -> tuple[Line, ...]:
    """Split decoded text into numbered :class:`Line` objects with offsets and normal forms."""
    lines: list[Line] = []
    offset = 0
    for number, chunk in enumerate(text.splitlines(keepends=True), start=1):
        raw = chunk.rstrip("\r\n")
        lines.append(Line(number, offset, raw, normalize_line(raw)))
        offset += len(chunk)
    return tuple(lines)
