"""Stage 2, extract: organisations the actor register does not know, recognised by rule.

A name is a run of capitalised words, joined by the small words names carry ("van",
"de", "voor", "of", "&", "en" before a capital): "Museum Het Hof van Salland", "Port of
Zwolle", "Kenniscentrum Sport & Bewegen", "OV-bureau IJssel-Vecht", "Stichting Kunst*Werk
Deventer". Such a run is an organisation when

* a word of it is (or ends in) an organisation word: Stichting, Hogeschool, Universiteit,
  Waterschap, -fonds, Platform, -dienst, Steunpunt, -centrum, Museum, Bibliotheek, Netwerk,
  Programma, -vereniging, -maatschappij, -loket, Collectief, Cluster, Overleg, ...
  (:data:`ORGANISATION_WORDS`);
* it is spelled out before its abbreviation: "Regionaal Energieloket (REL)";
* it stands in a list after a word for a kind of organisation: "de woningcorporaties
  Sallandse Woongroep, Vechthorst Wonen en Stichting Domus Twente";
* it follows a cue for a partner ("samen met", "via", "met", "door", "in opdracht van",
  "partners", "deelnemer aan", "zoals") and is not a person's name nor a single plain word.

An area, a strategy, a plan or a policy document named after an organisation ("Natura
2000-gebied Regio Twente", "Regionale Energiestrategie Twente", "Actieplan Geluid") is not
a partner, nor are the province and its own bodies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ORGANISATION_WORDS = (
    "stichting", "hogeschool", "universiteit", "university", "waterschap", "fonds", "platform",
    "dienst", "steunpunt", "centrum", "kenniscentrum", "museum", "theater", "schouwburg",
    "bibliotheek", "netwerk", "programma", "vereniging", "maatschappij", "loket", "collectief",
    "cluster", "overleg", "bureau", "coöperatie", "cooperatie", "corporatie", "federatie",
    "academie", "college", "instituut", "agentschap", "alliantie", "bond", "filmhuis",
    "werkplaats", "woongroep", "wonen", "terminal", "research", "vogelonderzoek",
    "vogelbescherming", "ggd", "roc", "omgevingsdienst", "veiligheidsregio", "parkmanagement",
    "innovatiecentrum", "kamer", "raad", "holding", "groep", "bedrijf", "partners",
)  # fmt: skip
_COLLABORATION_WORDS = ("overleg", "collectief", "cluster", "alliantie", "federatie", "partners")
_NETWORK_WORDS = ("netwerk", "platform")
_PROGRAMME_WORDS = ("programma",)
_NOT_PARTNER_WORDS = (
    "gebied", "strategie", "visie", "plan", "actieplan", "agenda", "akkoord", "regeling",
    "nota", "wet", "verordening", "beleid", "project", "begroting", "monitor", "jaarverslag",
    "voorjaarsnota", "provincie", "staten", "gedeputeerde", "rijk", "natura", "natuurnetwerk",
    "uitvoeringsprogramma", "statenvoorstel", "voorstel", "besluit", "regio's",
)  # fmt: skip
_NOT_FIRST = frozenset(
    "wij we ons onze de het een in met via door voor samen dit deze dat die er ook om op bij "
    "na als naar van aan tot uit over zo daarnaast daarbij hierbij verder tevens ten eind "
    "vanaf sinds tijdens binnen buiten tussen onder per zoals actie acties toelichting "
    "context financiën basisinformatie status inhoud geld rol looptijd".split()
)
_PLACES = frozenset(
    "overijssel twente salland zwolle deventer enschede hengelo almelo kampen nederland "
    "oost-nederland europa gelderland drenthe vechtdal achterhoek ijsselland".split()
)
_CATEGORY = re.compile(
    r"\b(?:de|het)\s+(?:\w+\s+)?(?:woningcorporaties|netbeheerders|waterschappen|hogescholen|"
    r"universiteiten|musea|bibliotheken|terreinbeheerders|partners|organisaties|stichtingen|"
    r"instellingen|omgevingsdiensten|ggd'?s|roc'?s|kennisinstellingen|energiecoöperaties|"
    r"vervoerders|zorgverzekeraars|bedrijven|scholen|corporaties)\s+(?=[A-ZÀ-Þ])",
    re.IGNORECASE,
)
_CUE = re.compile(
    r"\b(?:samen\s+met|in\s+opdracht\s+van|deelnemers?\s+aan|partners?(?:\s+zijn)?:?|zoals|"
    r"via|met|door)\s+(?:(?:de|het|een)\s+)?(?=[A-ZÀ-Þ])",
    re.IGNORECASE,
)
_WORD = r"[A-ZÀ-Þ][\wÀ-ÿ'’]*(?:[-*][\wÀ-ÿ'’]+)*"
_JOIN = (
    r"(?:\s+(?:van\s+(?:de|den|der|het)\s+|van\s+|voor\s+|op\s+|aan\s+|of\s+|de\s+|&\s+"
    r"|en\s+(?=[A-ZÀ-Þ])))"
)
_NAME = re.compile(rf"{_WORD}(?:(?:{_JOIN}|\s+){_WORD})*")
_NEXT_ITEM = re.compile(
    r"(?:\s*\([^)]{1,12}\))?\s*(?:,|\ben\b)\s*(?:(?:de|het)\s+(?:[a-z]\w*\s+)?)?(?=[A-ZÀ-Þ])"
)
_ABBREVIATION = re.compile(r"\s*\((?P<abbr>[A-Z][A-Za-z&]{1,9})\)")
_PERSON = re.compile(
    r"^[A-Z][a-zà-ÿ'’.-]+\s+(?:(?:van|de|der|den|ten|ter|het)\s+)*[A-Z][\wà-ÿ'’-]+$"
)


@dataclass(frozen=True)
class Organisation:
    """An organisation found in a text, how it was recognised, and how sure that is.

    Attributes:
        name: the name, as complete as the text gives it ("Regionaal Energieloket").
        start: offset of the name's first character in the text.
        end: offset just past its last character.
        how: ``organisatiewoord``, ``afkorting``, ``opsomming`` or ``signaalwoord``.
        confidence: between 0 and 1.
        kind: ``organisatie``, ``samenwerkingsverband``, ``netwerk`` or ``programma``.
        abbreviation: the abbreviation the text gives for it, if any ("REL").
    """

    name: str
    start: int
    end: int
    how: str
    confidence: float
    kind: str
    abbreviation: str | None = None


def find_organisations(text: str, taken: list[tuple[int, int]] | None = None) -> list[Organisation]:
    """The organisations named in ``text``, in text order, outside the ``taken`` ranges.

    ``taken`` are ranges already read as something else (actors of the register): no name is
    read across them.
    """
    blocked = sorted(taken or [])
    listed = _list_items(text, _CATEGORY, split_names=True)
    cued = _list_items(text, _CUE, split_names=False)
    found: list[Organisation] = []
    for start, end in _candidates(text, blocked):
        for part_start, part_end in _split_at_heads(text, start, end, listed | cued):
            organisation = _judge(text, part_start, part_end, part_start in listed,
                                  part_start in cued)  # fmt: skip
            if organisation is not None:
                found.append(organisation)
    return found


def _candidates(text: str, blocked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of capitalised words, cut where a taken range starts or ends."""
    spans = []
    for match in _NAME.finditer(text):
        pieces = [match.span()]
        for low, high in blocked:  # a taken range cuts a run in two
            pieces = [
                part
                for start, end in pieces
                for part in ((start, min(end, low)), (max(start, high), end))
                if part[1] > part[0]
            ]
        for start, end in pieces:
            start, end = _inner(text, start, end)
            if end > start:
                spans.append(_trim(text, start, end))
    return [(s, e) for s, e in spans if e > s]


def _inner(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``–``end`` without the joining words and spaces at either edge."""
    piece = text[start:end]
    head = re.match(r"^(?:\s|&|,|\b(?:en|of|van|de|het|voor|op|aan)\b)*", piece)
    tail = re.search(r"(?:\s|&|,|\b(?:en|of|van|de|het|voor|op|aan)\b)*$", piece)
    first = head.end() if head else 0
    last = tail.start() if tail else len(piece)
    return start + first, start + max(first, last)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop words that cannot begin a name (sentence openings, articles) from the front."""
    while start < end:
        word = re.match(r"[^\s]+", text[start:end])
        assert word is not None
        if word.group().casefold() not in _NOT_FIRST:
            break
        start += word.end()
        start += len(text[start:end]) - len(text[start:end].lstrip())
    return start, end


def _split_at_heads(text: str, start: int, end: int, items: set[int]) -> list[tuple[int, int]]:
    """Cut "A en B" in two where B is an item of a list or names an organisation word."""
    parts, begin = [], start
    for match in re.finditer(r"\s+en\s+", text[start:end]):
        after = re.split(r"\s+en\s+", text[start + match.end() : end].casefold())[0]
        if start + match.end() in items or any(
            _is_organisation_word(w) for w in re.split(r"[\s\-*]+", after)
        ):
            parts.append((begin, start + match.start()))
            begin = start + match.end()
    parts.append((begin, end))
    return parts


def _list_items(text: str, opening: re.Pattern[str], *, split_names: bool) -> set[int]:
    """Where the names of a list start that ``opening`` introduces ("samen met A, de B en C").

    After a kind of organisation ("de woningcorporaties A en B") every "en" separates two
    names (``split_names``); after a cue it may belong to a name ("Museum Vecht en Venen").
    """
    positions: set[int] = set()
    for match in opening.finditer(text):
        cursor = match.end()
        while True:
            name = _NAME.match(text, cursor)
            if name is None:
                break
            positions.add(cursor)
            for piece in re.finditer(r"\s+en\s+", name.group() if split_names else ""):
                positions.add(cursor + piece.end())
            rest = _NEXT_ITEM.match(text, name.end())
            if rest is None:
                break
            cursor = rest.end()
    return positions


def _judge(text: str, start: int, end: int, listed: bool, cued: bool) -> Organisation | None:
    name = text[start:end]
    words = re.split(r"[\s\-*]+", name.casefold())
    if any(w.rstrip("s").endswith(_NOT_PARTNER_WORDS) for w in words) or _after_area(text, start):
        return None
    if len(words) == 1 and (words[0] in _PLACES or words[0] in ORGANISATION_WORDS):
        return None  # a place, or a bare "Partners", "Wonen": no name
    kind = _kind(words)
    found = _ABBREVIATION.match(text, end)
    abbr = found["abbr"] if found and _abbreviates(found["abbr"], name) else None
    if any(_is_organisation_word(w) for w in words):
        return Organisation(name, start, end, "organisatiewoord", 0.9, kind, abbr)
    if abbr is not None and len(words) > 1:
        return Organisation(name, start, end, "afkorting", 0.9, kind, abbr)
    if listed and words[0] not in _PLACES:
        return Organisation(name, start, end, "opsomming", 0.8, kind, abbr)
    if cued and not _PERSON.match(name) and (len(words) > 1 or _marked(name)):
        return Organisation(name, start, end, "signaalwoord", 0.6, kind, abbr)
    return None


def _is_organisation_word(word: str) -> bool:
    return any(word == w or (len(w) >= 5 and word.endswith(w)) for w in ORGANISATION_WORDS)


def _kind(words: list[str]) -> str:
    head = words[0]
    if any(head.endswith(w) for w in _NETWORK_WORDS):
        return "netwerk"
    if any(head.endswith(w) for w in _PROGRAMME_WORDS):
        return "programma"
    if any(w.endswith(_COLLABORATION_WORDS) for w in words):
        return "samenwerkingsverband"
    return "organisatie"


def _marked(name: str) -> bool:
    """A single word that is no ordinary word: TenneT, AgroFood, an abbreviation such as CTT."""
    return (
        any(c.isupper() for c in name[1:])
        and not name.isupper()
        or (name.isupper() and len(name) >= 3)
    )


def _abbreviates(abbreviation: str, name: str) -> bool:
    """Whether the letters of ``abbreviation`` stand in ``name`` in order, the first first."""
    letters = abbreviation.replace("&", "").upper()
    upper = name.upper()
    if not letters or upper[:1] != letters[0]:
        return False
    cursor = 0
    for letter in letters:
        cursor = upper.find(letter, cursor)
        if cursor < 0:
            return False
        cursor += 1
    return True


def _after_area(text: str, start: int) -> bool:
    """Whether the name follows a word for an area or a plan ("…-gebied Regio Twente")."""
    before = text[max(0, start - 40) : start].rstrip().casefold()
    return before.endswith(("gebied", "strategie", "visie", "plan", "agenda"))
