"""Stage 2, extract: Basisinformatie (holders, role, duration, reserve) — kind ``governance``.

The field labels ("Verantwoordelijke portefeuillehouder", "Rol provincie", "Looptijd prestatie",
"Relatie met reserve ...", "Project website") may stand anywhere in a section; their values
are gathered while the blocks are read and turned into one :class:`Governance` at the end.
The ``parse_*`` functions read one value text, possibly several lines joined by spaces.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rapidfuzz.distance import Levenshtein

from prestatiegraaf.extract.kinds import Draft, FactKind
from prestatiegraaf.model import Element, ElementKind, Governance, Span
from prestatiegraaf.sources.lines import person_names
from prestatiegraaf.vocabulary import notations

if TYPE_CHECKING:
    from prestatiegraaf.model import PrestatieSection

_ROLE_ADJECTIVES = {
    "regisserende": "regisseur",
    "faciliterende": "faciliteerder",
    "stimulerende": "stimulator",
    "uitvoerende": "uitvoerder",
}

_TITLES = re.compile(
    r"^(?:(?:verantwoordelijke?\s+)?portefeuillehouders?:?\s*|gedeputeerden?:?\s+"
    r"|commissaris\s+van\s+de\s+koning(?:in)?\s+|cdk\s+|de\s+heer\s+|mevrouw\s+)+",
    re.IGNORECASE,
)
_PARENTHESES = re.compile(r"\([^)]*\)")
_NAME_WORD = re.compile(r"^(?:[A-ZÀ-Þ]\.)+$|^[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ]?[a-zà-ÿ'’]+)*$")
_PARTICLES = frozenset("van de der den ten ter het 't in op la le du von dos da".split())
_NOT_NAMES = frozenset(
    "provincie overijssel begroting monitor jaarverslag voorjaarsnota pagina gedeputeerde "
    "portefeuillehouder staten wij zijn".split()
)
_NAME_SEPARATOR = re.compile(r"\s*(?:[,;&]|\ben\b)\s*")

_ADJECTIVE_ROLE = re.compile(r"\b(" + "|".join(_ROLE_ADJECTIVES) + r")\s+rol\b")
_TASK = re.compile(r"\b(wettelijke|reguliere)\s+taak\b")
_ROLE_OF = re.compile(r"\brol(?:len)?\s+van\s+([^.;:()]+)")
_ROLE_SEPARATOR = re.compile(r",|\ben\b|/")
_SINGLE_NOUN = re.compile(r"^(?:een\s+)?([^\W\d_](?:[^\W\d_]|-)+)$")

_NOT_STRUCTURAL = re.compile(r"\bniet[\s-]*structureel|\b(?:tijdelijk|eenmalig|incidenteel)\b")
_STRUCTURAL = re.compile(r"\bstructureel\b")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")

_MARKUP = re.compile(r"[#*]+")
_LABEL_END = re.compile(r"[?:]")
_SLASH = re.compile(r"\s*/\s*")
_MAX_LABEL_WORDS = 14
_ANSWER = re.compile(r"^[\s*•\-]*(?i:(ja|nee))(?![a-z])")

_QUOTE = "'\"‘’‚“”„`´"
_AGREEMENT = r"(?i:coalitie\s*-?\s*akkoord)(?:\s+\d{4}\s*[-–]\s*\d{4})?"
_QUOTED_TITLE = re.compile(rf"{_AGREEMENT}\s*[{_QUOTE}]\s*([^{_QUOTE}\n]{{2,80}}?)\s*[{_QUOTE}]")
_CAPITALISED = r"[A-ZÀ-Þ][\w-]*"
_BARE_TITLE = re.compile(rf"{_AGREEMENT}\s+({_CAPITALISED}(?:\s+{_CAPITALISED})*!)")
_URL = re.compile(r"https?://\S+[^\s.,;)\]]")
_MD_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]*)\)")
FIELDS = ("portefeuillehouder", "rol", "looptijd", "investeringsvoorstel", "website", "reserve")


def parse_portfolio_holders(text: str) -> tuple[str, ...]:
    """Read the names of the responsible portfolio holders.

    Args:
        text: The value of a portefeuillehouder label, or a W2 listing line of names:
            "Eddy van Hijum.", "Hester Maij en Eddy van Hijum", "Monique van Haaf, Bert Boerman",
            "gedeputeerde Tijs de Bree".

    Returns:
        The names in order, each once, without titles (gedeputeerde, Commissaris van de Koning),
        remarks in parentheses and final periods.

    """
    names: list[str] = []
    for part in _NAME_SEPARATOR.split(_PARENTHESES.sub(" ", text)):
        name = " ".join(_TITLES.sub("", part.strip()).split()).strip(" .")
        if is_person_name(name) and name not in names:
            names.append(name)
    return tuple(names)


def is_person_name(text: str) -> bool:
    """Whether ``text`` is a person's name, never a running header, a sentence or a label.

    Two to six words, each capitalised, initials ("J.A.") or a particle ("van", "de", "ter").
    """
    words = text.split()
    return (
        2 <= len(words) <= 6
        and all(_NAME_WORD.match(word) or word in _PARTICLES for word in words)
        and _NAME_WORD.match(words[0]) is not None
        and _NAME_WORD.match(words[-1]) is not None
        and not any(word.casefold() in _NOT_NAMES for word in words)
    )


def parse_roles(text: str) -> tuple[str, ...]:
    """Read the roles the province plays from a "Rol provincie" value.

    Args:
        text: "Wij vervullen de rol van regisseur.", "Wij zijn regisseur en investeerder",
            "regisseur, investeerder", "Dit is een wettelijke taak.", ...

    Returns:
        Role nouns in text order, lower case, each once: the nouns of the code list
        ``begrip:rollen`` anywhere, "regisserende rol" and the like as their noun,
        "wettelijke taak" and "reguliere taak" as ``"wettelijke-taak"`` and
        ``"reguliere-taak"``, and unknown nouns listed after "rol van" when each stands alone
        without "de" or "het" ("de rol van aanjager" gives "aanjager", "de rol van de
        provincie" gives nothing).

    """
    lowered = text.lower()
    found = [(match.start(), match.group(1)) for match in _known_role().finditer(lowered)]
    for match in _ADJECTIVE_ROLE.finditer(lowered):
        found.append((match.start(), _ROLE_ADJECTIVES[match.group(1)]))
    for match in _TASK.finditer(lowered):
        found.append((match.start(), f"{match.group(1)}-taak"))
    found.extend(_nouns_after_role_of(lowered))
    roles: list[str] = []
    for _, role in sorted(found):
        if role not in roles:
            roles.append(role)
    return tuple(roles)


@cache
def _known_role() -> re.Pattern[str]:
    """Any role noun of the code list (its tasks, such as ``wettelijke-taak``, are read apart)."""
    nouns = [noun for noun in notations("rollen") if "-" not in noun]
    return re.compile(r"\b(" + "|".join(nouns) + r")\b")


def _nouns_after_role_of(lowered: str) -> list[tuple[int, str]]:
    """Nouns standing alone in the list after "rol van", with their offsets in ``lowered``."""
    found: list[tuple[int, str]] = []
    for match in _ROLE_OF.finditer(lowered):
        cursor = match.start(1)
        for piece in _ROLE_SEPARATOR.split(match.group(1)):
            noun = _SINGLE_NOUN.match(piece.strip())
            if noun is not None:
                cursor = lowered.find(noun.group(1), cursor)
                found.append((cursor, noun.group(1)))
    return found


def parse_duration(text: str) -> tuple[str | None, int | None]:
    """Read a "Looptijd prestatie" value.

    Args:
        text: "Structureel.", "Niet structureel.", "niet structureel, naar verwachting afgerond
            in 2019", "Niet structureel (tot en met 2021)", "2016-2019", ...

    Returns:
        ``(duration, end_year)``: duration is ``"structureel"``, ``"niet-structureel"`` (also for
        "tijdelijk", "eenmalig", "incidenteel" and for a value holding only years) or None; the end
        year is the latest year named in a non-structural value, else None.

    """
    lowered = text.lower()
    years = [int(year) for year in _YEAR.findall(lowered)]
    if _NOT_STRUCTURAL.search(lowered) or (years and not _STRUCTURAL.search(lowered)):
        return "niet-structureel", max(years, default=None)
    if _STRUCTURAL.search(lowered):
        return "structureel", None
    return None, None


def _edit_distance(first: str, second: str) -> int:
    """Levenshtein distance between two words."""
    return int(Levenshtein.distance(first, second))


def _is_reserve_word(word: str) -> bool:
    """Whether ``word`` is "reserve" or "uitvoeringsreserve", allowing small typos."""
    word = word.lower()
    return (
        word.endswith("reserve")
        or _edit_distance(word, "reserve") <= 2
        or _edit_distance(word, "uitvoeringsreserve") <= 2
    )


def _label_parts(label: str) -> tuple[list[str], str]:
    """Split a reserve label into its words before the first ? or : and the text after it."""
    cleaned = _MARKUP.sub(" ", label)
    end = _LABEL_END.search(cleaned)
    if end is None:
        return cleaned.split(), ""
    return cleaned[: end.start()].split(), cleaned[end.end() :].lstrip("?: ")


def is_reserve_label(line: str) -> bool:
    """Tell whether ``line`` is a "Relatie met (uitvoerings)reserve ..." label.

    Small typos in "Relatie" and "(uitvoerings)reserve" are tolerated (edit distance up to 2),
    as are markdown markers, any slash spacing and the endings ``?``, ``?:``, ``:`` or none.

    Args:
        line: One line, or a label with its value after the ``?`` or ``:``.

    Returns:
        True for a reserve-relation label.

    """
    words, _ = _label_parts(line)
    return (
        2 <= len(words) <= _MAX_LABEL_WORDS
        and _edit_distance(words[0].lower(), "relatie") <= 2
        and any(_is_reserve_word(word) for word in words[1:4])
    )


def parse_reserve_relation(label: str, value: str) -> tuple[bool | None, str | None]:
    """Read a reserve relation from its label and value.

    Args:
        label: "Relatie met uitvoeringsreserve Natuurnetwerk Nederland/Kwaliteit van
            Overijssel?:" and variants (see :func:`is_reserve_label`).
        value: "Ja.", "Nee.", "Nee", "Ja Bijbehorend investeringsvoorstel: ...". When empty,
            the text after the label's ``?`` or ``:`` is read instead.

    Returns:
        ``(relation, reserve_name)``: True for ja, False for nee, None when the value gives no
        answer; the reserve name from the label with single spaces and no spaces around the
        slash ("Natuurnetwerk Nederland/Kwaliteit van Overijssel"), or None when absent.

    """
    words, tail = _label_parts(label)
    name: str | None = None
    for index, word in enumerate(words[1:4], 1):
        if _is_reserve_word(word):
            name = _SLASH.sub("/", " ".join(words[index + 1 :])) or None
            break
    answer = _ANSWER.match(value if value.strip() else tail)
    relation = None if answer is None else answer.group(1).lower() == "ja"
    return relation, name


def find_coalition_agreement(text: str) -> str | None:
    """Find the title of the coalition agreement a budget comes from.

    Args:
        text: A value or sentence, e.g. "Vanuit het Coalitieakkoord ‘Overijssel Werkt!’ is er
            budget beschikbaar gesteld ...".

    Returns:
        The title between straight or curly quotes after "coalitieakkoord"; failing that, an
        unquoted run of capitalised words after it that ends in "!" (a plain run of capitalised
        words is too often the start of the next clause); else None.

    """
    quoted = _QUOTED_TITLE.search(text)
    if quoted is not None:
        return quoted.group(1)
    bare = _BARE_TITLE.search(text)
    return None if bare is None else bare.group(1)


def holders_after_list(content: list[Element], draft: Draft) -> list[Element]:
    """Move a line of names after a list into the portefeuillehouder field.

    Listing pages (Begroting 2024 on) end a prestatie with its portfolio holders' names and
    no label. The rest of ``content`` is returned.
    """
    rest = list(content)
    while rest and rest[-1].kind is ElementKind.PARAGRAPH and person_names(rest[-1].text):
        if not any(e.kind is ElementKind.ITEM for e in rest[:-1]):
            break
        draft.add_to_field("portefeuillehouder", [rest.pop()], first=True)
    return rest


def finish_governance(draft: Draft) -> None:
    """The Basisinformatie of the section, from every field value gathered."""

    def value(key: str) -> str:
        return " ".join(e.text for e in draft.field_elements(key)).strip()

    holders = tuple(
        dict.fromkeys(
            name
            for element in draft.field_elements("portefeuillehouder")
            for name in parse_portfolio_holders(element.text)
        )
    )
    role_text = value("rol") or None
    duration, end_year = parse_duration(value("looptijd"))
    reserve, reserve_name = _reserve(*draft.fields.get("reserve", (None, [])))
    investment = " ".join([value("reserve"), value("investeringsvoorstel")])
    website, url = _website(draft.field_elements("website"))
    lines = [ln for key in FIELDS for e in draft.field_elements(key) for ln in e.lines]
    draft.section.governance = Governance(
        portfolio_holders=holders,
        roles=parse_roles(role_text or ""),
        role_text=role_text,
        duration=duration,
        end_year=end_year,
        reserve_relation=reserve,
        reserve_name=reserve_name,
        coalition_agreement=find_coalition_agreement(investment),
        website=website,
        website_url=url,
        span=Span.of_lines(sorted(lines, key=lambda ln: ln.number)),
    )


def _reserve(label: Element | None, elements: list[Element]) -> tuple[bool | None, str | None]:
    """Ja/Nee may stand before or after the investment text (PDF prints values first)."""
    if label is None:
        return None, None
    answer, name = parse_reserve_relation(label.text, "")
    for element in elements:
        found, found_name = parse_reserve_relation(label.text, element.text)
        name = name or found_name
        if found is not None:
            return found, name
    return answer, name


def _website(elements: list[Element]) -> tuple[str | None, str | None]:
    if not elements:
        return None, None
    raw = " ".join(ln.raw for e in elements for ln in e.lines)
    link = _MD_LINK.search(raw)
    url = _URL.search(raw)
    href = link.group(2) if link and link.group(2).startswith("http") else None
    return elements[0].text.strip() or None, _address(href) or _address(url and url.group(0))


def _address(url: str | None) -> str | None:
    """``url`` when it is a valid IRI (the graph links it), else None: text keeps it."""
    if not url:
        return None
    try:
        ox.NamedNode(url)
    except ValueError:
        return None
    return url


def _counts(section: PrestatieSection) -> dict[str, int]:
    info = section.governance
    return {
        "portefeuillehouders": len(info.portfolio_holders),
        "rollen": len(info.roles),
        "looptijd": int(info.duration is not None),
    }


KIND = FactKind(
    name="governance", position=90, counts=_counts, fields=FIELDS, finish=finish_governance
)
