"""Stage 1, sources: read a manifest (CSV) describing the documents of a corpus."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from prestatiegraaf.errors import ManifestError, SourceError
from prestatiegraaf.model import DocumentInfo, DocumentKind
from prestatiegraaf.sources.decode import read_text
from prestatiegraaf.sources.document_info import document_title

REQUIRED = ("file", "title", "kind", "year", "period")
OPTIONAL = ("url", "code", "prestatie")
_CODE = re.compile(r"^[1-9]\d?\.[1-9]\d?\.[1-9]\d?$")


@dataclass(frozen=True)
class ManifestEntry:
    """One row: a source file and the document it belongs to."""

    path: Path
    document: DocumentInfo
    line: int


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
    rows = csv.DictReader(text.splitlines())
    header = [name.strip() for name in rows.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ManifestError(
            f"header lacks column(s) {', '.join(missing)}; expected {','.join(REQUIRED)}"
            " (and optionally url, code, prestatie)",
            path=path,
            line=1,
        )
    entries = []
    for line, row in enumerate(rows, start=2):
        clean = {(k or "").strip(): (v or "").strip() for k, v in row.items() if k}
        if not any(clean.values()):
            continue
        entries.append(_entry(clean, path, line))
    if not entries:
        raise ManifestError("no rows; expected one row per source file", path=path)
    return entries


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


def _entry(row: dict[str, str], manifest: Path, line: int) -> ManifestEntry:
    def fail(message: str) -> ManifestError:
        return ManifestError(message, path=manifest, line=line)

    if not row["file"]:
        raise fail("empty 'file'; expected a path relative to the manifest")
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
    source = manifest.parent / row["file"]
    if not source.is_file():
        raise fail(f"file {row['file']!r} not found next to the manifest")
    info = DocumentInfo(title, kind, year, period, row.get("url") or None, _heading(row, fail))
    return ManifestEntry(source, info, line)
