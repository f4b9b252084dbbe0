"""Stage 2, extract: quantified targets inside the text of one action.

A target is a percentage (``40% instroom ... in 2020``), a count with a deadline
(``10 laadpalen vóór 1 juli 2018``) or a euro amount (``minimaal € 20 miljoen ... in 2019``).
Conditions (``tot 15 km``, ``minimaal 3 jaar``, ``tot € 50.000 per project``), ``alle X``,
quantities in other units, counts without a deadline, years, dates, codes, amounts moved between
years (``€ 1,1 miljoen door te schuiven``) and realisations told in the past tense are not.

A deadline belongs to a target when both stand in the same clause; clauses are cut at ``:``,
``;`` and at conjunctions such as ``met als doel``, ``zodat`` and ``waarbij``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from prestatiegraaf.extract.amounts import (
    DUTCH_NUMBER,
    euro_spans,
    parse_number,
    sentence_spans,
    speaks_of_shift,
)
from prestatiegraaf.model import Target

PERCENT = "percent"
COUNT = "count"
EURO = "euro"

_MONTHS = (
    r"januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    r"|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
_YEAR = re.compile(r"(?<![\w./])(?:19|20)\d{2}(?![\w/]|[.,]\d)")
_DEADLINE_PREFIX = re.compile(
    r"(?:\b(?:uiterlijk|ultimo|medio|eind|einde|begin|in|vóór|voor|tot|tot\s+en\s+met|t/m|per"
    r"|rond|(?:eind|einde|loop)\s+van)\s+(?:het\s+jaar\s+)?"
    rf"(?:\d{{1,2}}\s+(?:{_MONTHS})\.?\s+|(?:{_MONTHS})\.?\s+)?"
    r"|(?:19|20)\d{2}\s*[-–]\s*)$",
    re.IGNORECASE,
)
_DIGITS = re.compile(rf"(?<![\w.,/€-])(?:{DUTCH_NUMBER})(?![\w/%-]|[.,]\d)")
_NUMBER_WORD = re.compile(
    r"\b[^\W\d_]*(?:één|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|tig"
    r"|honderd|duizend)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(
    rf"(?<![\w.,/-])(?:{DUTCH_NUMBER}|[^\W\d_]+)(?=\s*(?:%|procent\b))", re.IGNORECASE
)
_PERCENT_SIGN = re.compile(r"\s*(?:%|procent\b)", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r"[:;]|,?\s+(?=\b(?:met\s+als\s+doel|met\s+het\s+doel|zodat|waarbij|waardoor|terwijl)\b)",
    re.IGNORECASE,
)
_QUALIFIER = re.compile(
    r"(?:^|[\s(])(minimaal|minstens|ten\s+minste|tenminste|ruim|maximaal|circa|ca\.|ongeveer)"
    r"\s*(?:€\s*)?$",
    re.IGNORECASE,
)
_CAP = re.compile(r"(?:^|\s)tot\s*(?:€\s*)?$", re.IGNORECASE)
_PER_UNIT = re.compile(r"\s*per\s+(?!jaar\b)\w", re.IGNORECASE)
_COST_SHARE = re.compile(r"\s*van\s+de\s+(?:\w+\s+)?kosten\b", re.IGNORECASE)
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")
_PREVIOUS_WORD = re.compile(r"([^\W\d_]+)\s+$")

_UNITS = frozenset(
    "km kilometer kilometers m meter meters m2 m² m3 m³ cm mm ha hectare hectares are "
    "tj pj gj twh gwh mwh kwh gw mw kw kv ton tonnen kiloton kton kg kilo liter "
    "jaar jaren maand maanden week weken dag dagen uur uren minuten seconden keer maal "
    "procentpunt procentpunten graden euro euro's miljoen miljard mln "
    "derde derden vierde vierden vijfde kwart helft".split()  # fractions: "twee derde"
)
_MONTH_WORDS = frozenset(_MONTHS.split("|"))
_FUNCTION_WORDS = frozenset(
    "in op van voor en of tot met uit bij aan te de het een die dat om als naar over door".split()
)
_REFERENCE_WORDS = frozenset(
    "alle de het deze die onze hun beide prestatie actie fase artikel hoofdstuk paragraaf "
    "nummer nr stap kerntaak beleidsdoel niveau".split()
)
_REALISATION_CUE = re.compile(
    r"\b(?:werd|werden|was|waren|had|hadden|inmiddels|reeds|tot\s+nu\s+toe|tot\s+op\s+heden)\b",
    re.IGNORECASE,
)
_PERFECT = re.compile(r"\b(?:is|zijn|heeft|hebben)\b", re.IGNORECASE)
_PARTICIPLE = re.compile(
    r"\b(?:(?:aan|af|op|uit|in|toe|mee|vast|door)?ge(?:\w+eerd|bouwd|steund|plaatst|start|opend"
    r"|leverd|voerd|rond|legd|richt|sloten|geven|nomen|maakt|haald|bracht|vestigd|kend|holpen)"
    r"|bereikt|behaald|ondersteund|verleend|verstrekt|besteed|benut|voltooid|ontvangen"
    r"|ontwikkeld|verbeterd|toegekend)\b",
    re.IGNORECASE,
)
_GOAL = re.compile(
    r"\b(?:doel\w*|streven|streeft|beog\w*|zullen|zal|moeten|moet|willen|wil|zorgen|zorgt"
    r"|gaan|gaat)\b",
    re.IGNORECASE,
)
_WHITESPACE = re.compile(r"\s+")
_PROPOSAL = re.compile(
    r"\b(?:\w*voorstel\w*|krediet|investering|bijdrage)\s+(?:van|ter\s+grootte\s+van)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Candidate:
    """A number that may be a target, located in its clause."""

    start: int
    end: int
    value: Decimal
    unit: str


@dataclass(frozen=True)
class _Deadline:
    """A year read as a deadline (``eind 2019``, ``vóór 1 juli 2018``), located in its clause."""

    start: int
    end: int
    year: int


def find_targets(text: str, year: int | None = None) -> list[Target]:
    """Find the quantified targets in the text of one action.

    Args:
        text: The action's text, sub-items folded in; line breaks and blank lines allowed.
        year: The year the actions are for, when their heading says so ("Acties 2021"): the
            deadline of a target whose clause names none, so a count such as "ten minste 12
            projecten" there is a target for that year.

    Returns:
        The targets in text order. ``text`` of each is the whole sentence it stands in with
        whitespace collapsed; ``year`` is the deadline (None for a percentage or amount without
        one); ``qualifier`` is ``minimaal``, ``ten minste``, ``ruim``, ... in lower case.

    """
    targets: list[Target] = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        if _is_realisation(sentence):
            continue
        phrase = _WHITESPACE.sub(" ", sentence)
        shift = speaks_of_shift(sentence)
        for clause in _clauses(sentence):
            targets.extend(_clause_targets(clause, phrase, shift, year))
    return targets


def _is_realisation(sentence: str) -> bool:
    """Whether the sentence reports what was done (``zijn ... gerealiseerd``) instead of a plan."""
    if _GOAL.search(sentence):
        return False
    if _REALISATION_CUE.search(sentence):
        return True
    return bool(_PERFECT.search(sentence) and _PARTICIPLE.search(sentence))


def _clauses(sentence: str) -> list[str]:
    """Cut a sentence into the clauses a deadline can belong to."""
    clauses: list[str] = []
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        clauses.append(sentence[start : match.start()])
        start = match.end()
    clauses.append(sentence[start:])
    return clauses


def _clause_targets(clause: str, phrase: str, shift: bool, heading: int | None) -> list[Target]:
    """Find the targets of one clause of ``phrase``, a sentence that may speak of a shift.

    ``heading`` is the year of the actions' heading, if it names one.
    """
    deadlines = _deadlines(clause)
    candidates = _candidates(clause, shift)
    prefix_style = bool(deadlines and candidates and deadlines[0].start < candidates[0].start)
    targets: list[Target] = []
    for candidate in candidates:
        year = _deadline_for(candidate, deadlines, prefix_style) or heading
        needs_year = candidate.unit == COUNT or bool(_CAP.search(clause, 0, candidate.start))
        if year is None and needs_year:
            continue
        qualifier = _QUALIFIER.search(clause, 0, candidate.start)
        targets.append(
            Target(
                value=candidate.value,
                unit=candidate.unit,
                year=year,
                text=phrase,
                qualifier=_WHITESPACE.sub(" ", qualifier[1].lower()) if qualifier else None,
            )
        )
    return targets


def _deadlines(clause: str) -> list[_Deadline]:
    """Find the years in a clause that a deadline phrase introduces."""
    return [
        _Deadline(match.start(), match.end(), int(match.group()))
        for match in _YEAR.finditer(clause)
        if _DEADLINE_PREFIX.search(clause, 0, match.start())
    ]


def _deadline_for(
    candidate: _Candidate, deadlines: list[_Deadline], prefix_style: bool
) -> int | None:
    """Pick a candidate's deadline: the nearest on the side the clause puts deadlines."""
    before = [d.year for d in deadlines if d.end <= candidate.start]
    after = [d.year for d in deadlines if d.start >= candidate.end]
    if prefix_style:
        return before[-1] if before else (after[0] if after else None)
    return after[0] if after else (before[-1] if before else None)


def _candidates(clause: str, shift: bool) -> list[_Candidate]:
    """Find euro amounts (none when money shifts), percentages and counts; skip conditions."""
    found: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    for start, end, amount in euro_spans(clause):
        taken.append((start, end))
        if shift or _PROPOSAL.search(clause, 0, start):
            continue  # money moved between years, or the size of a proposal: no target
        if not _PER_UNIT.match(clause, end):
            found.append(_Candidate(start, end, Decimal(amount), EURO))
    for match in _PERCENT.finditer(clause):
        value = parse_number(match.group())
        if value is None or _overlaps(match.start(), match.end(), taken):
            continue
        sign = _PERCENT_SIGN.match(clause, match.end())
        taken.append((match.start(), sign.end() if sign else match.end()))
        if not _COST_SHARE.match(clause, taken[-1][1]):
            found.append(_Candidate(match.start(), match.end(), value, PERCENT))
    for match in [*_DIGITS.finditer(clause), *_NUMBER_WORD.finditer(clause)]:
        value = _count_value(clause, match)
        if value is not None and not _overlaps(match.start(), match.end(), taken):
            found.append(_Candidate(match.start(), match.end(), value, COUNT))
    return sorted(found, key=lambda candidate: candidate.start)


def _overlaps(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    """Whether ``start:end`` overlaps one of the ranges in ``taken``."""
    return any(start < other_end and other_start < end for other_start, other_end in taken)


def _count_value(clause: str, match: re.Match[str]) -> Decimal | None:
    """Read the value of a number that counts things (``2 projecten``), or None."""
    written = match.group()
    if written.lower() == "een" or _YEAR.fullmatch(written):
        return None
    value = parse_number(written)
    following = _NEXT_WORD.match(clause, match.end())
    if value is None or following is None:
        return None
    noun = following[1].lower()
    if noun in _UNITS or noun in _MONTH_WORDS or noun in _FUNCTION_WORDS:
        return None
    previous = _PREVIOUS_WORD.search(clause, 0, match.start())
    if previous and previous[1].lower() in _REFERENCE_WORDS:
        return None
    return value


# --- What a target measures and how a result is held against it -------------------------------

AT_LEAST = "tenminste"
AT_MOST = "hoogstens"
EXACTLY = "precies"

_AT_LEAST_WORDS = frozenset({"minimaal", "minstens", "ten minste", "tenminste", "ruim"})
_EXACT_WORDS = frozenset({"circa", "ca.", "ongeveer"})
_AT_MOST_BEFORE = re.compile(
    r"\b(?:maximaal|hoogstens|ten\s+hoogste|niet\s+meer\s+dan|minder\s+dan|onder\s+de|tot)"
    r"\s*(?:€\s*)?$",
    re.IGNORECASE,
)
_EXACT_BEFORE = re.compile(r"\b(?:precies|exact|exact\s+gelijk\s+aan)\s*(?:€\s*)?$", re.IGNORECASE)
_INDICATOR_END = re.compile(
    r"[.;:()]|\s+(?:(?:in|vóór|voor|uiterlijk|eind|einde|per|tot|medio|ultimo)\s+"
    r"(?:(?:\d{1,2}\s+)?(?:" + _MONTHS + r")\s+)?(?:19|20)\d{2}\b"
    r"|in\s+(?:de\s+provincie\s+)?Overijssel\b"
    r"|met\s+als\s+doel\b|zodat\b|waarbij\b|en\s+(?:dat|voldoende|ook)\b)"
    r"|,?\s+samen\s+met\b",
    re.IGNORECASE,
)
_SCALE_WORDS = frozenset({"miljoen", "miljard", "mln", "duizend"})
_STOP_WORDS = _FUNCTION_WORDS | frozenset(
    "der des dan er zo wel ook nog meer is zijn wordt worden zal zullen moet moeten heeft hebben "
    "kan kunnen".split()
)
_MAX_INDICATOR_WORDS = 8
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


@dataclass(frozen=True)
class IndicatorName:
    """What a target measures: a stable code (its IRI's last part) and the words as written."""

    code: str
    label: str


def comparison_of(target: Target) -> str:
    """How a measured value is held against ``target``: ``tenminste``, ``hoogstens`` or ``precies``.

    "minimaal", "minstens", "ten minste" and "ruim" before the value mean at least; "maximaal",
    "hoogstens", "ten hoogste", "niet meer dan", "minder dan", "onder de" and "tot" mean at
    most; "precies", "exact", "circa" and "ongeveer" mean exactly. A bare value ("40%
    instroom ...") is a level to reach: at least.
    """
    if target.qualifier in _AT_LEAST_WORDS:
        return AT_LEAST
    if target.qualifier in _EXACT_WORDS:
        return EXACTLY
    found = _locate(target)
    before = target.text[: found.start] if found else ""
    if target.qualifier == "maximaal" or _AT_MOST_BEFORE.search(before):
        return AT_MOST
    if _EXACT_BEFORE.search(before):
        return EXACTLY
    return AT_LEAST


def indicator_of(target: Target) -> IndicatorName | None:
    """What ``target`` measures: the words after its value up to its deadline, area or clause end.

    "40% instroom in technische studies in het mbo, hbo en wo in Overijssel in 2020" measures
    "instroom in technische studies in het mbo, hbo en wo", code
    ``instroom-technische-studies-mbo-hbo-wo`` (function words left out, at most eight words),
    so the same words in another sentence or document give the same indicator. None when no
    word follows the value.
    """
    found = _locate(target)
    if found is None:
        return None
    rest = target.text[found.end :]
    rest = _PERCENT_SIGN.sub("", rest, count=1) if found.unit == PERCENT else rest
    end = _INDICATOR_END.search(rest)
    phrase = rest[: end.start() if end else len(rest)].strip(" ,")
    words = _WORD.findall(phrase)
    content = [w.lower() for w in words if w.lower() not in _STOP_WORDS | _SCALE_WORDS]
    if not content:
        return None
    content = content[:_MAX_INDICATOR_WORDS]
    first = next(m for m in _WORD.finditer(phrase) if m.group().lower() not in _STOP_WORDS)
    label = _WHITESPACE.sub(" ", phrase[first.start() :])
    code = "-".join(_ascii(word) for word in content)
    return IndicatorName(code=code, label=label)


def _locate(target: Target) -> _Candidate | None:
    """Where the value of ``target`` stands in its sentence (first match of value and unit)."""
    for clause_start, clause in _clause_offsets(target.text):
        for candidate in _candidates(clause, shift=False):
            if candidate.value == target.value and candidate.unit == target.unit:
                return _Candidate(
                    clause_start + candidate.start,
                    clause_start + candidate.end,
                    candidate.value,
                    candidate.unit,
                )
    return None


def _clause_offsets(sentence: str) -> list[tuple[int, str]]:
    """The clauses of ``sentence`` with the offset each starts at."""
    found: list[tuple[int, str]] = []
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        found.append((start, sentence[start : match.start()]))
        start = match.end()
    found.append((start, sentence[start:]))
    return found


def _ascii(word: str) -> str:
    """A word in lower-case ASCII letters and digits (``hbo’ers`` → ``hboers``)."""
    plain_word = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain_word.lower()) or "x"
