"""Stage 1, sources: which P&C document a text belongs to, from its text or its file name."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from prestatiegraaf.model import DocumentInfo, DocumentKind, Line
from prestatiegraaf.sources.lines import DOC_TITLE

_KINDS = {
    "begroting": DocumentKind.BEGROTING,
    "monitor": DocumentKind.MONITOR,
    "jaarverslag": DocumentKind.JAARVERSLAG,
    "jaarrekening": DocumentKind.JAARVERSLAG,
    "voorjaarsnota": DocumentKind.VOORJAARSNOTA,
}
_IN_NAME = re.compile(
    r"(?P<kind>begroting|monitor|jaarverslag|jaarrekening|voorjaarsnota)[\s_\-.]*"
    r"(?P<year>(?:19|20)\d{2})(?:[\s_\-.]*(?P<period>ii|i|2|1)(?![a-z0-9]))?",
    re.IGNORECASE,
)
_PERIODS = {"i": "I", "1": "I", "ii": "II", "2": "II"}


def document_title(kind: DocumentKind, year: int, period: str | None) -> str:
    """The conventional title: ``Begroting 2017``, ``Monitor 2016-II``."""
    name = "Jaarverslag" if kind is DocumentKind.JAARVERSLAG else kind.value.capitalize()
    return f"{name} {year}-{period}" if period else f"{name} {year}"


def parse_title(text: str) -> DocumentInfo | None:
    """Read a document title such as ``Monitor 2016-II``; None if ``text`` is not one."""
    found = DOC_TITLE.match(text.strip()) or _IN_NAME.search(text)
    if found is None:
        return None
    kind = _KINDS.get(found["kind"].lower())
    if kind is None:  # a Perspectiefnota has no prestatie sections
        return None
    year = int(found["year"])
    raw_period = found["period"]
    period = _PERIODS[raw_period.lower()] if raw_period and kind is DocumentKind.MONITOR else None
    return DocumentInfo(document_title(kind, year, period), kind, year, period)


def infer_document(path: Path, lines: Sequence[Line]) -> DocumentInfo:
    """The document named in the text (a title line), else in the file name, else unknown."""
    for line in lines[:400]:
        if DOC_TITLE.match(line.text) and "perspectiefnota" not in line.text.lower():
            info = parse_title(line.text)
            if info is not None:
                return info
    info = parse_title(path.stem)
    if info is not None:
        return info
    return DocumentInfo(title=path.stem)
