"""Stage 1, sources: the lexicon of section headings and field labels, matched tolerantly.

Labels are matched case-insensitively, ignoring markdown (``#``, ``**``), a final ``:`` or
``?`` and small typos (edit distance up to 2 for long labels, 1 for short ones).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz.distance import Levenshtein

from prestatiegraaf.model import LabelKind
from prestatiegraaf.sources.normalize import fold


@dataclass(frozen=True)
class LabelMatch:
    """A recognised label: its key, kind and any value written on the same line."""

    key: str
    kind: LabelKind
    value: str = ""
    year: int | None = None


_SECTIONS = {
    "context": ["context", "context en aanleiding"],
    "intro": ["wat willen we bereiken", "ambitie"],
    "acties": ["acties", "actie", "acties en mijlpalen", "wat gaan we doen", "activiteiten"],
    "voortgang": [
        "toelichting op voortgang",
        "toelichting op de voortgang",
        "toelichting voortgang",
    ],
    "financien": ["financiën", "financien", "financieel", "toelichting financiën"],
    "basisinformatie": ["basisinformatie", "basis informatie"],
    "lasten": ["lasten prestatie", "lasten", "lasten begrotingswijziging", "budget prestatie"],
    "budgetopbouw": ["budgetopbouw", "budget opbouw", "opbouw budget"],
    "mijlpalen": ["mijlpalen"],
    "status": ["status"],
    "investeringsbudget": ["investeringsbudget"],
    "toelichting-investeringsbudget": ["toelichting op het investeringsbudget"],
    "besluiten": ["statenvoorstellen en -besluiten", "statenvoorstellen en besluiten"],
    "begrotingswijziging": ["begrotingswijziging"],
    "resultaatbestemming": ["resultaatbestemming"],
    "opgaven": ["opgaven"],
}
_FIELDS = {
    "portefeuillehouder": [
        "verantwoordelijk portefeuillehouder",
        "verantwoordelijke portefeuillehouder",
        "portefeuillehouder",
        "portefeuillehouders",
        "verantwoordelijke portefeuillehouders",
    ],
    "rol": ["rol provincie", "rol van de provincie", "rol"],
    "looptijd": ["looptijd prestatie", "looptijd"],
    "investeringsvoorstel": [
        "bijbehorend investeringsvoorstel",
        "bijbehorende investeringsvoorstellen",
    ],
    "website": ["project website", "projectwebsite", "website"],
}
_SCORES = {
    "integraal": ["integrale kleurscore", "integraal"],
    "inhoud": ["inhoudelijke kleurscore", "inhoudelijk (indicator)", "inhoud", "inhoudelijk"],
    "financien": ["financiële kleurscore", "financiele kleurscore", "geld (indicator)", "geld"],
}
_RESERVE = re.compile(r"^relatie met\s.*reserve", re.IGNORECASE)
_DECOR = re.compile(r"^[#*_\s>]+|[*_\s]+$")
_TRAIL = re.compile(r"[\s:?.]+$")
_SCALE = re.compile(r"\s*\((?:x|bedragen)[^)]*\)$", re.IGNORECASE)
_YEAR = re.compile(r"^(?P<label>.*?)\s+(?P<year>(?:19|20)\d{2})$")


@cache
def _lexicon() -> dict[str, tuple[str, LabelKind]]:
    table: dict[str, tuple[str, LabelKind]] = {}
    for kind, source in ((LabelKind.SECTION, _SECTIONS), (LabelKind.FIELD, _FIELDS)):
        for key, forms in source.items():
            table.update({form: (key, kind) for form in forms})
    for key, forms in _SCORES.items():
        table.update({form: (key, LabelKind.SCORE) for form in forms})
    return table


def clean_label(text: str) -> str:
    """A label's comparable form: without markdown decoration, final ``:``/``?``, folded."""
    text = _DECOR.sub("", text)
    return _TRAIL.sub("", fold(text)).strip()


def match_label(text: str) -> LabelMatch | None:
    """The label ``text`` consists of, or None (``"Acties 2017"`` gives key acties, year 2017).

    A line such as ``"Rol provincie: Wij zijn regisseur."`` is a label with an inline value.
    """
    stripped = _DECOR.sub("", text).strip()
    if not stripped or len(stripped) > 120:
        return None
    head, sep, rest = stripped.partition(":")
    if sep and rest.strip():
        found = _match_exact_or_fuzzy(clean_label(head))
        if found and found.kind is not LabelKind.SECTION:
            return LabelMatch(found.key, found.kind, _DECOR.sub("", rest).strip())
        if found is None and _RESERVE.match(head.strip()):
            return LabelMatch("reserve", LabelKind.FIELD, rest.strip())
        return None
    if _RESERVE.match(stripped) and len(stripped) < 110:
        return LabelMatch("reserve", LabelKind.FIELD)
    return _match_exact_or_fuzzy(clean_label(stripped))


@lru_cache(maxsize=4096)
def _match_exact_or_fuzzy(key: str) -> LabelMatch | None:
    table = _lexicon()
    key = _SCALE.sub("", key)
    year = None
    found = _YEAR.match(key)
    if found and found.group("label") in table:
        key, year = found.group("label"), int(found.group("year"))
    if key in table:
        name, kind = table[key]
        return LabelMatch(name, kind, year=year)
    if len(key) < 6 or len(key) > 60 or key.count(" ") > 5:
        return None  # labels are short: a longer line is running text
    limit = 2 if len(key) >= 10 else 1
    for form, (name, kind) in table.items():
        if (
            len(form) >= 6
            and abs(len(form) - len(key)) <= limit
            and Levenshtein.distance(form, key, score_cutoff=limit) <= limit
        ):
            return LabelMatch(name, kind, year=year)
    return None
