"""Stage 1, sources: read a file's bytes into text and lines, refusing what is not text.

Every reader of text (plain text, markdown, manifests, saved web pages) reads its file through
the checks here: the file must exist, be no larger than :data:`MAX_BYTES` and hold more than
white space; NUL bytes or many control characters mark it as binary. Each reader words the
refusals for what it expects (:class:`Refusals`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from prestatiegraaf.errors import SourceError
from prestatiegraaf.model import Line
from prestatiegraaf.sources.normalize import normalize_line

MAX_BYTES = 64 * 1024 * 1024
_SAMPLE = 65536  # the bytes or characters looked at for NUL bytes and control characters
# control characters other than tab, line feed, vertical tab, form feed and carriage return
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


@dataclass(frozen=True)
class Refusals:
    """The messages with which a reader refuses a file that is not what it expects."""

    missing: str  # no file at the path
    not_a_file: str  # a folder (or, if ``files_only``, anything but a regular file)
    empty: str  # nothing but white space
    nul_bytes: str  # NUL bytes: binary
    control: str  # many control characters: binary
    files_only: bool = False  # refuse devices and pipes as well as folders


TEXT_REFUSALS = Refusals(
    missing="file not found",
    not_a_file="is a folder; expected a text, markdown or manifest file",
    empty="file is empty; expected the text of a P&C document",
    nul_bytes="binary file (NUL bytes); expected a text or markdown file",
    control="binary file (control characters); expected text",
)


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """Read ``path`` as text in ``encoding`` (UTF-8 by default, a BOM is dropped).

    Raises:
        SourceError: the file is missing, a folder, empty, too large, binary, or not in
            ``encoding``; the message names the line of the first undecodable byte.

    """
    data = read_bytes(path, TEXT_REFUSALS)
    refuse_nul_bytes(data, path, TEXT_REFUSALS)
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in {"utf-8", "utf8"} else encoding
    try:
        text = decode_as(data, path, encoding, codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(
            f"byte 0x{data[exc.start]:02x} at column {column} is not valid {encoding}; "
            f"expected {encoding} text{_suggest_cp1252(data)}",
            path=path,
            line=line,
        ) from exc
    return refuse_control(text, path, TEXT_REFUSALS)


def read_bytes(path: Path, refusals: Refusals) -> bytes:
    """Read the bytes of ``path``, a file of at most :data:`MAX_BYTES` holding more than space.

    Raises:
        SourceError: the file is missing, not a file, too large, unreadable or empty.

    """
    if not path.exists():
        raise SourceError(refusals.missing, path=path)
    if path.is_dir() or refusals.files_only and not path.is_file():
        raise SourceError(refusals.not_a_file, path=path)
    if (size := path.stat().st_size) > MAX_BYTES:
        raise SourceError(f"file is {size} bytes; at most {MAX_BYTES} are read", path=path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot be read: {exc.strerror}", path=path) from exc
    if not data.strip():
        raise SourceError(refusals.empty, path=path)
    return data


def refuse_nul_bytes(data: bytes, path: Path, refusals: Refusals) -> None:
    """Refuse bytes with a NUL among the first 64 KiB: a binary file, not text.

    Raises:
        SourceError: ``data`` holds a NUL byte.

    """
    if b"\x00" in data[:_SAMPLE]:
        raise SourceError(refusals.nul_bytes, path=path)


def refuse_control(text: str, path: Path, refusals: Refusals) -> str:
    """Return ``text`` unless more than 8 control characters stand in its first 64 Ki.

    Tab, line feed, vertical tab, form feed and carriage return are layout, not control.

    Raises:
        SourceError: ``text`` is binary data decoded by a permissive codec.

    """
    if len(_CONTROL.findall(text, 0, _SAMPLE)) > 8:
        raise SourceError(refusals.control, path=path)
    return text


def decode_as(data: bytes, path: Path, encoding: str, codec: str) -> str:
    """Decode ``data`` by ``codec``, the codec a reader chose for the named ``encoding``.

    Raises:
        SourceError: ``encoding`` names no codec.
        UnicodeDecodeError: a byte is not valid in it; the reader says where and what to do.

    """
    try:
        return data.decode(codec)
    except LookupError as exc:
        raise SourceError(f"unknown encoding {encoding!r}", path=path) from exc
    except UnicodeDecodeError:
        raise
    except (UnicodeError, ValueError) as exc:  # codecs such as punycode that say no position
        raise SourceError(
            f"the file is not valid {encoding} ({exc}); expected {encoding} text", path=path
        ) from None


def _suggest_cp1252(data: bytes) -> str:
    """Advise converting, or passing ``--encoding cp1252``, when ``data`` decodes as cp1252."""
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
