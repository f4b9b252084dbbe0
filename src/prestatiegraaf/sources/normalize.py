"""Stage 1, sources: normal forms of text used for matching (originals are kept for output)."""

from __future__ import annotations

import re
import unicodedata

import ftfy

_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u200b]+")
_MOJIBAKE_EXTRA = {"ƫ": "ë", "Ã«": "ë", "Ã©": "é", "Ã¨": "è", "Ã¯": "ï", "Ã¶": "ö", "Ã¼": "ü"}
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "´": "'"})
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})


def repair(text: str) -> str:
    """Repair mojibake and compose characters (NFC); keeps quotes and dashes as they are."""
    if any(ch in text for ch in "ÃÂâƫ"):
        text = ftfy.fix_text(text, uncurl_quotes=False, fix_line_breaks=False)
        for bad, good in _MOJIBAKE_EXTRA.items():
            text = text.replace(bad, good)
    return unicodedata.normalize("NFC", text)


def normalize_line(raw: str) -> str:
    """The matching form of one line: repaired, NBSP as space, spaces collapsed, stripped."""
    return _SPACES.sub(" ", repair(raw)).strip()


def fold(text: str) -> str:
    """A loose key for comparing labels: straight quotes, plain dashes, lower case."""
    return text.translate(_QUOTES).translate(_DASHES).casefold()


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: ``Eddy van Hijum`` → ``eddy-van-hijum``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-") or "x"
