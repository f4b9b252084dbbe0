"""Source-agnostic data model shared by every stage: documents, lines, spans and extracted facts.

Sources (stage 1) produce :class:`SourceDocument` objects; extraction (stage 2) turns their
sections into :class:`PrestatieSection` facts; the graph stage (3) maps those facts to RDF.
Nothing here knows about RDF or about input file formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path


class Channel(StrEnum):
    """How a document reached us; decides which layout repairs apply."""

    PDF_TEXT = "pdf-text"
    WEB_TEXT = "web-text"
    MARKDOWN = "markdown"
    HTML = "html"
    PDF = "pdf"


class DocumentKind(StrEnum):
    """Kinds of planning & control documents (code list ``pg:documentsoort``)."""

    BEGROTING = "begroting"
    VOORJAARSNOTA = "voorjaarsnota"
    MONITOR = "monitor"
    JAARVERSLAG = "jaarverslag"


@dataclass(frozen=True)
class DocumentInfo:
    """Bibliographic description of one P&C document (from a manifest or inferred)."""

    title: str
    kind: DocumentKind | None = None
    year: int | None = None
    period: str | None = None  # "I", "II" or None
    url: str | None = None  # the page or file the source was taken from
    heading: tuple[str, str] | None = None  # code and title of a page that does not show them

    @property
    def known(self) -> bool:
        """Whether kind and year are known, so the document can be identified."""
        return self.kind is not None and self.year is not None


@dataclass(frozen=True)
class Line:
    """One line of a decoded source file.

    ``raw`` is the line exactly as in the file (without its line break); ``text`` is the
    normalised form used for matching (NFC, mojibake repaired, NBSP as space, stripped).
    ``offset`` is the character offset of the line's first character in the decoded file.
    """

    number: int
    offset: int
    raw: str
    text: str


class LabelKind(StrEnum):
    """What a label introduces."""

    SECTION = "section"  # a block heading: Context, Acties, Basisinformatie, ...
    FIELD = "field"  # a Basisinformatie or status field: Rol provincie, Looptijd, ...
    SCORE = "score"  # a colour-score label: Integrale kleurscore, Inhoud, ...


class ElementKind(StrEnum):
    """Logical role of a piece of a document, independent of the channel it came from."""

    HEADING = "heading"  # a prestatie heading "5.2.1 Title" or a section heading "Context"
    LABEL = "label"  # a field label, e.g. "Rol provincie:"
    PARAGRAPH = "paragraph"
    ITEM = "item"  # a list item, numbered or bulleted
    TABLE_ROW = "table-row"
    CHROME = "chrome"  # page headers/footers, navigation, floating titles: not content


@dataclass(frozen=True)
class Element:
    """One logical element of a document in reading order, with the lines it came from.

    ``text`` is normalised (broken lines joined, hyphenation repaired, white space collapsed);
    ``number`` is a list item's own number (None for bullets); ``level`` is the nesting depth
    of an item or the level of a heading; ``cells`` holds the cells of a table row;
    ``label`` says what a label introduces.
    """

    kind: ElementKind
    text: str
    lines: tuple[Line, ...]
    number: int | None = None
    level: int = 0
    cells: tuple[str, ...] = ()
    key: str | None = None  # a heading's prestatie code, or a label's key ("context", "rol")
    note: str | None = None  # why an element is chrome, for the coverage report
    label: LabelKind | None = None


@dataclass(frozen=True)
class Span:
    """Where a fact was read: first line number, character range and the exact source text."""

    line: int
    start: int
    end: int
    exact: str

    @classmethod
    def of_lines(cls, lines: list[Line] | tuple[Line, ...]) -> Span | None:
        """The span covering ``lines`` from the first to the last non-blank character."""
        content = [ln for ln in lines if ln.raw.strip()]
        if not content:
            return None
        first, last = content[0], content[-1]
        lead = len(first.raw) - len(first.raw.lstrip())
        trail = len(last.raw.rstrip())
        start, end = first.offset + lead, last.offset + trail
        if first is last:
            return cls(first.number, start, end, first.raw[lead:trail])
        parts = [first.raw[lead:]]
        for ln in lines[lines.index(first) + 1 : lines.index(last)]:
            parts.append(ln.raw)
        parts.append(last.raw[:trail])
        return cls(first.number, start, end, "\n".join(parts))


@dataclass(frozen=True)
class Target:
    """A quantified target stated inside an action ("40% instroom ... in 2020")."""

    value: Decimal
    unit: str  # "percent" | "count" | "euro"
    year: int | None
    text: str  # the phrase the target was read from
    qualifier: str | None = None  # "minimaal", "ten minste", "ruim", ...


@dataclass(frozen=True)
class Action:
    """A numbered action of a section, with nested sub-items folded into its text."""

    number: int
    text: str
    span: Span | None
    targets: tuple[Target, ...] = ()


@dataclass(frozen=True)
class ActorMention:
    """A named actor (organisation, collaboration, programme, network) found in a section."""

    key: str  # stable identifier, e.g. "techyourfuture"
    label: str  # preferred label, e.g. "TechYourFuture"
    text: str  # the form found in the text, e.g. "TechyourFuture"
    span: Span | None = None
    how: str = "register"  # how it was recognised: register, organisatiewoord, afkorting, ...
    confidence: float = 1.0  # how sure that is, from 0 to 1
    kind: str | None = None  # for an actor outside the register: organisatie, netwerk, ...


@dataclass(frozen=True)
class BudgetFigures:
    """Begroot / Besteed / Ruimte of a prestatie in whole euros (scale already applied)."""

    begroot: int | None
    besteed: int | None
    ruimte: int | None
    span: Span | None = None


@dataclass(frozen=True)
class BudgetComponent:
    """One line of the budget make-up: an amount and the funding source it comes from."""

    amount: int
    source: str  # funding source as written, e.g. "Reserve Uitvoering Kwaliteit van Overijssel"
    source_key: str  # normalised key, e.g. "reserve-kwaliteit-van-overijssel"
    span: Span | None = None


@dataclass(frozen=True)
class AmountMention:
    """An amount in prose ("€ 1,1 miljoen"); a mention, never the budget itself."""

    amount: int
    text: str
    kind: str  # "verschuiving" (shift between years, release, ...) or "bedrag"
    span: Span | None = None


@dataclass(frozen=True)
class ColourScore:
    """A colour score for one aspect (integraal, inhoud, acties, financien)."""

    aspect: str
    score: str  # "groen" | "oranje" | "rood"
    span: Span | None = None


@dataclass(frozen=True)
class Explanation:
    """An explanation paragraph: progress ("voortgang") or finances ("financien")."""

    topic: str  # "voortgang" | "financien"
    text: str
    no_deviation: bool  # "Geen afwijking."
    span: Span | None = None


@dataclass(frozen=True)
class DecisionReference:
    """A Provinciale Staten decision cited by a section, normalised to ``PS/yyyy/nnn``."""

    identifier: str
    relation: str  # "investeringsbesluit" | "mijlpaal" | "vermelding"
    span: Span | None = None


@dataclass(frozen=True)
class Governance:
    """Basisinformatie: who is responsible, in which role, for how long, funded from where."""

    portfolio_holders: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()  # role nouns, lower case: "regisseur", ...
    role_text: str | None = None
    duration: str | None = None  # "structureel" | "niet-structureel"
    end_year: int | None = None
    reserve_relation: bool | None = None
    reserve_name: str | None = None
    coalition_agreement: str | None = None
    website: str | None = None  # link text or URL of the project website
    website_url: str | None = None
    span: Span | None = None


@dataclass(frozen=True)
class Reference:
    """A reference to another prestatie by its code ("in samenhang met prestatie 5.4.2")."""

    code: str
    span: Span | None = None


@dataclass(frozen=True)
class Task:
    """A societal task (opgave) the prestatie serves, as the section names it."""

    name: str  # e.g. "Goede bereikbaarheid"
    span: Span | None = None


@dataclass(frozen=True)
class Goal:
    """A kerntaak ("5") or beleidsdoel ("5.2") heading with its title, as a document states it."""

    code: str
    title: str
    span: Span | None = None


@dataclass(frozen=True)
class Unparsed:
    """Text of a section the extractor did not understand, kept so it is reported, not lost."""

    where: str  # the block it came from, e.g. "context", "basisinformatie"
    text: str
    span: Span | None = None


@dataclass
class PrestatieSection:
    """Everything one document says about one prestatie."""

    code: str
    title: str
    document: DocumentInfo
    channel: Channel
    source: Path
    heading: Span | None = None
    intro: str | None = None
    intro_span: Span | None = None
    context: str | None = None
    context_span: Span | None = None
    actions: list[Action] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    budget: BudgetFigures | None = None
    budget_components: list[BudgetComponent] = field(default_factory=list)
    amounts: list[AmountMention] = field(default_factory=list)
    scores: list[ColourScore] = field(default_factory=list)
    explanations: list[Explanation] = field(default_factory=list)
    decisions: list[DecisionReference] = field(default_factory=list)
    governance: Governance = field(default_factory=Governance)
    references: list[Reference] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)


@dataclass(frozen=True)
class SourceDocument:
    """One decoded input file, its lines, channel and document description."""

    path: Path
    channel: Channel
    document: DocumentInfo
    lines: tuple[Line, ...]
    elements: tuple[Element, ...]
    text: str  # the decoded file, the text every Span's offsets refer to
