"""Stage 1, sources: read a saved web page's bytes, decode them as a browser would, and parse.

The file goes through the checks every text reader shares (:mod:`.decode`), worded for a web
page. The encoding is the one given, else the byte-order mark's, else the ``<meta charset>``
declared, else UTF-8, else cp1252, with charset labels read as a browser reads them.
"""

from __future__ import annotations

import codecs
import re
import warnings
from pathlib import Path

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.dammit import EncodingDetector
from bs4.element import Tag

from prestatiegraaf.errors import SourceError
from prestatiegraaf.sources.decode import (
    Refusals,
    decode_as,
    read_bytes,
    refuse_control,
    refuse_nul_bytes,
)

_EXPECTED = "expected a saved web page (HTML) of a P&C document"
HTML_REFUSALS = Refusals(
    missing=f"file not found; {_EXPECTED}",
    not_a_file=f"not a file; {_EXPECTED}",
    empty=f"file is empty; {_EXPECTED}",
    nul_bytes=f"binary file (NUL bytes), not decodable; {_EXPECTED}",
    control=f"binary file (control characters); {_EXPECTED}",
    files_only=True,
)
MAX_DEPTH = 200
"""How deep a page's elements may nest (``<html>`` is 1); deeper pages are refused."""
_MARKUP = re.compile(
    r"<(?:!doctype\s+html|html|head|body|main|article|section|div|p|h[1-6]|table|ul|ol)\b",
    re.IGNORECASE,
)


def read_page(path: Path, encoding: str | None) -> str:
    """Decode by ``encoding``, else a BOM, else the declared charset, else UTF-8, else cp1252.

    Raises:
        SourceError: the file is missing, not a file, too large, empty, binary or not in the
            ``encoding`` given.

    """
    data = read_bytes(path, HTML_REFUSALS)
    if encoding is not None:
        return _decode_named(data, path, encoding)
    data, bom = EncodingDetector.strip_byte_order_mark(data)
    if bom is not None:
        return refuse_control(data.decode(bom, errors="replace"), path, HTML_REFUSALS)
    refuse_nul_bytes(data, path, HTML_REFUSALS)
    declared = _map_browser_codec(EncodingDetector.find_declared_encoding(data, is_html=True))
    for codec in [declared, "utf-8"] if declared else ["utf-8"]:
        try:
            return refuse_control(data.decode(codec), path, HTML_REFUSALS)
        except UnicodeDecodeError:
            continue  # a wrong declaration: try the next candidate
    return refuse_control(data.decode("cp1252", errors="replace"), path, HTML_REFUSALS)


def _decode_named(data: bytes, path: Path, encoding: str) -> str:
    """Decode ``data`` in the ``encoding`` the caller named (a UTF-8 BOM is dropped)."""
    codec = "utf-8-sig" if _map_browser_codec(encoding) == "utf-8" else encoding
    try:
        text = decode_as(data, path, encoding, codec)
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not valid {encoding}; "
            "omit the encoding to use the page's own charset",
            path=path,
        ) from exc
    return refuse_control(text, path, HTML_REFUSALS)


def _map_browser_codec(label: str | None) -> str | None:
    """Name the codec a browser uses for a charset label (latin-1 means windows-1252)."""
    try:
        name = codecs.lookup(label or "").name
    except LookupError:
        return None
    if name in ("ascii", "iso8859-1", "latin-1"):
        return "cp1252"
    return "utf-8" if name.startswith(("utf-16", "utf-32")) else name


def parse_page(text: str, path: Path) -> BeautifulSoup:
    """Parse ``text`` as HTML (lxml), refusing text without markup or a body without content.

    Raises:
        SourceError: no HTML markup, or nothing to read in ``<body>``.

    """
    if not _MARKUP.search(text):
        raise SourceError(f"no HTML markup (<html>, <body>, ...); {_EXPECTED}", path=path)
    with warnings.catch_warnings():
        # XHTML parsed as HTML, or a short page that looks like a file name: both harmless.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(text, "lxml")
    _refuse_deep_nesting(soup, path)
    body = soup.body
    if body is None or not body.get_text(strip=True):
        raise SourceError(f"no content in <html>/<body>; {_EXPECTED}", path=path)
    return soup


def _refuse_deep_nesting(soup: BeautifulSoup, path: Path) -> None:
    """Refuse a page whose elements nest deeper than :data:`MAX_DEPTH`, in one linear pass.

    The parser builds any depth (lxml through BeautifulSoup took 50,000 levels), but the
    renderer and the chrome finder walk the tree recursively and look up each element's
    ancestors: a cap keeps both bounded. Real pages nest a few dozen elements deep.

    Raises:
        SourceError: an element stands more than :data:`MAX_DEPTH` elements deep.

    """
    stack: list[tuple[Tag, int]] = [(soup, 0)]
    while stack:
        node, depth = stack.pop()
        for child in node.contents:
            if not isinstance(child, Tag):
                continue
            if depth >= MAX_DEPTH:
                line = getattr(child, "sourceline", None)
                raise SourceError(
                    f"elements nested more than {MAX_DEPTH} deep (<{child.name}> inside "
                    f"<{node.name}>); expected a web page nested at most {MAX_DEPTH} elements deep",
                    path=path,
                    line=line if isinstance(line, int) else None,
                )
            stack.append((child, depth + 1))
