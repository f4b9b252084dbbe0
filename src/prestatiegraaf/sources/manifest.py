"""Stage 1, sources: read a manifest (CSV) describing the documents of a corpus."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import urlsplit

import pyoxigraph as ox

from prestatiegraaf.errors import ManifestError, SourceError
from prestatiegraaf.model import DocumentInfo, DocumentKind
from prestatiegraaf.paths import PathResolver
from prestatiegraaf.sources.decode import read_text
from prestatiegraaf.sources.document_info import document_title

REQUIRED = ("file", "title", "kind", "year", "period")
OPTIONAL = ("url", "code", "prestatie")
_CODE = re.compile(r"^[1-9]\d?\.[1-9]\d?\.[1-9]\d?$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_NOT_IN_URL = re.compile(r'[<>"{}|\\^`\x00-\x1f\x7f]')  # not in an IRI (RFC 3987)


@dataclass(frozen=True)
class ManifestEntry:
    """One row: a source file and the document it belongs to."""

    path: Path
    document: DocumentInfo
    line: int
    manifest: Path = Path()  # the manifest the row stands in


def read_manifest(path: Path) -> list[ManifestEntry]:
    """Read ``path``: a CSV with header ``file,title,kind,year,period`` and optional columns.

    ``file`` is relative to the manifest's folder. Optional: ``url`` (where the source was
    taken from), and ``code`` with ``prestatie`` (the code and title of the prestatie on a
    page that does not show its heading; ``title`` names the document). Other columns are
    ignored.

    Raises:
        ManifestError: a column is missing, a value is invalid or a named file does not exist.

    """
    try:
        text = read_text(path)
    except SourceError as exc:
        raise ManifestError(exc.message, path=path, line=exc.line) from exc
    rows = csv.DictReader(text.splitlines(keepends=True))  # a quoted line break stays
    header = [name.strip() for name in rows.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ManifestError(
            f"header lacks column(s) {', '.join(missing)}; expected {','.join(REQUIRED)}"
            " (and optionally url, code, prestatie)",
            path=path,
            line=1,
        )
    entries: list[ManifestEntry] = []
    resolved = _Resolver(path.parent)
    listed: dict[Path, tuple[ManifestEntry, str]] = {}  # resolved file -> first row, as written
    line = rows.line_num + 1  # the line the next row starts on (a quoted field may span lines)
    for row in rows:
        clean = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}
        if any(clean.values()):
            entry = _entry(clean, path, line, resolved)
            _refuse_twice(entry, clean["file"], listed, resolved(entry.path))
            entries.append(entry)
        line = rows.line_num + 1
    if not entries:
        raise ManifestError("no rows; expected one row per source file", path=path)
    return entries


class _Resolver(PathResolver):
    """Resolves the files a manifest names; ``inside`` is its folder, resolved."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.inside = folder.resolve()


def _refuse_twice(
    entry: ManifestEntry, written: str, listed: dict[Path, tuple[ManifestEntry, str]], key: Path
) -> None:
    """Refuse a row naming a file (``key``, resolved) an earlier row named already."""
    if key not in listed:
        listed[key] = (entry, written)
        return
    first, _ = listed[key]
    lines = f"on lines {first.line} and {entry.line}"
    if first.document == entry.document:
        message = f"file {written!r} is listed twice, {lines}; expected one row per file"
    else:
        documents = f"{first.document.title}, {entry.document.title}"
        message = (
            f"file {written!r} is listed twice, {lines}, for other documents ({documents}); "
            "expected one row per file"
        )
    raise ManifestError(message, path=entry.manifest, line=entry.line)


def _source(
    written: str, manifest: Path, resolved: _Resolver, fail: Callable[[str], ManifestError]
) -> Path:
    """The file a row names: a path inside the manifest's folder, symbolic links followed."""
    if not written:
        raise fail("empty 'file'; expected a path relative to the manifest")
    if "\n" in written or "\r" in written:
        raise fail(f"file {written!r} holds a line break; expected one file name on one line")
    if _CONTROL.search(written):
        raise fail(f"file {written!r} holds a control character; expected a file name")
    if PurePosixPath(written).is_absolute() or PureWindowsPath(written).anchor:
        raise fail(
            f"file {written!r} is an absolute path; expected a path relative to the manifest's "
            "folder"
        )
    source = manifest.parent / written
    folder = resolved.inside
    if not resolved(source).is_relative_to(folder):
        raise fail(
            f"file {written!r} is outside the manifest's folder {folder}; expected a file inside "
            "it (a symbolic link too must point inside it)"
        )
    if not source.is_file():
        raise fail(f"file {written!r} not found next to the manifest")
    return source


def _url(url: str, fail: Callable[[str], ManifestError]) -> str | None:
    """The ``url`` column: empty, or an absolute http(s) address that is a valid IRI."""
    if not url:
        return None
    expected = "expected an http(s) address such as https://www.overijssel.nl/projecten"
    if re.search(r"\s", url):
        raise fail(f"url {url!r} holds a space; {expected}")
    bad = _NOT_IN_URL.search(url)
    if bad:
        raise fail(f"url {url!r} holds {bad.group()!r}; {expected}")
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise fail(f"url {url!r} is not an http(s) address; {expected}")
    try:
        ox.NamedNode(url)
    except ValueError:
        raise fail(f"url {url!r} is not a valid web address; {expected}") from None
    return url


def _heading(row: dict[str, str], fail: Callable[[str], ManifestError]) -> tuple[str, str] | None:
    """The ``code`` and ``prestatie`` columns: both or neither, the code like ``5.2.1``."""
    code, title = row.get("code", ""), row.get("prestatie", "")
    if not code and not title:
        return None
    if not _CODE.match(code):
        raise fail(f"code {code!r} is not a prestatie code such as 5.2.1")
    if not title:
        raise fail(f"code {code} has no 'prestatie' (the title of the prestatie)")
    return code, title


def _entry(row: dict[str, str], manifest: Path, line: int, resolved: _Resolver) -> ManifestEntry:
    def fail(message: str) -> ManifestError:
        return ManifestError(message, path=manifest, line=line)

    source = _source(row["file"], manifest, resolved, fail)
    kinds = ", ".join(kind.value for kind in DocumentKind)
    try:
        kind = DocumentKind(row["kind"].lower())
    except ValueError:
        raise fail(f"kind {row['kind']!r} is not one of {kinds}") from None
    if not (row["year"].isdigit() and 1990 <= int(row["year"]) <= 2100):
        raise fail(f"year {row['year']!r} is not a year such as 2017")
    period = row["period"] or None
    if period not in (None, "I", "II"):
        raise fail(f"period {row['period']!r} is not empty, I or II")
    year = int(row["year"])
    title = row["title"] or document_title(kind, year, period)
    url = _url(row.get("url", ""), fail)
    info = DocumentInfo(title, kind, year, period, url, _heading(row, fail))
    return ManifestEntry(source, info, line, manifest)
