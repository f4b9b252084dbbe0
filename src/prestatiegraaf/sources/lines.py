"""Stage 1, sources: classify single lines (heading, label, list marker, table row, chrome)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from prestatiegraaf.model import LabelKind, Line
from prestatiegraaf.sources.colours import LETTER_PATTERN, WORD_PATTERN
from prestatiegraaf.sources.labels import LabelMatch, match_label

CODE = r"\d{1,2}\.\d{1,2}\.\d{1,2}"
_PRESTATIE = re.compile(
    rf"^(?:#{{1,6}}\s*)?(?:\*\*)?(?:prestatie\s+)?(?P<code>{CODE})\.?"
    rf"(?:\s*[:\-–—]\s*|\s+)(?P<title>[^\s|].*?)(?:\*\*)?$",
    re.IGNORECASE,
)
_GOAL = re.compile(
    r"^(?:#{1,6}\s*)?(?:\*\*)?(?:(?:kerntaak|beleidsdoel)\s+)?"
    r"(?P<code>\d{1,2}(?:\.\d{1,2})?)\.?(?:\s*[:\-–]\s*|\s+)(?P<title>[A-Z].*?)(?:\*\*)?$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(
    r"^(?P<indent>\s*)(?P<num>(?!(?:19|20)\d\d\b)\d{1,4})[.)]\s+(?:(?P=num)[.)]\s*)?"
    r"(?P<rest>\S.*)$"
)
_BULLET = re.compile(r"^(?P<indent>\s*)(?:[•·▪◦●○■□➢►✓]|[-*+](?=\s)|o(?=\s{2,}))\s*(?P<rest>\S.*)$")
_ORPHAN = re.compile(r"^\s*(?P<num>\d{1,2})\s*[.)]\s*$")
_DOCUMENT = (
    r"(?:begroting|monitor|jaarverslag|jaarrekening|voorjaarsnota)\s+(?:19|20)\d{2}"
    r"(?:\s*-\s*I{1,2})?"
)
_BAR = r"\s*[|–—-]\s*"
_CHROME = [
    (re.compile(r"^(?:pagina|page|blz\.?)\s*\d+(?:\s*(?:van|of|/)\s*\d+)?$", re.I), "page footer"),
    (re.compile(r"^\d{1,3}$"), "page number"),
    (re.compile(r"^terug naar (?:navigatie|boven|overzicht)\b", re.I), "navigation"),
    (re.compile(r"^(?:menu|zoeken|home|print|delen|naar boven)$", re.I), "navigation"),
    (
        re.compile(r"^(?:gepubliceerd|laatst gewijzigd|publicatiedatum|datum)\b.*\d{4}", re.I),
        "timestamp",
    ),
    (re.compile(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"), "timestamp"),
    (re.compile(r"^prestaties\s*\(\d+\)$", re.I), "listing counter"),
    (
        re.compile(
            rf"^(?:provincie\s+overijssel\s*{_BAR}(?:{_DOCUMENT}\s*{_BAR})?|{_DOCUMENT}\s*{_BAR})"
            r"(?:pagina|blz\.?)?\s*\d{1,4}$",
            re.I,
        ),
        "running footer",
    ),
    (re.compile(r"^\|?[\s|:\-]*-{3,}[\s|:\-]*\|?$"), "table rule"),
]
DOC_TITLE = re.compile(
    r"^(?:#{1,6}\s*)?(?P<kind>begroting|monitor|jaarverslag|jaarrekening|voorjaarsnota|"
    r"perspectiefnota)\s+(?P<year>(?:19|20)\d{2})(?:\s*[-–]\s*(?P<period>II|I|2|1))?\s*$",
    re.IGNORECASE,
)


_WIDE_GAP = re.compile(r"\s{3,}")
_COLOUR_LINE = re.compile(rf"^(?:(?:{WORD_PATTERN})\.?|{LETTER_PATTERN})$", re.IGNORECASE)
_NUMERIC = re.compile(r"^[-−(]?\s*[\d.,]+\)?$")
_PERSON = re.compile(
    r"^(?:[A-Z][a-zà-ÿ'’.-]+\s+)(?:(?:van|de|der|den|ten|ter|het|'t|in\s+'t)\s+)*"
    r"[A-Z][\wà-ÿ'’-]+(?:-[A-Z][\wà-ÿ'’-]+)?$"
)


def is_colour_line(text: str) -> bool:
    """Whether a line holds only a colour score: a word (Groen) or a capital letter (G)."""
    text = text.strip()
    return bool(_COLOUR_LINE.match(text)) and (len(text) > 1 or text.isupper())


def is_numeric_line(text: str) -> bool:
    """Whether a line holds only a number (a table cell in PDF text)."""
    return bool(_NUMERIC.match(text.strip()))


def person_names(text: str) -> list[str]:
    """The names of a line that lists only people ("Martijn Dadema, Liesbeth Grijsen")."""
    parts = [part.strip(" .") for part in re.split(r",|;|\s+en\s+|\s+&\s+", text.strip())]
    parts = [part for part in parts if part]
    if not parts or len(text) > 120:
        return []
    return parts if all(_PERSON.match(part) and len(part.split()) <= 5 for part in parts) else []


class LineKind(StrEnum):
    """What a single line is, before it is grouped with its neighbours."""

    BLANK = "blank"
    PRESTATIE = "prestatie"
    GOAL = "goal"  # kerntaak or beleidsdoel heading ("5 Economie", "5.2 Onderwijs")
    LABEL = "label"
    NUMBERED = "numbered"
    BULLET = "bullet"
    ORPHAN = "orphan"  # a list number alone on its line (PDF text)
    TABLE = "table"
    CHROME = "chrome"
    TEXT = "text"


@dataclass(frozen=True)
class Classified:
    """A line with what it is and the parts the classifier read from it."""

    line: Line
    kind: LineKind
    text: str  # the content without markers
    number: int | None = None
    indent: int = 0
    code: str | None = None
    label: LabelMatch | None = None
    cells: tuple[str, ...] = ()
    note: str | None = None


def classify(line: Line) -> Classified:
    """Classify one line; order matters (a code heading is not a numbered item)."""
    text = line.text
    if not text or not text.strip("*#_ >"):
        return Classified(line, LineKind.BLANK, "")
    for pattern, note in _CHROME:
        if pattern.match(text):
            return Classified(line, LineKind.CHROME, text, note=note)
    if DOC_TITLE.match(text):
        return Classified(line, LineKind.CHROME, text, note="document title")
    heading = _read_prestatie_heading(text)
    if heading is not None:
        return Classified(line, LineKind.PRESTATIE, heading[1], code=heading[0])
    cells = _split_cells(line.raw)
    if len(cells) >= 2:
        return Classified(line, LineKind.TABLE, text, cells=cells)
    return _classify_content(line, text)


def _classify_content(line: Line, text: str) -> Classified:
    """Classify a line that is no chrome, heading or table row: label, list line, goal, text."""
    label = match_label(text) or _label_beside_value(line.raw)
    if label is not None:
        return Classified(line, LineKind.LABEL, label.value, label=label)
    indent = len(line.raw.expandtabs(4)) - len(line.raw.expandtabs(4).lstrip())
    if found := _ORPHAN.match(text):
        return Classified(line, LineKind.ORPHAN, "", number=int(found["num"]))
    if found := _NUMBERED.match(text):
        return Classified(line, LineKind.NUMBERED, found["rest"], int(found["num"]), indent)
    if found := _BULLET.match(line.raw.replace("\u00a0", " ")):
        return Classified(line, LineKind.BULLET, found["rest"].strip(), indent=indent)
    if (found := _GOAL.match(text)) and _is_goal_heading(text, found["title"]):
        return Classified(line, LineKind.GOAL, found["title"], code=found["code"])
    return Classified(line, LineKind.TEXT, text, indent=indent)


def _is_goal_heading(text: str, title: str) -> bool:
    """A kerntaak or beleidsdoel heading: short, a capital title, no sentence that runs on.

    "kerntaak 10 is dit een van de speerpunten" at the start of a line continues a sentence.
    """
    return (
        len(text) <= 120
        and not text.endswith((".", ","))
        and title[:1].isupper()
        and not text[:1].islower()
    )


def _label_beside_value(raw: str) -> LabelMatch | None:
    """A field or score label with its value after a wide gap ("Integrale kleurscore    Oranje").

    PDF text copies keep the label column and the value apart by a run of spaces.
    """
    parts = _WIDE_GAP.split(raw.strip(), maxsplit=1)
    if len(parts) != 2:
        return None
    found = match_label(parts[0])
    if found is None or found.value or found.kind is LabelKind.SECTION:
        return None
    return LabelMatch(found.key, found.kind, parts[1].strip(), found.year)


def _read_prestatie_heading(text: str) -> tuple[str, str] | None:
    """Read the code and title of a prestatie heading (``5.2.1 Title``); None if not one."""
    found = _PRESTATIE.match(text)
    if found is None:
        return None
    title = found["title"].strip().strip("*").strip()
    if len(title) > 160 or title[:1].islower() and not title[:1].isdigit():
        return None
    if text.startswith("prestatie") or re.search(r"\)\W*$", title) and "(" not in title:
        return None  # "(zie / in samenhang met\nprestatie 6.3.1 Titel)." continues a sentence
    if re.match(r"^(?:en|of|t/m|tot)\b", title) or "\t" in title:
        return None
    return found["code"], title


def _split_cells(raw: str) -> tuple[str, ...]:
    """Split a table row (``|``- or TAB-separated) into cells; empty if not two filled cells."""
    if "|" in raw and raw.strip().startswith("|") or raw.count("|") >= 2:
        parts = [cell.strip() for cell in raw.strip().strip("|").split("|")]
    elif "\t" in raw.strip():
        parts = [cell.strip() for cell in raw.strip().split("\t")]
    else:
        return ()
    return tuple(parts) if sum(1 for cell in parts if cell) >= 2 else ()


def mark_table_numbers(items: Sequence[Classified]) -> list[Classified]:
    """Bare small numbers next to other numbers are table cells, not page numbers.

    A page number stands alone; "306", "257", "49" on lines of their own, or beside a larger
    figure, are the cells of a table in thousands of euros.
    """
    content = [i for i in items if i.kind is not LineKind.BLANK]
    cells = set()
    for index, item in enumerate(content):
        if item.kind is LineKind.CHROME and item.note == "page number":
            before, after = content[max(0, index - 1) : index], content[index + 1 : index + 2]
            wider = content[max(0, index - 2) : index] + content[index + 1 : index + 3]
            if any(is_numeric_line(n.text) for n in before + after) or any(
                n.note != "page number" and is_numeric_line(n.text) for n in wider
            ):
                cells.add(id(item))
    return [Classified(i.line, LineKind.TEXT, i.text) if id(i) in cells else i for i in items]
