"""Deterministic generator of realistic prestatie sections for benchmarks.

The corpus imitates the planning & control documents of Overijssel as the project reads them:
Begroting, Monitor I, Monitor II and Jaarverslag over 2014-2026 (2020 has only Monitor II),
with prestatie codes that are renumbered between coalition periods (2016 and 2020). Every
section gets an intro, a Context, numbered actions with quantified targets and non-targets,
named actors in their spelling variants (``ontology/actoren.ttl``) and generic partners,
budget tables, budget make-up, prose amounts, colour scores, explanations, Basisinformatie,
decisions of Provinciale Staten and cross-references. Sections are rendered in every channel
the project reads as text:

* ``pdf``: PDF-extracted text (descending trailing list numbers, values before labels, page
  headers cut mid-word, footers, hard line breaks, trailing spaces);
* ``w1``: web text of the one-page-per-prestatie portals (2015-2019);
* ``w2-project`` and ``w2-listing``: "De Staat van Overijssel" pages (2020 on), the listing
  with several prestaties per page;
* ``markdown``: a markdown rendering of a monitor page.

``generate_corpus(folder, sections, seed)`` writes the files and a ``manifest.csv``; the same
arguments always give byte-identical files. ``plan_corpus`` gives the plan (which file holds
which codes) without writing anything. Run ``python benchmarks/corpus.py --sections N --out DIR``
from the command line.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.resources import actor_register_file

DEFAULT_SEED = 2026
FIRST_YEAR, LAST_YEAR = 2014, 2026
MULTI_SHARE = 0.15  # share of files that hold several sections (listings, multi-page PDF)
MANIFEST_HEADER = ("file", "title", "kind", "year", "period")

SINGLE_STYLES = ("pdf", "w1", "w2-project", "markdown")
MULTI_STYLES = ("pdf-multi", "w1-multi", "w2-listing")
STYLES = SINGLE_STYLES + MULTI_STYLES
CHANNEL_OF_STYLE = {
    "pdf": "pdf-text",
    "pdf-multi": "pdf-text",
    "w1": "web-text",
    "w1-multi": "web-text",
    "w2-project": "web-text",
    "w2-listing": "web-text",
    "markdown": "markdown",
}

# ---------------------------------------------------------------------------------------------
# Documents and coalition periods
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """One planning & control document."""

    kind: str  # begroting | monitor | jaarverslag
    year: int
    period: str = ""  # "", "I" or "II"

    @property
    def title(self) -> str:
        """``Begroting 2017``, ``Monitor 2016-II``, ``Jaarverslag 2018``."""
        name = self.kind.capitalize()
        return f"{name} {self.year}-{self.period}" if self.period else f"{name} {self.year}"

    @property
    def slug(self) -> str:
        """``begroting-2017``, ``monitor-2016-ii``."""
        return self.title.lower().replace(" ", "-")

    @property
    def era(self) -> str:
        """The numbering era: codes are renumbered from 2016 and from 2020."""
        return era_of(self.year)

    @property
    def reports(self) -> bool:
        """Whether the document reports progress (monitor, jaarverslag), not only plans."""
        return self.kind != "begroting"


def era_of(year: int) -> str:
    """``A`` (to 2015), ``B`` (2016-2019) or ``C`` (2020 on)."""
    return "A" if year < 2016 else "B" if year < 2020 else "C"


def all_documents() -> list[Document]:
    """Every document of 2014-2026 in cycle order (no Monitor 2020-I; 2026 not yet closed)."""
    docs: list[Document] = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        docs.append(Document("begroting", year))
        if year != 2020:
            docs.append(Document("monitor", year, "I"))
        if year < LAST_YEAR:
            docs.append(Document("monitor", year, "II"))
            docs.append(Document("jaarverslag", year))
    return docs


_COLLEGE_2015 = [
    "Eddy van Hijum",
    "Hester Maij",
    "Monique van Haaf",
    "Erik Lievers",
    "Annemieke Traag",
    "Bert Boerman",
]
HOLDERS = {  # portfolio holders per college (A: before 2015, with the same names as B)
    "A": _COLLEGE_2015,
    "B": _COLLEGE_2015,
    "C": [
        "Eddy van Hijum",
        "Monique van Haaf",
        "Bert Boerman",
        "Gert Harm ten Bolscher",
        "Tijs de Bree",
        "Roy de Witte",
    ],
    "D": ["Liesbeth Grijsen", "Martijn Dadema", "Erwin Hoogland"],
}
KING_COMMISSIONER = {
    "A": "Ank Bijleveld-Schouten",
    "B": "Ank Bijleveld-Schouten",
    "C": "Andries Heidema",
    "D": "Andries Heidema",
}
COALITION_AGREEMENT = {"A": "De kracht van Overijssel", "B": "Overijssel Werkt!"}  # to 2019


def holder_period(year: int) -> str:
    """The college of Gedeputeerde Staten that signs a document of ``year``."""
    return "A" if year < 2015 else "B" if year < 2020 else "C" if year < 2024 else "D"


# ---------------------------------------------------------------------------------------------
# Goals: kerntaken, their themes and the prestatie catalogue per era
# ---------------------------------------------------------------------------------------------

KERNTAKEN: dict[int, tuple[str, str, list[str]]] = {
    1: (
        "Ruimtelijke ontwikkeling en wonen",
        "Wij werken aan een aantrekkelijk Overijssel waar het goed wonen, werken en recreëren is. "
        "Drie opgaven staan daarbij centraal",
        [
            "de ruimtelijke kwaliteit",
            "de woningbouw in stad en dorp",
            "levendige binnensteden",
            "vitale bedrijventerreinen",
            "de herstructurering van wijken",
            "de Omgevingsvisie",
            "een zorgvuldig ruimtegebruik",
            "de transformatie van leegstaande gebouwen",
            "klimaatbestendig bouwen",
            "de woningmarkt in de regio's",
            "betaalbaar wonen",
            "de kwaliteit van de leefomgeving",
        ],
    ),
    2: (
        "Nieuwe energie",
        "Wij willen dat Overijssel in 2023 twintig procent van zijn energie duurzaam opwekt. "
        "Daarvoor zetten wij in op besparing en opwekking",
        [
            "energiebesparing bij bedrijven",
            "energiebesparing in de gebouwde omgeving",
            "lokale energie-initiatieven",
            "de opwek van duurzame energie",
            "de warmtetransitie",
            "zon op daken",
            "een robuust energienet",
            "waterstof als energiedrager",
            "de Regionale Energiestrategieën",
            "duurzame mobiliteit",
            "de verduurzaming van de industrie",
            "de energietransitie in de wijken",
        ],
    ),
    3: (
        "Natuur en vitaal platteland",
        "Wij werken aan een vitaal platteland waar landbouw, natuur en recreatie elkaar "
        "versterken. Twee pijlers vormen de basis",
        [
            "het Natuurnetwerk Nederland",
            "de Natura 2000-gebieden",
            "een vitale landbouw",
            "de landbouwstructuur",
            "de biodiversiteit op het boerenerf",
            "de kwaliteit van het landschap",
            "de recreatieve routenetwerken",
            "agrarisch natuurbeheer",
            "de aanpak van stikstof",
            "de kleine kernen op het platteland",
            "kringlooplandbouw",
            "de weidevogels",
        ],
    ),
    4: (
        "Goede bereikbaarheid",
        "Wij zorgen voor een goed bereikbaar Overijssel, over de weg, over het water en met "
        "het openbaar vervoer. Vier netwerken vormen het fundament",
        [
            "de provinciale wegen en vaarwegen",
            "de doorstroming op provinciale wegen",
            "het regionale openbaar vervoer",
            "het fietsgebruik",
            "de verkeersveiligheid",
            "de spoorverbindingen",
            "de binnenvaart en havens",
            "slimme mobiliteit",
            "de snelfietsroutes",
            "het goederenvervoer over water",
            "de bereikbaarheid van de kleine kernen",
            "de ketenmobiliteit",
        ],
    ),
    5: (
        "Behoud en groei van de werkgelegenheid in Overijssel",
        "Wij werken aan een concurrerende economie met meer werkgelegenheid. Drie pijlers "
        "vormen het fundament",
        [
            "het innovatieve mkb",
            "ondernemerschap",
            "de aansluiting tussen onderwijs en arbeidsmarkt",
            "de vrijetijdseconomie",
            "de biobased economie",
            "internationalisering",
            "talent voor de regio",
            "de techniek in het onderwijs",
            "de circulaire economie",
            "de digitale economie",
            "de regionale economie",
            "het werken in de techniek",
        ],
    ),
    6: (
        "Sociale kwaliteit en cultuur",
        "Wij investeren in een samenleving waarin iedereen mee kan doen. Cultuur en erfgoed "
        "dragen daar wezenlijk aan bij",
        [
            "de bibliotheekvoorziening",
            "het Overijsselse erfgoed",
            "het digitale erfgoed",
            "de culturele infrastructuur",
            "de sport in Overijssel",
            "de leefbaarheid in dorpen",
            "de cultuureducatie",
            "de monumenten",
            "de podiumkunsten",
            "het immaterieel erfgoed",
            "de sociale samenhang",
            "de historische kastelen en buitenplaatsen",
        ],
    ),
    7: (
        "Water en milieu",
        "Wij zorgen samen met de waterschappen voor veilige dijken, schoon water en een "
        "gezonde bodem. Drie thema's vragen de komende jaren aandacht",
        [
            "de waterveiligheid",
            "de kwaliteit van het grondwater",
            "de zoetwatervoorziening",
            "de bodemsanering",
            "de luchtkwaliteit",
            "de vergunningverlening en handhaving",
            "de klimaatadaptatie",
            "de beekdalen",
            "de drinkwatervoorziening",
            "de externe veiligheid",
            "het herstel van de veenweidegebieden",
            "de geluidhinder",
        ],
    ),
    8: (
        "Openbaar bestuur",
        "Wij werken aan een krachtig en herkenbaar openbaar bestuur dat dicht bij de inwoners "
        "staat. Daarvoor werken wij nauw samen",
        [
            "de samenwerking met gemeenten",
            "de kwaliteit van het openbaar bestuur",
            "de financiële positie van gemeenten",
            "de Europese samenwerking",
            "de participatie van inwoners",
            "de dienstverlening aan inwoners",
            "het interbestuurlijk toezicht",
            "de grensoverschrijdende samenwerking",
            "de archieffunctie",
            "de bestuurlijke vernieuwing",
        ],
    ),
    9: (
        "Veiligheid en leefomgeving",
        "Wij dragen bij aan een veilige en gezonde leefomgeving voor alle inwoners. "
        "Daarbij werken wij samen met de veiligheidsregio's",
        [
            "de sociale veiligheid",
            "de aanpak van ondermijning",
            "de crisisbeheersing",
            "de integriteit van het bestuur",
            "een veilige leefomgeving",
            "de weerbaarheid van het bestuur",
            "de gezondheid in de leefomgeving",
            "de veiligheid in het buitengebied",
        ],
    ),
    10: (
        "Regionale opgaven",
        "Wij investeren samen met de regio's in hun eigen agenda. Elke regio kiest daarbij "
        "haar eigen koers",
        [
            "de Regio Deals",
            "de regionale investeringsagenda's",
            "de Agenda van Twente",
            "de samenwerking in Regio Zwolle",
            "de ontwikkeling van West-Overijssel",
            "de stedelijke netwerken",
            "de grensregio",
            "de samenwerking in Salland",
            "de Vechtdal-agenda",
            "de Sallandse Heuvelrug",
        ],
    ),
}
TITLE_VERBS = [
    "Versterken van",
    "Stimuleren van",
    "Verbeteren van",
    "Ondersteunen van",
    "Versnellen van",
    "Ontwikkelen van",
    "Behouden van",
    "Bevorderen van",
    "Uitvoeren van",
    "Vernieuwen van",
    "Beschermen van",
    "Benutten van",
    "Impuls voor",
    "Investeren in",
    "Borgen van",
    "Verduurzamen van",
]


@dataclass(frozen=True)
class Prestatie:
    """A prestatie in the catalogue of one numbering era."""

    code: str
    title: str
    kerntaak: int
    theme: str  # the object phrase of the title, used in the running text


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _new_title(rng: random.Random, kerntaak: int, used: set[str]) -> tuple[str, str]:
    themes = KERNTAKEN[kerntaak][2]
    for _ in range(200):
        theme = rng.choice(themes)
        verb = rng.choice(TITLE_VERBS)
        title = f"{verb} {theme}"
        if rng.random() < 0.06:
            title = _capitalised(theme)
        if rng.random() < 0.04:
            start = rng.choice([2016, 2017, 2020, 2021])
            title = f"{title} {start}-{start + 3}"
        if title not in used:
            used.add(title)
            return title, theme
    counter = len(used)
    title = f"{verb} {theme} (deel {counter})"
    used.add(title)
    return title, theme


def _base_structure(rng: random.Random, size: int) -> dict[tuple[int, int], int]:
    """Number of prestaties per (kerntaak, beleidsdoel), at least ``size`` in total."""
    counts: dict[tuple[int, int], int] = {}
    for kerntaak in KERNTAKEN:
        for goal in range(1, rng.randint(2, 5) + 1):
            counts[(kerntaak, goal)] = rng.randint(2, 7)
    counts[(6, 1)] = max(counts.get((6, 1), 0), 12)  # 6.1.12 exists
    _grow(counts, size)
    return counts


def _grow(counts: dict[tuple[int, int], int], size: int) -> None:
    """Add prestaties (then beleidsdoelen, then longer lists) until ``size`` is reached."""
    limit = 12
    while sum(counts.values()) < size:
        open_goals = [key for key, count in counts.items() if count < limit]
        if open_goals:
            key = min(open_goals, key=lambda k: (counts[k], k))
            counts[key] += 1
            continue
        added = False
        for kerntaak in KERNTAKEN:
            goals = [g for (k, g) in counts if k == kerntaak]
            if len(goals) < 9:
                counts[(kerntaak, max(goals) + 1)] = 1
                added = True
        if not added:
            limit = min(99, limit + 6)


def _catalogue_from(counts: dict[tuple[int, int], int], rng: random.Random) -> list[Prestatie]:
    used: set[str] = set()
    out = []
    for (kerntaak, goal), count in sorted(counts.items()):
        for number in range(1, count + 1):
            title, theme = _new_title(rng, kerntaak, used)
            out.append(Prestatie(f"{kerntaak}.{goal}.{number}", title, kerntaak, theme))
    return out


def _renumbered(base: list[Prestatie], rng: random.Random, size: int) -> list[Prestatie]:
    """The catalogue of the next era: codes shift, most titles stay, some change."""
    swap = rng.sample(sorted(KERNTAKEN), 2)
    kerntaak_map = {k: k for k in KERNTAKEN}
    kerntaak_map[swap[0]], kerntaak_map[swap[1]] = swap[1], swap[0]
    used = {p.title for p in base}
    groups: dict[tuple[int, int], list[Prestatie]] = {}
    for prestatie in base:
        kerntaak, goal, _ = (int(part) for part in prestatie.code.split("."))
        groups.setdefault((kerntaak_map[kerntaak], goal), []).append(prestatie)
    out: list[Prestatie] = []
    for (kerntaak, goal), members in sorted(groups.items()):
        members = list(members)
        if len(members) > 2 and rng.random() < 0.3:
            members.pop(rng.randrange(len(members)))  # a prestatie ended: later codes shift
        titles = [(p.title, p.theme) for p in members]
        if rng.random() < 0.3:  # a new prestatie in between: later codes shift up
            titles.insert(rng.randrange(len(titles) + 1), _new_title(rng, kerntaak, used))
        for number, (title, theme) in enumerate(titles, 1):
            roll = rng.random()
            if roll < 0.12:
                title, theme = _new_title(rng, kerntaak, used)  # the code gets a new title
            elif roll < 0.24:
                verb = rng.choice(TITLE_VERBS)
                reworded = f"{verb} {theme}"
                if reworded not in used:
                    used.add(reworded)
                    title = reworded
            out.append(Prestatie(f"{kerntaak}.{goal}.{number}", title, kerntaak, theme))
    counts: dict[tuple[int, int], int] = {}
    for prestatie in out:
        kerntaak, goal, _ = (int(part) for part in prestatie.code.split("."))
        counts[(kerntaak, goal)] = counts.get((kerntaak, goal), 0) + 1
    before = dict(counts)
    _grow(counts, size)
    for key, count in sorted(counts.items()):
        for number in range(before.get(key, 0) + 1, count + 1):
            title, theme = _new_title(rng, key[0], used)
            out.append(Prestatie(f"{key[0]}.{key[1]}.{number}", title, key[0], theme))
    return sorted(out, key=lambda p: _code_key(p.code))


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.split("."))


def catalogues(rng: random.Random, sizes: dict[str, int]) -> dict[str, list[Prestatie]]:
    """The prestatie catalogue of each era; era B is the base, A and C are renumberings."""
    base_size = max(sizes["B"], rng.randint(170, 230))
    era_b = sorted(
        _catalogue_from(_base_structure(rng, base_size), rng), key=lambda p: _code_key(p.code)
    )
    era_a = _renumbered(era_b, rng, sizes["A"])
    era_c = _renumbered(era_b, rng, sizes["C"])
    return {"A": era_a, "B": era_b, "C": era_c}


# ---------------------------------------------------------------------------------------------
# Actors
# ---------------------------------------------------------------------------------------------

GENERIC_PARTNERS = [
    "gemeenten",
    "de waterschappen",
    "het bedrijfsleven",
    "onderwijsinstellingen",
    "maatschappelijke organisaties",
    "woningcorporaties",
    "de regio's",
    "kennisinstellingen",
    "ondernemers",
    "inwoners",
    "het Rijk",
    "terreinbeherende organisaties",
    "partners",
    "zorgverzekeraars",
    "vrijwilligersorganisaties",
    "musea",
    "netbeheerders",
]


@dataclass(frozen=True)
class Actor:
    """A registered actor with its spelling variants."""

    key: str
    label: str
    variants: tuple[str, ...]


_ACTORS: list[Actor] = []


def actors() -> list[Actor]:
    """The actors of ``ontology/actoren.ttl`` with their skos:altLabel variants, by key."""
    if not _ACTORS:
        skos = "http://www.w3.org/2004/02/skos/core#"
        labels: dict[str, str] = {}
        variants: dict[str, list[str]] = {}
        path = actor_register_file()
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            subject = quad.subject.value if isinstance(quad.subject, ox.NamedNode) else None
            if subject is None or not isinstance(quad.object, ox.Literal):
                continue
            if quad.predicate.value == skos + "prefLabel":
                labels[subject] = quad.object.value
            elif quad.predicate.value == skos + "altLabel":
                variants.setdefault(subject, []).append(quad.object.value)
        for iri in sorted(labels):
            key = iri.rsplit("/", 1)[-1]
            _ACTORS.append(Actor(key, labels[iri], tuple(sorted(variants.get(iri, [])))))
    return list(_ACTORS)


def actor_name(rng: random.Random, actor: Actor) -> str:
    """The actor's preferred label or, about one time in three, one of its variants."""
    if actor.variants and rng.random() < 0.35:
        return rng.choice(actor.variants)
    return actor.label


def coordinated(names: Sequence[str]) -> str:
    """``X``, ``X en Y``, ``X, Y en Z``."""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " en " + names[-1]


# ---------------------------------------------------------------------------------------------
# Section content: what a document says of a prestatie, independent of the channel
# ---------------------------------------------------------------------------------------------

NUMBER_WORDS = {
    3: "drie",
    4: "vier",
    5: "vijf",
    6: "zes",
    8: "acht",
    10: "tien",
    12: "twaalf",
    15: "vijftien",
    20: "twintig",
}
QUALIFIERS = ["", "", "minimaal ", "ten minste ", "ruim "]
COUNT_NOUNS = [
    "bedrijven",
    "gemeenten",
    "projecten",
    "woningen",
    "initiatieven",
    "scholen",
    "kruispunten",
    "laadpunten",
    "monumenten",
    "innovatievouchers",
    "leningen",
    "evenementen",
    "convenanten",
    "starters",
    "dorpen",
    "bruggen",
    "gebiedsprocessen",
    "proeftuinen",
]
POPULATIONS = [
    "de deelnemende bedrijven",
    "de woningen in de regio",
    "de bedrijventerreinen",
    "de scholen in het primair onderwijs",
    "de archiefstukken",
    "de gemeenten",
    "de provinciale gebouwen",
    "de agrarische bedrijven",
    "de bushaltes",
]
PROGRAMME_NOUNS = [
    "uitvoeringsprogramma",
    "actieplan",
    "investeringsvoorstel",
    "gebiedsprogramma",
    "meerjarenprogramma",
    "werkprogramma",
    "subsidieregeling",
    "samenwerkingsagenda",
]
ROLES = [
    "regisseur",
    "faciliteerder",
    "investeerder",
    "uitvoerder",
    "aandeelhouder",
    "belangenassembleur",
    "stimulator",
    "opdrachtgever",
]
FUNDING_SOURCES = [  # one spelling per fund is picked for a make-up
    [
        "Reserve Uitvoering Kwaliteit van Overijssel",
        "Reserve Kwaliteit van Overijssel",
        "UKVO",
        "KvO",
    ],
    ["Algemene risicoreserve"],
    ["algemene middelen"],
]
WEBSITES = [
    "Programmasite",
    "Overijssel.nl",
    "Projectpagina",
    "Meer informatie",
    "Website van het programma",
]
COLOURS = ["groen", "groen", "groen", "oranje", "oranje", "rood"]
BUDGET_CHANGES = [
    "Geen",
    "Geen",
    "GS Begrotingswijziging",
    "PS Begrotingswijziging",
    "Vooraankondiging resultaatbestemming",
    "Resultaatbestemming",
    "PS Begrotingswijziging Vooraankondiging resultaatbestemming",
]


@dataclass
class ActionText:
    """One action: its sentence(s) and any nested sub-items."""

    text: str
    subitems: list[str] = field(default_factory=list)
    inline: bool = False  # sub-items as " - a; - b" inside the numbered line


@dataclass
class Budget:
    """Begroot / Besteed / Ruimte in whole euros, and how the table writes them."""

    begroot: int
    besteed: int
    thousands: bool
    spent_label: str  # Besteed | Gerealiseerd | Realisatie


@dataclass
class SectionContent:
    """Everything one document says of one prestatie."""

    prestatie: Prestatie
    title: str
    document: Document
    intro: str
    context: list[str]
    actions: list[ActionText]
    budget: Budget | None
    makeup: list[tuple[int, str]]
    scores: dict[str, str]  # aspect -> groen | oranje | rood
    progress: list[str]
    finance_label: str | None  # None, "Begrotingswijziging GS", "Begrotingswijziging PS"
    finance: list[str]
    finance_nested: bool
    holders: list[str]
    role_text: str
    duration: str
    reserve: bool | None
    reserve_label: str
    investment: str | None
    website: str | None
    milestones: list[str]
    budget_change: str
    change_amount: int  # x € 1.000, for W2 project pages
    decisions: list[str]
    references: list[str]
    investment_budget: int | None


def _decision(rng: random.Random, year: int, variant: str | None = None) -> tuple[str, str]:
    """A decision identifier and the way the text writes it (§4.6 variants)."""
    serial = rng.randint(10, 1300) if year >= 2020 else rng.randint(10, 999)
    ident = f"PS/{year}/{serial}"
    variant = variant or rng.choice(["plain", "plain", "noslash", "bracket", "paren", "zie"])
    written = {
        "plain": ident,
        "noslash": f"PS{year}/{serial}",
        "bracket": f"[{ident} ]" if rng.random() < 0.5 else f"[{ident}]",
        "paren": f"({ident})",
        "zie": f"zie {ident}",
    }[variant]
    return ident, written


def _deadline(rng: random.Random, year: int) -> tuple[str, int]:
    target = year + rng.choice([0, 0, 1, 1, 2, 3])
    month = rng.choice(["januari", "april", "juli", "oktober"])
    phrase = rng.choice(
        [
            f"eind {target}",
            f"in {target}",
            f"vóór 1 {month} {target}",
            f"uiterlijk {target}",
            f"in {target}",
            f"eind {target}",
        ]
    )
    return phrase, target


def _count(rng: random.Random) -> str:
    if rng.random() < 0.35:
        return NUMBER_WORDS[rng.choice(sorted(NUMBER_WORDS))]
    return rng.choice(
        [
            "2",
            "5",
            "6",
            "7",
            "9",
            "12",
            "14",
            "18",
            "25",
            "30",
            "40",
            "45",
            "60",
            "75",
            "120",
            "150",
            "250",
            "400",
            "1.500",
            "2.500",
        ]
    )


def _euros(rng: random.Random) -> str:
    return rng.choice(
        [
            "€ 1,2 miljoen",
            "€ 20 miljoen",
            "€ 3,75 mln",
            "€ 15 miljoen",
            "€\u00a02,5 miljoen",
            "€ 750.000",
            "€ 4.600.000",
            "€ 0,8 miljoen",
        ]
    )


def _partners(rng: random.Random, pool: list[Actor], generic: bool = True) -> str:
    names = [actor_name(rng, a) for a in rng.sample(pool, k=min(len(pool), rng.randint(1, 3)))]
    if generic and rng.random() < 0.5:
        names.append(rng.choice(GENERIC_PARTNERS))
    return coordinated(names)


ACTION_KINDS = 24
ACTION_VERBS = [
    "ondersteunen",
    "stimuleren",
    "financieren",
    "versterken",
    "ontwikkelen",
    "organiseren",
    "begeleiden",
    "verbinden",
    "faciliteren",
]
SUB_ITEMS = [
    "Wij ondersteunen lokale initiatieven met procesgeld.",
    "Wij bieden kennis en netwerk aan.",
    "Wij monitoren de resultaten per regio.",
    "Wij bespreken de voortgang ieder kwartaal met de partners.",
    "Wij verstrekken leningen via het revolverend fonds.",
    "Wij organiseren bijeenkomsten voor de betrokken partijen.",
    "Wij stellen een handreiking op voor gemeenten.",
]


def _action(
    rng: random.Random,
    kind: int,
    content_year: int,
    theme: str,
    pool: list[Actor],
    refs: list[str],
) -> tuple[ActionText, str | None]:
    """One action of template ``kind`` and the code it refers to (if any)."""
    partners = _partners(rng, pool)
    programme = rng.choice(PROGRAMME_NOUNS)
    noun = rng.choice(COUNT_NOUNS)
    qual = rng.choice(QUALIFIERS)
    deadline, _ = _deadline(rng, content_year)
    percent = rng.choice([25, 30, 40, 50, 60, 75, 80, 90, 95])
    verb = rng.choice(ACTION_VERBS)
    opener = rng.choice(["Wij", "Wij", "We"])
    ref: str | None = None
    if kind == 0:
        number = f"{qual}{_count(rng)} {noun}"
        text = f"{opener} zorgen dat {deadline} {number} zijn ondersteund bij {theme}."
    elif kind == 1:
        text = (
            f"{opener} {verb} {deadline} {qual}{_count(rng)} {noun} bij {theme}, samen met "
            f"{partners}."
        )
    elif kind == 2:
        population = rng.choice(POPULATIONS)
        text = f"{percent}% van {population} is {deadline} voorzien van een plan voor {theme}."
    elif kind == 3:
        text = (
            f"{opener} maken prestatieafspraken met {partners} over {theme}, met als doel "
            f"{percent}% deelname {deadline}."
        )
    elif kind == 4:
        text = (
            f"Via het Energiefonds Overijssel lokken wij {rng.choice(['minimaal ', ''])}"
            f"{_euros(rng)} aan investeringen in {theme} uit {deadline}."
        )
    elif kind == 5:
        year = content_year + rng.randint(0, 2)
        text = (
            f"Tot en met {year} begeleiden wij {_count(rng)} {noun} bij het opstellen van "
            f"een plan voor {theme}."
        )
    elif kind == 6:
        text = (
            f"{opener} stimuleren {theme} voor afstanden tot 15 km en ondersteunen bedrijven "
            f"die zich verplichten minimaal 3 jaar in Overijssel te blijven."
        )
    elif kind == 7:
        text = f"{opener} zorgen dat alle gemeenten {deadline} een aanpak voor {theme} hebben."
    elif kind == 8:
        text = (
            f"{opener} verkennen met {partners} geschikte locaties voor in totaal "
            f"{rng.choice([120, 250, 400])} hectare, gericht op {theme}."
        )
    elif kind == 9:
        text = f"Opstellen van een {programme} voor {theme}, in samenwerking met {partners}."
    elif kind == 10:
        text = f"Uitvoeren van het {programme} ‘{_capitalised(theme)}’ samen met {partners}."
    elif kind == 11:
        text = (
            f"{opener} voeren samen met {partners} het {programme} uit, gericht op {theme}. "
            f"{opener} monitoren de voortgang ieder half jaar."
        )
    elif kind == 12:
        subs = rng.sample(SUB_ITEMS, k=rng.randint(2, 3))
        action = ActionText(
            f"{opener} geven uitvoering aan {theme} met de volgende instrumenten:",
            subs,
            inline=rng.random() < 0.4,
        )
        return action, None
    elif kind == 13 and refs:
        ref = rng.choice(refs)
        pointer = rng.choice(
            [
                f"(zie prestatie {ref})",
                f"[zie ook prestatie {ref}]",
                f"(in samenhang met prestatie {ref} {rng.choice(['talent', 'de regio'])})",
                f"({ref})",
            ]
        )
        text = f"{opener} werken met {partners} aan {theme} {pointer}."
    elif kind == 14:
        text = (
            f"{opener} streven er {deadline} naar om minimaal {_euros(rng)} te investeren in "
            f"{theme}."
        )
    elif kind == 15:
        text = (
            f"{opener} besparen {deadline} ten minste {rng.choice([150, 300, 500])} TJ aan "
            f"energie via {theme}."
        )
    elif kind == 16:
        text = f"{opener} bieden een bijdrage van ten hoogste € 50.000,-- per project voor {theme}."
    elif kind == 17:
        text = (
            f"{opener} brengen {partners} bij elkaar om {theme} een impuls te geven. Zo "
            f"ontstaat een netwerk dat ook na deze periode blijft bestaan."
        )
    elif kind == 18:
        text = f"Organiseren dat de programma's van {partners} voor {theme} op elkaar aansluiten."
    elif kind == 19:
        text = (
            f"{opener} sluiten {deadline} {_count(rng)} convenanten af met {partners} over {theme}."
        )
    elif kind == 20:
        text = (
            f"{opener} actualiseren het {programme} voor {theme}. Conform het "
            f"{programme} worden aanvullende acties benoemd."
        )
    elif kind == 21:
        text = (
            f"{opener} ondersteunen gemeenten bij {theme}; de inzet richt zich in "
            f"{content_year} vooral op de kleine kernen."
        )
    elif kind == 22:
        text = (
            f"Herijken van de afspraken over {theme} met {partners}, zodat de inzet beter "
            f"aansluit bij de vraag uit de regio."
        )
    else:
        text = (
            f"{opener} {verb} samen met {partners} {theme} in de regio's Twente, Zwolle en Salland."
        )
    return ActionText(text), ref


INTRO_FIRST = [
    "Wij zetten in op {theme} en dragen zo bij aan een sterk en vitaal Overijssel.",
    "Wij werken samen met {partners} aan {theme}.",
    "Met deze prestatie geven wij een impuls aan {theme}.",
    "Wij investeren in {theme}, zodat inwoners en bedrijven er ook op lange termijn van "
    "profiteren.",
    "Wij willen dat {theme} in heel Overijssel op peil blijft.",
    "Wij geven samen met {partners} vorm aan {theme}.",
    "Deze prestatie richt zich op {theme} in stad en platteland.",
    "Wij maken ons sterk voor {theme}, omdat dit de kracht van de regio vergroot.",
]
INTRO_SECOND = [
    "Dat draagt bij aan de kwaliteit van Overijssel.",
    "Hiermee dragen wij bij aan kerntaak {kerntaak}.",
    "Zo blijft Overijssel een aantrekkelijke provincie om in te wonen en te werken.",
    "Daarmee versterken wij de samenhang tussen de regio's.",
    "Wij doen dat waar mogelijk samen met de partners in de regio.",
    "",
    "",
]
CONTEXT_SENTENCES = [
    "De opgave rond {theme} is de afgelopen jaren gegroeid.",
    "Samen met {partners} werken wij aan een gezamenlijke aanpak.",
    "Het primaat ligt bij {generic}, maar wij brengen partijen bij elkaar en financieren mee.",
    "In beleidsdoel {goal} staat de samenhang met de andere prestaties beschreven.",
    "Onderzoek laat zien dat {theme} in Overijssel achterblijft bij het landelijk beeld.",
    "Wij voeren actief regie en stemmen de inzet af met de regio's.",
    "Binnen kerntaak {kerntaak} is dit een van de speerpunten.",
    "De vraag naar ondersteuning is groter dan verwacht, vooral in Twente.",
    "Wij sluiten aan bij landelijke afspraken en vullen die regionaal in.",
    "Met {partners} zijn afspraken gemaakt over de verdeling van de taken.",
    "De economische ontwikkeling en de krapte op de arbeidsmarkt vragen om een andere aanpak.",
    "Veel initiatieven lopen aan tegen een gebrek aan kennis, netwerk of financiering.",
    "Wij zetten in op een integrale aanpak, waarin ruimte, economie en leefbaarheid samenkomen.",
    "Het aantal aanvragen is in {year} flink toegenomen.",
]


def _intro(rng: random.Random, prestatie: Prestatie, pool: list[Actor]) -> str:
    values = {
        "theme": prestatie.theme,
        "partners": _partners(rng, pool),
        "kerntaak": prestatie.kerntaak,
    }
    first = rng.choice(INTRO_FIRST).format(**values)
    second = rng.choice(INTRO_SECOND).format(**values)
    return f"{first} {second}".strip()


def _context(
    rng: random.Random, prestatie: Prestatie, pool: list[Actor], year: int
) -> tuple[list[str], list[str]]:
    values = {
        "theme": prestatie.theme,
        "partners": _partners(rng, pool),
        "generic": rng.choice(GENERIC_PARTNERS),
        "goal": prestatie.code.rsplit(".", 1)[0],
        "kerntaak": prestatie.kerntaak,
        "year": year - 1,
    }
    count = rng.randint(1, 3)
    picked = [t.format(**values) for t in rng.sample(CONTEXT_SENTENCES, k=count * 2 + 1)]
    decisions: list[str] = []
    paragraphs = []
    for index in range(count):
        sentences = picked[index * 2 : index * 2 + 2 + (index == count - 1)]
        if rng.random() < 0.15:
            ident, written = _decision(rng, max(2012, year - rng.randint(0, 2)), "paren")
            decisions.append(ident)
            sentences.append(f"Provinciale Staten hebben de aanpak vastgesteld {written}.")
        if rng.random() < 0.08:
            kenmerk = f"{year - 1}/0{rng.randint(100000, 999999)}"
            sentences.append(f"De subsidie is verleend onder kenmerk {kenmerk}.")
        paragraphs.append(" ".join(sentences))
    return paragraphs, decisions


def _progress(rng: random.Random, actions: int, year: int) -> list[str]:
    if rng.random() < 0.45:
        return ["Geen afwijking."]
    notes = []
    for number in sorted(rng.sample(range(1, actions + 1), k=min(actions, rng.randint(1, 2)))):
        notes.append(
            f"Actie {number}: "
            + rng.choice(
                [
                    f"In {year} zijn {rng.choice(['drie', 'vijf', '14'])} projecten gestart.",
                    "De uitvoering loopt volgens planning.",
                    "Door vertraging bij de partners schuift de oplevering op naar volgend jaar.",
                    f"Het resultaat lag in {year} gemiddeld op {rng.randint(60, 98)}%.",
                ]
            )
        )
    if rng.random() < 0.5:
        notes.insert(
            0,
            rng.choice(
                [
                    "De uitvoering verloopt trager dan gepland: de voorbereiding vraagt meer tijd.",
                    "Het programma ligt op schema. De eerste resultaten zijn zichtbaar.",
                ]
            ),
        )
    return notes


def _finance(
    rng: random.Random, prestatie: Prestatie, year: int
) -> tuple[str | None, list[str], bool]:
    roll = rng.random()
    if roll < 0.35:
        return None, ["Geen afwijking."], rng.random() < 0.5
    if roll < 0.5:
        goal = prestatie.code.rsplit(".", 1)[0]
        return None, [f"Zie de toelichting bij beleidsdoel {goal}."], False
    amount = rng.choice(
        [
            "€ 1,1 miljoen",
            "€ 0,55 miljoen",
            "€ 3,75 mln",
            "€ 4.600.000",
            "€ 50.000,--",
            "€\u00a00,4 miljoen",
        ]
    )
    text = rng.choice(
        [
            f"De besteding blijft achter bij de begroting. Wij schuiven {amount} door naar "
            f"{year + 1}.",
            f"Op basis van de spelregels van Kwaliteit van Overijssel hebben wij besloten om een "
            f"bedrag à {amount} lasten door te schuiven vanuit {year} naar {year + 1}, op "
            f"prestatie {prestatie.code}.",
            f"Door vertraging valt {amount} vrij ten gunste van de algemene middelen.",
            f"Het restant van {amount} wordt via een resultaatbestemming beschikbaar gehouden.",
        ]
    )
    label = rng.choice([None, "Begrotingswijziging GS", "Begrotingswijziging PS"])
    return label, [text], False


def _role_text(rng: random.Random) -> str:
    first, second = rng.sample(ROLES, 2)
    return rng.choice(
        [
            f"Wij vervullen de rol van {first}.",
            f"In deze prestatie vervullen wij de rol van {first} en {second}.",
            f"Onze rol in deze prestatie is de rol van {first}.",
            f"Wij zijn {first} en {second}.",
            f"{first}, {second}",
            "Dit is een wettelijke taak.",
            "Reguliere taak.",
        ]
    )


def _duration(rng: random.Random, year: int) -> str:
    end = year + rng.randint(1, 5)
    return rng.choice(
        [
            "Structureel.",
            "Structureel.",
            "Niet structureel.",
            f"Niet structureel, naar verwachting afgerond in {end}.",
            f"niet structureel (tot en met {end})",
        ]
    )


def _reserve_label(rng: random.Random, year: int) -> str:
    name = "Ecologische Hoofdstructuur" if year < 2017 else "Natuurnetwerk Nederland"
    head = rng.choice(["Relatie met reserve", "Relatie met uitvoeringsreserve"])
    slash = rng.choice(["/", " / "])
    end = rng.choice(["?", "?:", ":", ""])
    return f"{head} {name}{slash}Kwaliteit van Overijssel{end}"


def make_content(
    prestatie: Prestatie,
    title: str,
    document: Document,
    seed: str,
    catalogue: Sequence[Prestatie],
) -> SectionContent:
    """What ``document`` says of ``prestatie``; deterministic in ``seed``."""
    stable = random.Random(f"{seed}|{prestatie.code}|{prestatie.title}")
    rng = random.Random(f"{seed}|{document.slug}|{prestatie.code}")
    register = actors()
    pool = stable.sample(register, k=6)
    year = document.year
    period = holder_period(year)
    holders_list = HOLDERS[period]
    holders = [holders_list[(prestatie.kerntaak + stable.randrange(2)) % len(holders_list)]]
    if stable.random() < 0.15:
        other = holders_list[(prestatie.kerntaak + 3) % len(holders_list)]
        if other not in holders:
            holders.append(other)
    if prestatie.kerntaak == 8 and stable.random() < 0.3:
        holders = [KING_COMMISSIONER[period]]
    others = [p.code for p in catalogue if p.code != prestatie.code]
    refs = stable.sample(others, k=min(3, len(others)))
    actions: list[ActionText] = []
    referenced: list[str] = []
    kinds = rng.sample(range(ACTION_KINDS), k=rng.randint(2, 8))
    for kind in kinds:
        action, ref = _action(rng, kind, year, prestatie.theme, pool, refs)
        actions.append(action)
        if ref:
            referenced.append(ref)
    context, decisions = _context(rng, prestatie, pool, year)
    budget = None
    makeup: list[tuple[int, str]] = []
    if document.reports or rng.random() < 0.2:
        begroot = rng.randint(40, 25_000) * 1000
        besteed = int(begroot * rng.uniform(0.1, 1.05)) // 1000 * 1000
        label = rng.choice(["Besteed", "Besteed", "Gerealiseerd", "Realisatie"])
        budget = Budget(begroot, besteed, rng.random() < 0.3, label)
        parts = rng.randint(1, 3)
        cuts = sorted(rng.sample(range(1, begroot // 1000), k=min(parts - 1, begroot // 1000 - 1)))
        bounds = [0, *cuts, begroot // 1000]
        sources = [rng.choice(f) for f in rng.sample(FUNDING_SOURCES, k=len(bounds) - 1)]
        makeup = [
            ((b - a) * 1000, s) for a, b, s in zip(bounds[:-1], bounds[1:], sources, strict=True)
        ]
    aspects = ["integraal", "acties", "financien", "inhoud"]
    scores = {aspect: rng.choice(COLOURS) for aspect in aspects}
    finance_label, finance, nested = _finance(rng, prestatie, year)
    investment = None
    reserve: bool | None = None
    if year < 2020:
        reserve = stable.random() < 0.6
        if reserve:
            start = 2015 if year >= 2016 else 2012
            ident, written = _decision(
                stable, start + stable.randint(0, 1), stable.choice(["plain", "bracket", "noslash"])
            )
            decisions.append(ident)
            agreement = COALITION_AGREEMENT[holder_period(year)]
            investment = stable.choice(
                [
                    f"Vanuit het Coalitieakkoord ‘{agreement}’ is er budget beschikbaar gesteld "
                    f"voor deze prestatie. Dit is verwerkt in de Begroting {start + 1}. Het "
                    f"bijbehorende investeringsbesluit is daarmee de Begroting {start + 1}, "
                    f"{written}.",
                    f"Het investeringsvoorstel ‘{_capitalised(prestatie.theme)}’ is door "
                    f"Provinciale Staten vastgesteld {written}.",
                    f"Het bijbehorende investeringsbesluit is het investeringsvoorstel "
                    f"{_capitalised(prestatie.theme)}, {written}.",
                ]
            )
    milestones: list[str] = []
    if document.kind == "monitor" and year in (2016, 2017) and rng.random() < 0.6:
        ident, written = _decision(rng, year, rng.choice(["zie", "bracket", "plain"]))
        decisions.append(ident)
        milestones.append(f"Statenvoorstel ‘{_capitalised(prestatie.theme)}’, {written}")
    if year >= 2020 and rng.random() < 0.5:
        ident, _ = _decision(rng, year - rng.randint(0, 1), "plain")
        decisions.append(ident)
        milestones.append(f"Statenvoorstel {_capitalised(prestatie.theme)} ({ident})")
    references = list(dict.fromkeys(referenced))
    return SectionContent(
        prestatie=prestatie,
        title=title,
        document=document,
        intro=_intro(rng, prestatie, pool),
        context=context,
        actions=actions,
        budget=budget,
        makeup=makeup,
        scores=scores,
        progress=_progress(rng, len(actions), year),
        finance_label=finance_label,
        finance=finance,
        finance_nested=nested,
        holders=holders,
        role_text=_role_text(stable),
        duration=_duration(stable, year),
        reserve=reserve,
        reserve_label=_reserve_label(rng, year),
        investment=investment,
        website=stable.choice(WEBSITES) if stable.random() < 0.5 else None,
        milestones=milestones,
        budget_change=rng.choice(BUDGET_CHANGES),
        change_amount=-rng.randint(1, 90) * 10 if rng.random() < 0.7 else rng.randint(1, 40) * 25,
        decisions=list(dict.fromkeys(decisions)),
        references=references,
        investment_budget=rng.randint(5, 400) * 10_000 if document.kind == "begroting" else None,
    )


# ---------------------------------------------------------------------------------------------
# Rendering helpers
# ---------------------------------------------------------------------------------------------


def dutch_number(value: int) -> str:
    """``1532000`` → ``1.532.000``."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def colour_word(colour: str, year: int) -> str:
    """Words (Groen) to 2019, letters (G) from 2020."""
    return colour[0].upper() if year >= 2020 else colour.capitalize()


def _mojibake(text: str) -> str:
    return text.replace("ë", "Ã«").replace("ö", "Ã¶")


_DANGEROUS_START = ("-", "•", "*", "(", "[", "#", "prestatie", "Ja.", "Nee.", "Pagina")


def wrap(text: str, rng: random.Random, width: int) -> list[str]:
    """Hard line breaks as in PDF text, never before a token a line must not start with."""
    words = text.split(" ")
    lines: list[str] = []
    current: list[str] = []
    length = 0
    for index, word in enumerate(words):
        fits = length + len(word) + (1 if current else 0) <= width
        unsafe = word[:1].isdigit() or word.startswith(_DANGEROUS_START) or word[:1] in "€%"
        if current and not fits and not unsafe and index > 0:
            if rng.random() < 0.04 and len(word) > 9 and word.isalpha() and word.islower():
                cut = rng.randint(4, len(word) - 4)
                current.append(word[:cut] + "-")
                lines.append(" ".join(current))
                current, length = [word[cut:]], len(word) - cut
                continue
            lines.append(" ".join(current))
            current, length = [], 0
        current.append(word)
        length += len(word) + (1 if len(current) > 1 else 0)
    if current:
        lines.append(" ".join(current))
    return lines


def blank(rng: random.Random) -> str:
    """An empty or whitespace-only line of PDF text."""
    return rng.choice(["", " ", "  ", " "])


# ---------------------------------------------------------------------------------------------
# Channel renderers
# ---------------------------------------------------------------------------------------------


def _w1_actions(content: SectionContent, rng: random.Random) -> list[str]:
    year = content.document.year
    out: list[str] = []
    bullets = content.document.kind == "begroting" and year == 2016
    indent = rng.choice(["  ", "", "      ", "  "])
    for number, action in enumerate(content.actions, 1):
        if bullets:
            out.append(f"• {action.text}")
            out.extend(f"    o  {sub}" for sub in action.subitems)
            continue
        marker = f"{number}."
        if rng.random() < 0.05:
            line = f"{indent}{marker} {marker}{action.text}"  # doubled number glitch
        elif rng.random() < 0.05:
            line = f"{indent}{marker}      {action.text}"
        else:
            line = f"{indent}{marker} {action.text}"
        if action.inline:
            line += " " + " ".join(f"- {sub[0].lower()}{sub[1:-1]};" for sub in action.subitems)
            line = line[:-1] + "."
        out.append(line)
        if action.subitems and not action.inline:
            out.extend(f"{indent}    - {sub}" for sub in action.subitems)
        if indent:
            out.append("")
    return out


def render_w1(content: SectionContent, rng: random.Random) -> str:
    """A W1 portal page (2015-2019): labels on their own lines, values below them."""
    doc = content.document
    gap = "" if doc.kind == "begroting" and doc.year == 2016 else "\n"
    lines = [f"{content.prestatie.code} {content.title}", "", content.intro, ""]
    if doc.kind == "monitor" and rng.random() < 0.7:
        lines += [colour_word(content.scores["integraal"], doc.year), ""]
    context = list(content.context)
    if doc.year == 2016 and "PS/" not in context[-1] and rng.random() < 0.5:
        context[-1] = context[-1].rsplit(" ", 4)[0] + " …"
    lines += ["Context", ""]
    for paragraph in context:
        lines += [paragraph, ""]
    acties = "Acties 2016" if doc.kind == "begroting" and doc.year == 2016 else "Acties"
    lines += [acties, ""]
    lines += _w1_actions(content, rng)
    if lines[-1] != "":
        lines.append("")
    if doc.kind == "begroting" and doc.year == 2018 and content.investment_budget:
        lines += [
            "Investeringsbudget",
            "",
            f"€ {dutch_number(content.investment_budget)}",
            "",
            "Toelichting op het investeringsbudget",
            "",
            f"Het investeringsbudget is bestemd voor de periode 2018–2021 en wordt "
            f"ingezet voor {content.prestatie.theme}.",
            "",
        ]
    if doc.reports:
        lines += ["Toelichting op voortgang", ""]
        for paragraph in content.progress:
            lines += [paragraph, ""]
        finance = "FinanciÃ«n" if rng.random() < 0.03 else "Financiën"
        lines += [finance, ""]
        if content.finance_nested:
            lines += ["Toelichting op voortgang", ""]
        if content.finance_label:
            lines += [content.finance_label, ""]
        for paragraph in content.finance:
            lines += [paragraph, ""]
    lines += ["Basisinformatie", ""]
    label = rng.choice(
        ["Verantwoordelijk portefeuillehouder:", "Verantwoordelijke portefeuillehouder:"]
    )
    if len(content.holders) > 1:
        label = "Verantwoordelijke portefeuillehouders:"
    holder_end = rng.choice(["", "."])
    fields = [
        (label, coordinated(content.holders) + holder_end),
        ("Rol provincie:", content.role_text),
        ("Looptijd prestatie:", content.duration),
    ]
    for name, value in fields:
        lines += [name, "", value, ""] if gap else [name, value]
    if content.reserve is not None:
        lines += [content.reserve_label] + ([""] if gap else [])
        if content.reserve and content.investment:
            lines += ["Ja Bijbehorend investeringsvoorstel:", "", f"  • {content.investment}", ""]
        else:
            lines += ["Ja." if content.reserve else rng.choice(["Nee.", "Nee"]), ""]
    if content.website:
        lines += ["Project website:", "", content.website, ""]
    if content.milestones and doc.year in (2016, 2017):
        lines += ["Mijlpalen:", ""] + [m for m in content.milestones] + [""]
    if doc.kind == "begroting" and doc.year == 2016:
        lines += [
            "",
            f"Gepubliceerd op 12-11-2015 {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}",
        ]
    text = "\n".join(lines).rstrip("\n") + "\n"
    return _mojibake(text) if rng.random() < 0.02 else text


def render_markdown(content: SectionContent, rng: random.Random) -> str:
    """A markdown rendering of a monitor page (seed 002 style)."""
    doc = content.document
    lines = [
        "",
        "",
        f"## {content.prestatie.code} {content.title}",
        "",
        content.intro,
        "",
        f"## {doc.title}",
        "",
        "",
    ]
    if doc.reports:
        lines += [
            "Integrale kleurscore",
            "",
            colour_word(content.scores["integraal"], doc.year),
            "",
        ]
    if content.budget:
        budget = content.budget
        scale = 1000 if budget.thousands else 1
        values = [budget.begroot, budget.besteed, budget.begroot - budget.besteed]
        cells = [dutch_number(v // scale) for v in values]
        lines += ["### Lasten prestatie", ""]
        if budget.thousands:
            lines += [rng.choice(["Bedragen x €1.000", "(x € 1.000)"]), ""]
        header = ["Begroot", budget.spent_label, "Ruimte"]
        if rng.random() < 0.5:
            lines += ["\t".join(header), "\t".join(cells), ""]
        else:
            lines += [
                "| " + " | ".join(header) + " |",
                "|---|---|---|",
                "| " + " | ".join(cells) + " |",
                "",
            ]
        if content.makeup:
            lines += ["### Budgetopbouw", ""]
            lines += [f"{dutch_number(amount)}\t{source}" for amount, source in content.makeup]
            lines += ["-----------\t---", ""]
    lines += ["### Context", ""]
    for paragraph in content.context:
        lines += [paragraph, ""]
    lines += ["### Acties", ""]
    if doc.reports:
        lines += [colour_word(content.scores["acties"], doc.year), ""]
    for number, action in enumerate(content.actions, 1):
        lines.append(f"{number}. {action.text}")
        lines.extend(f"    - {sub}" for sub in action.subitems)
    lines.append("")
    if doc.reports:
        lines += ["### Toelichting op voortgang", ""]
        for paragraph in content.progress:
            lines += [paragraph, ""]
        lines += ["### Financiën", "", colour_word(content.scores["financien"], doc.year), ""]
        for paragraph in content.finance:
            lines += [paragraph, ""]
    label = rng.choice(
        ["Verantwoordelijke portefeuillehouder:", "Verantwoordelijk portefeuillehouder:"]
    )
    lines += [
        f"**{label}**",
        "",
        coordinated(content.holders) + ".",
        "",
        "**Rol provincie:**",
        "",
        content.role_text,
        "",
        "**Looptijd prestatie:**",
        "",
        content.duration,
        "",
    ]
    if content.reserve is not None:
        lines += [f"**{content.reserve_label.rstrip('?:')}**", ""]
        if content.reserve and content.investment:
            lines += ["Ja. Bijbehorend investeringsvoorstel:", "", content.investment, ""]
        else:
            lines += ["Ja." if content.reserve else "Nee.", ""]
    if content.website:
        target = rng.choice(["#", "https://www.example.org/programma"])
        lines += ["**Project website**", "", f"[{content.website}]({target})", ""]
    if content.milestones:
        lines += ["**Mijlpalen:**", ""]
        for milestone in content.milestones:
            if "[" not in milestone and rng.random() < 0.3:
                ident = milestone.rsplit(" ", 1)[-1].strip("()")
                address = "https://www.example.org/besluiten/" + ident.lower().replace("/", "-")
                link = f"[{ident}]({address})"
                milestone = milestone.replace(ident, link)
            lines += [milestone, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _pdf_paragraph(text: str, rng: random.Random, width: int) -> list[str]:
    return [line + " " for line in wrap(text, rng, width)]


def render_pdf(
    content: SectionContent, rng: random.Random, page: int, total: int, *, header: bool
) -> list[str]:
    """PDF-extracted text of one section (seed 000 style), ending in a page footer."""
    doc = content.document
    width = rng.randint(88, 116)
    out: list[str] = []
    out += _pdf_paragraph(content.intro, rng, width)
    out += [blank(rng), "  ", ""] if rng.random() < 0.5 else [blank(rng)]
    out.append(f" {content.prestatie.code} {content.title}   ")
    if header:
        title, statement, _ = KERNTAKEN[content.prestatie.kerntaak]
        fragment = f"{content.prestatie.kerntaak}. {title}. {statement}"
        cut = fragment[: len(fragment) - rng.randint(2, 6)]
        out += [line + " " for line in wrap(cut, rng, width)]
    out += [blank(rng), f" {doc.title} ", "  "]
    if doc.reports:
        if doc.year >= 2020:
            out += [
                "Inhoudelijke kleurscore ",
                colour_word(content.scores["inhoud"], doc.year) + " ",
                "Financiële kleurscore ",
                colour_word(content.scores["financien"], doc.year) + " ",
                "  ",
            ]
        else:
            out += [
                "Integrale kleurscore ",
                "",
                colour_word(content.scores["integraal"], doc.year) + " ",
                "  ",
            ]
    if content.budget and doc.reports:
        budget = content.budget
        scale = 1000 if budget.thousands else 1
        values = [budget.begroot, budget.besteed, budget.begroot - budget.besteed]
        numbers = [dutch_number(v // scale) + " " for v in values]
        labels = ["Begroot ", budget.spent_label + " ", "Ruimte "]
        caption = "Lasten prestatie (x € 1.000) " if budget.thousands else "Lasten prestatie "
        out += (labels + numbers if rng.random() < 0.5 else numbers + labels) + [caption, "  "]
    out += ["Context  ", "  ", blank(rng)]
    for paragraph in content.context:
        out += _pdf_paragraph(paragraph, rng, width) + [blank(rng)]
    out += [blank(rng), blank(rng)]
    for number in range(len(content.actions), 0, -1):
        action = content.actions[number - 1]
        text = action.text
        if action.subitems:
            text += " " + " ".join(f"- {sub}" for sub in action.subitems)
        out += _pdf_paragraph(text, rng, width)
        out += ["", f"{number}. ", ""]
    out += [" ", "  ", "Acties  ", "  "]
    if doc.reports:
        out += ["Toelichting op voortgang "]
        for paragraph in content.progress:
            out += _pdf_paragraph(paragraph, rng, width)
        out += ["", "Financiën "]
        out += [colour_word(content.scores["financien"], doc.year) + " ", ""]
        for paragraph in content.finance:
            out += _pdf_paragraph(paragraph, rng, width)
        out += [" "]
    # Basisinformatie: values before labels, in reverse order
    if content.reserve is not None:
        if content.reserve and content.investment:
            out += _pdf_paragraph(content.investment, rng, width) + [""]
        out += [
            "Ja. " if content.reserve else "Nee. ",
            "",
            content.reserve_label.rstrip("?:") + " ",
            "",
            " ",
        ]
    out += [content.duration + " ", "", "Looptijd prestatie: ", "", " "]
    if doc.year < 2020:
        out += _pdf_paragraph(content.role_text, rng, width) + ["", "Rol provincie: ", "", " "]
    label = rng.choice(
        ["Verantwoordelijke portefeuillehouder: ", "Verantwoordelijk portefeuillehouder: "]
    )
    out += [
        coordinated(content.holders) + ". ",
        "",
        label,
        "",
        " ",
        "  ",
        "Basisinformatie  ",
        "  ",
        f"Pagina {page} van {total} ",
        "",
        " " if rng.random() < 0.5 else "",
        f"{page + 1} ",
    ]
    return out


def _w2_list(content: SectionContent, rng: random.Random, bullets: bool) -> list[str]:
    lines = []
    for number, action in enumerate(content.actions, 1):
        text = action.text
        if action.subitems:
            text += " " + " ".join(f"- {sub[0].lower()}{sub[1:-1]};" for sub in action.subitems)
            text = text[:-1] + "."
        lines.append(f"- {text}" if bullets else f" {number}. {text}")
    return lines


def render_w2_listing(contents: list[SectionContent], rng: random.Random) -> str:
    """A W2 listing page ("De Staat van Overijssel") with several prestaties."""
    doc = contents[0].document
    lines = [
        "Menu",
        "",
        f"Terug naar navigatie - {doc.title}",
        "",
        "Zoeken",
        "",
        f"Prestaties ({len(contents)})",
        "",
    ]
    late_budget = doc.kind == "begroting" and doc.year >= 2024
    for content in contents:
        lines += [f"{content.prestatie.code} {content.title}", ""]
        if not late_budget or rng.random() < 0.4:
            lines += [f"Acties {doc.year}", ""]
        lines += _w2_list(content, rng, bullets=late_budget)
        lines.append("")
        if late_budget:
            names = content.holders if holder_period(doc.year) == "D" else content.holders[:1]
            lines += [", ".join(names), ""]
        elif doc.reports:
            inhoud = colour_word(content.scores["inhoud"], doc.year)
            geld = colour_word(content.scores["financien"], doc.year)
            if doc.kind == "jaarverslag" and doc.year >= 2023:
                lines += [
                    "Inhoudelijk (indicator)",
                    "",
                    inhoud,
                    "",
                    "Geld (indicator)",
                    "",
                    geld,
                    "",
                ]
                if content.budget_change != "Geen":
                    lines += [f" • {content.budget_change}", ""]
            else:
                lines += [
                    "Status",
                    "",
                    "Inhoudelijke kleurscore",
                    "",
                    inhoud,
                    "",
                    "Financiële kleurscore",
                    "",
                    geld,
                    "",
                    "Begrotingswijziging",
                    "",
                    content.budget_change,
                    "",
                ]
    return "\n".join(lines).rstrip("\n") + "\n"


PROGRESS_NOTES = [
    "De uitvoering ligt op schema.",
    "De eerste projecten zijn toegekend.",
    "Door vertraging bij de partners loopt deze actie door in het volgende jaar.",
    "Deze actie is afgerond.",
    "De aanbesteding is gestart; de gunning volgt na de zomer.",
    "Het aantal aanvragen blijft achter bij de verwachting.",
    "De samenwerking met de partners is geformaliseerd in een convenant.",
    "De evaluatie is uitgevoerd en wordt besproken met Provinciale Staten.",
]


def render_w2_project(content: SectionContent, rng: random.Random) -> str:
    """A W2 project page: one prestatie, holder on top, status and explanations below."""
    doc = content.document
    heading = f"{content.prestatie.code} {content.title}"
    lines = [
        "Menu",
        "",
        f"Terug naar navigatie - {heading}",
        "",
        heading,
        "",
        "Portefeuillehouder",
        "",
        ", ".join(content.holders),
        "",
        f"Acties {doc.year}",
        "",
    ]
    lines += _w2_list(content, rng, bullets=False)
    lines.append("")
    if content.milestones:
        lines += ["Statenvoorstellen en -besluiten", ""]
        lines += [f" • {m}" for m in content.milestones] + [""]
    if doc.reports:
        if content.budget_change != "Geen":
            lines += ["Begrotingswijziging", ""]
            lines += [f" • {part}" for part in content.budget_change.split(" Vooraankondiging")[:1]]
            lines += [
                "",
                "Lasten begrotingswijziging",
                "",
                f"{dutch_number(content.change_amount)} (x € 1.000)",
                "",
            ]
        lines += [colour_word(content.scores["inhoud"], doc.year), "", "Inhoud", ""]
        notes = rng.sample(PROGRESS_NOTES, k=len(PROGRESS_NOTES))
        for number in range(1, len(content.actions) + 1):
            lines.append(f"{number}. {notes[(number - 1) % len(notes)]}")
        lines.append("")
    lines += [
        "Verantwoordelijk portefeuillehouder",
        "",
        ", ".join(content.holders),
        "",
        "Opgaven",
        "",
        rng.choice(
            ["Goede bereikbaarheid", "Krachtige economie", "Vitaal platteland", "Energietransitie"]
        ),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


# ---------------------------------------------------------------------------------------------
# Planning: which document and file holds which sections
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionPlan:
    """One section of a file: the prestatie and the title this document gives it."""

    prestatie: Prestatie
    title: str


@dataclass(frozen=True)
class FilePlan:
    """One source file of the corpus."""

    name: str
    document: Document
    style: str
    sections: tuple[SectionPlan, ...]

    @property
    def channel(self) -> str:
        """The channel the project should detect: pdf-text, web-text or markdown."""
        return CHANNEL_OF_STYLE[self.style]


@dataclass(frozen=True)
class CorpusPlan:
    """The whole corpus: catalogues per era and the files in writing order."""

    seed: int
    catalogues: dict[str, list[Prestatie]]
    files: tuple[FilePlan, ...]

    @property
    def sections(self) -> int:
        """Total number of sections."""
        return sum(len(f.sections) for f in self.files)


def _allocate(rng: random.Random, total: int, docs: list[Document]) -> dict[Document, int]:
    """Spread ``total`` sections over documents (fewer documents for a small corpus)."""
    active_count = min(len(docs), max(4, math.ceil(total / 6)))
    step = len(docs) / active_count
    active = [docs[min(len(docs) - 1, int(i * step + step / 2))] for i in range(active_count)]
    weights = [rng.uniform(0.8, 1.2) for _ in active]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    order = sorted(range(len(active)), key=lambda i: (counts[i] - weights[i] * scale, i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return {doc: count for doc, count in zip(active, counts, strict=True) if count > 0}


def _styles_for(doc: Document, multi: bool) -> list[str]:
    year = doc.year
    if multi:
        if year >= 2020:
            return ["w2-listing", "w2-listing", "pdf-multi"]
        if year >= 2015:
            return ["w1-multi", "pdf-multi", "pdf-multi"]
        return ["pdf-multi"]
    if year >= 2020:
        return ["w2-project", "w2-project", "pdf"]
    if year >= 2015:
        styles = ["w1", "w1", "pdf", "pdf"]
        if doc.reports:
            styles += ["markdown", "markdown"]
        return styles
    return ["pdf"]


def _file_sizes(rng: random.Random, count: int, force_multi: bool) -> list[int]:
    sizes: list[int] = []
    remaining = count
    while remaining > 0:
        multi = remaining >= 2 and (force_multi or rng.random() < MULTI_SHARE)
        force_multi = False
        if multi:
            size = min(remaining, 12, 2 + int(rng.expovariate(1 / 2.5)))
            sizes.append(size)
            remaining -= size
        else:
            sizes.append(1)
            remaining -= 1
    return sizes


def plan_corpus(sections: int, seed: int = DEFAULT_SEED) -> CorpusPlan:
    """Decide documents, files and sections; nothing is rendered or written.

    Raises:
        ValueError: ``sections`` is less than 1.

    """
    if sections < 1:
        raise ValueError("sections must be at least 1")
    rng = random.Random(seed)
    docs = all_documents()
    counts = _allocate(rng, sections, docs)
    sizes = {era: max([c for d, c in counts.items() if d.era == era], default=0) for era in "ABC"}
    cats = catalogues(rng, {era: math.ceil(size * 1.1) for era, size in sizes.items()})
    first_in_era: dict[str, Document] = {}
    for doc, count in counts.items():
        if count >= 2 and doc.era in "BC" and doc.era not in first_in_era:
            first_in_era[doc.era] = doc
    files: list[FilePlan] = []
    for doc, count in counts.items():
        catalogue = cats[doc.era]
        chosen = sorted(rng.sample(catalogue, k=count), key=lambda p: _code_key(p.code))
        position = 0
        for size in _file_sizes(rng, count, doc in first_in_era.values()):
            members = chosen[position : position + size]
            position += size
            style = rng.choice(_styles_for(doc, size > 1))
            plans = tuple(SectionPlan(p, _title_variant(rng, p, doc)) for p in members)
            files.append(FilePlan("", doc, style, plans))
    files = _cover_styles(files, rng)
    named = []
    for index, plan in enumerate(files, 1):
        suffix = ".md" if plan.style == "markdown" else ".txt"
        name = f"{index:05d}_{plan.document.slug}_{plan.style}{suffix}"
        named.append(FilePlan(name, plan.document, plan.style, plan.sections))
    return CorpusPlan(seed, cats, tuple(named))


def _title_variant(rng: random.Random, prestatie: Prestatie, doc: Document) -> str:
    title = prestatie.title
    if doc.era == "A" and rng.random() < 0.05:
        return title + "."
    return title


def _cover_styles(files: list[FilePlan], rng: random.Random) -> list[FilePlan]:
    """Make sure every style appears at least once when the documents allow it.

    A missing single-section style takes over a single-section file of a style that occurs
    more than once, or else a section split off a multi-section file; a missing listing style
    takes over a multi-section file.
    """
    for style in STYLES:
        counts: dict[str, int] = {}
        for f in files:
            counts[f.style] = counts.get(f.style, 0) + 1
        if style in counts:
            continue
        multi = style in MULTI_STYLES
        usable = [
            i
            for i, f in enumerate(files)
            if (len(f.sections) > 1) == multi
            and style in _styles_for(f.document, multi)
            and counts[f.style] > 1
        ]
        if usable:
            i = usable[rng.randrange(len(usable))]
            files[i] = FilePlan(files[i].name, files[i].document, style, files[i].sections)
            continue
        if multi:
            continue
        donors = [
            i
            for i, f in enumerate(files)
            if len(f.sections) > 2 and style in _styles_for(f.document, False)
        ]
        if donors:
            i = donors[rng.randrange(len(donors))]
            donor = files[i]
            files[i] = FilePlan(donor.name, donor.document, donor.style, donor.sections[:-1])
            files.insert(i + 1, FilePlan("", donor.document, style, donor.sections[-1:]))
    return files


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def render_file(plan: FilePlan, corpus: CorpusPlan) -> str:
    """The text of one file of the corpus."""
    rng = random.Random(f"{corpus.seed}|file|{plan.name}")
    catalogue = corpus.catalogues[plan.document.era]
    contents = [
        make_content(s.prestatie, s.title, plan.document, str(corpus.seed), catalogue)
        for s in plan.sections
    ]
    if plan.style in ("pdf", "pdf-multi"):
        page = rng.randint(20, 180)
        total = page + rng.randint(60, 200)
        lines: list[str] = []
        for offset, content in enumerate(contents):
            lines += render_pdf(content, rng, page + offset, total, header=rng.random() < 0.6)
            lines.append(blank(rng))
        if rng.random() < 0.4:  # the value of the previous page's Basisinformatie
            lines[0] = " " + rng.choice(["Ja. ", "Nee. "]) + lines[0].lstrip()
        return "\n".join(lines) + "\n"
    if plan.style in ("w1", "w1-multi"):
        return "\n".join(render_w1(c, rng).rstrip("\n") + "\n" for c in contents)
    if plan.style == "markdown":
        return render_markdown(contents[0], rng)
    if plan.style == "w2-project":
        return render_w2_project(contents[0], rng)
    return render_w2_listing(contents, rng)


def iter_files(corpus: CorpusPlan) -> Iterator[tuple[FilePlan, str]]:
    """Each file of ``corpus`` with its text."""
    for plan in corpus.files:
        yield plan, render_file(plan, corpus)


def manifest_text(corpus: CorpusPlan) -> str:
    """The manifest CSV (``file,title,kind,year,period``), one row per file, LF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MANIFEST_HEADER)
    for plan in corpus.files:
        doc = plan.document
        writer.writerow([plan.name, doc.title, doc.kind, doc.year, doc.period])
    return buffer.getvalue()


def generate_corpus(folder: Path, sections: int, seed: int = DEFAULT_SEED) -> Path:
    """Write ``sections`` prestatie sections as source files and a manifest into ``folder``.

    The same arguments always give byte-identical files.

    Returns:
        The path of ``manifest.csv``.

    Raises:
        ValueError: ``sections`` is less than 1.

    """
    corpus = plan_corpus(sections, seed)
    folder.mkdir(parents=True, exist_ok=True)
    for plan, text in iter_files(corpus):
        (folder / plan.name).write_bytes(text.encode("utf-8"))
    manifest = folder / "manifest.csv"
    manifest.write_bytes(manifest_text(corpus).encode("utf-8"))
    return manifest


def expected_sections(sections: int, seed: int = DEFAULT_SEED) -> dict[str, list[str]]:
    """File name → the prestatie codes it holds, in order, for a corpus of these arguments."""
    corpus = plan_corpus(sections, seed)
    return {f.name: [s.prestatie.code for s in f.sections] for f in corpus.files}


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python benchmarks/corpus.py --sections N --out DIR [--seed S]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, required=True, help="number of sections")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    args = parser.parse_args(argv)
    if args.sections < 1:
        parser.error("--sections must be at least 1")
    manifest = generate_corpus(args.out, args.sections, args.seed)
    corpus = plan_corpus(args.sections, args.seed)
    styles: dict[str, int] = {}
    for plan in corpus.files:
        styles[plan.style] = styles.get(plan.style, 0) + 1
    multi = sum(1 for plan in corpus.files if len(plan.sections) > 1)
    print(
        f"{manifest}: {corpus.sections} sections in {len(corpus.files)} files "
        f"({multi} multi-section); styles: "
        + ", ".join(f"{k} {v}" for k, v in sorted(styles.items()))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
