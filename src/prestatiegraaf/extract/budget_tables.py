"""Stage 2, extract: budget tables (Begroot / Besteed / Ruimte), the make-up, funding sources.

A budget table arrives as a header row and a value row (tab- or pipe-separated, markdown
tables with a ``|---|`` row, or the cells a reader found) or, from PDF text, one cell per line
with the labels before or after the numbers and the scale caption anywhere. The make-up lists
an amount and the funding source it comes from, one per row, until a dashed row or a
``Totaal`` row. Funding sources get one key and one name, whatever a document calls them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from prestatiegraaf.extract.amounts import SCALE_PATTERN, parse_euro, scale_of
from prestatiegraaf.model import BudgetComponent, BudgetFigures

BEGROOT = "begroot"
BESTEED = "besteed"
RUIMTE = "ruimte"
IGNORED = ""

_LABELS = {
    **dict.fromkeys(
        [
            "begroot",
            "begroot lasten",
            "begrote lasten",
            "begroting",
            "actuele begroting",
            "begroting na wijziging",
            "begroting na wijzigingen",
            "gewijzigde begroting",
        ],
        BEGROOT,
    ),
    **dict.fromkeys(
        [
            "besteed",
            "besteed lasten",
            "gerealiseerd",
            "gerealiseerde lasten",
            "realisatie",
            "realisatie lasten",
            "werkelijk",
            "werkelijke lasten",
            "rekening",
        ],
        BESTEED,
    ),
    **dict.fromkeys(
        ["ruimte", "ruimte lasten", "restant", "restantbudget", "resterend budget", "verschil"],
        RUIMTE,
    ),
    **dict.fromkeys(
        [
            "primitief",
            "primitieve begroting",
            "primitieve begroting lasten",
            "wijziging",
            "wijzigingen",
            "begrotingswijziging",
            "begrotingswijzigingen",
            "wijzigingen lasten",
        ],
        IGNORED,
    ),
}
_MAKEUP_HEADERS = frozenset(
    ["budgetopbouw", "bedrag", "bron", "bedrag bron", "financieringsbron", "dekking", "herkomst"]
)
_LABEL_NOISE = re.compile(r"\b(?:19|20)\d{2}\b|[^a-zë ]")
_SPACES = re.compile(r"\s+")
_WIDE_GAP = re.compile(r"\s{2,}|:\s+")
_SEPARATOR = re.compile(r"[\s|:+=_\-–—]*[\-–—=_]{3,}[\s|:+=_\-–—]*")
_DASH = re.compile(r"[-–—]")
_TOTAL = re.compile(r"^[#*\s]*totaal\b", re.IGNORECASE)
_AMOUNT_FIRST = re.compile(r"(?P<amount>[-−(]?\s*€?\s*\d[\d.,]*(?:,-{1,2})?\)?)\s+(?P<source>.+)")
_SOURCE_FIRST = re.compile(r"(?P<source>.*[^\d\s.,€-])\s+(?P<amount>€?\s*-?\d[\d.,]*(?:,-{1,2})?)")
_NON_SLUG = re.compile(r"[^a-z0-9]+")

_KVO = re.compile(r"kwaliteit-van-overijssel|(?:^|-)u?kvo(?:-|$)")
_NNN = re.compile(r"natuurnetwerk-nederland|ecologische-hoofdstructuur|(?:^|-)(?:nnn|ehs)(?:-|$)")


Row = str | tuple[str, ...]  # a line of text, or the cells a reader found in a table row


def parse_budget_table(lines: Sequence[Row]) -> BudgetFigures | None:
    """Read Begroot / Besteed / Ruimte from the rows of a budget block.

    Args:
        lines: The block's rows (caption, header and value rows; blank lines allowed): lines
            of text, split into cells here, or the cells of table rows.

    Returns:
        The three figures in whole euros with the caption's scale applied, None for a figure the
        table lacks, ``span`` None; None when the lines hold no recognisable budget table.
        Ruimte is returned as written even when it is not Begroot − Besteed. In a five-column
        table Begroot is the actuele begroting. A cell ``-`` counts as 0.

    """
    scale = _block_scale(lines)
    rows = [cells for line in lines if (cells := _row_cells(line))]
    header = next((i for i, row in enumerate(rows) if _is_header(row)), None)
    if header is None:
        figures = _figures_in_sequence(rows, scale)
    else:
        figures = _figures_in_columns(rows[header], rows[header + 1 :], scale)
    if not any(value is not None for value in figures.values()):
        return None
    return BudgetFigures(figures.get(BEGROOT), figures.get(BESTEED), figures.get(RUIMTE))


def _block_scale(lines: Sequence[Row]) -> int:
    """Return the first scale a row of the block states, 1 when none does."""
    return next((scale for line in lines if (scale := scale_of(_text(line))) != 1), 1)


def _text(row: Row) -> str:
    return row if isinstance(row, str) else "\t".join(row)


def _row_cells(row: Row) -> list[str]:
    """The cells of a row without scale captions; none for blank and separator rows."""
    if isinstance(row, str):
        return _cells(SCALE_PATTERN.sub(" ", row))
    cells = [SCALE_PATTERN.sub(" ", cell).strip() for cell in row]
    return [] if all(not cell or _SEPARATOR.fullmatch(cell) for cell in cells) else cells


def _cells(line: str) -> list[str]:
    """Split a table line into stripped cells; empty for blank and separator lines."""
    text = line.strip()
    if not text or _SEPARATOR.fullmatch(text):
        return []
    if "|" in text:
        cells = text.strip("|").split("|")
    elif "\t" in text:
        cells = text.split("\t")
    else:
        cells = _WIDE_GAP.split(text)
    if len(cells) == 1 and all(_is_cell_word(word) for word in text.split()):
        cells = text.split()
    return [cell.strip() for cell in cells]


def _is_cell_word(word: str) -> bool:
    """Whether a space-separated word is a whole cell: a number, a dash or a one-word label."""
    return _amount(word, 1) is not None or _label(word) is not None


def _label(cell: str) -> str | None:
    """Name the figure of a header cell: ``IGNORED`` for other known columns, None if unknown."""
    key = _SPACES.sub(" ", _LABEL_NOISE.sub(" ", cell.lower())).strip()
    return _LABELS.get(key)


def _amount(cell: str, scale: int) -> int | None:
    """Read a cell's value in whole euros; a lone dash is zero."""
    if _DASH.fullmatch(cell):
        return 0
    return parse_euro(cell, scale) if cell else None


def _is_header(row: list[str]) -> bool:
    """Tell a header row: two or more cells, none a number, at least one a known label."""
    filled = [cell for cell in row if cell]
    return (
        len(filled) >= 2
        and all(_amount(cell, 1) is None for cell in filled)
        and any(_label(cell) is not None for cell in filled)
    )


def _figures_in_columns(
    header: list[str], rows: list[list[str]], scale: int
) -> dict[str, int | None]:
    """Map the first value row below a header row onto the header's columns."""
    values = next((row for row in rows if any(_amount(c, scale) is not None for c in row)), [])
    offset = max(0, len(values) - len(header))
    figures: dict[str, int | None] = {}
    for index, cell in enumerate(header):
        label = _label(cell)
        if label and index + offset < len(values):
            figures.setdefault(label, _amount(values[index + offset], scale))
    return figures


def _figures_in_sequence(rows: list[list[str]], scale: int) -> dict[str, int | None]:
    """Pair labels and numbers in reading order (one cell per line, either order)."""
    labels: list[str] = []
    amounts: list[int] = []
    for cell in (cell for row in rows for cell in row if cell):
        amount = _amount(cell, scale)
        if amount is not None:
            amounts.append(amount)
        elif (label := _label(cell)) is not None:
            labels.append(label)
    figures: dict[str, int | None] = {}
    for label, amount in zip(labels, amounts, strict=False):
        if label:
            figures.setdefault(label, amount)
    return figures


def parse_budget_makeup(lines: Sequence[Row]) -> list[BudgetComponent]:
    """Read the budget make-up: amounts and the funding sources they come from.

    Args:
        lines: The block's rows: ``amount<TAB>source`` rows, pipe-table rows, ``source: amount``
            rows, or amount and source on lines of their own (either order); lines of text or
            the cells of table rows.

    Returns:
        The components in reading order, the caption's scale applied and ``span`` None. Reading
        stops at a dashed row after the first amount or at a ``Totaal`` row.

    """
    scale = _block_scale(lines)
    components: list[BudgetComponent] = []
    loose: list[int | str] = []
    for line in lines:
        cells = [cell for cell in _row_cells(line) if cell]
        if not cells:
            separator = _SEPARATOR.fullmatch(_text(line).strip())
            if separator and (components or _has_amount(loose)):
                break
            continue
        if any(_TOTAL.match(cell) for cell in cells):
            break
        if len(cells) == 1:
            cells = _split_single(cells[0])
        component = _row_component(cells, scale)
        if component is not None:
            components.append(component)
        elif len(cells) == 1:
            loose.append(_loose_token(cells[0], scale))
    return components + _pair_loose(loose)


def _has_amount(tokens: list[int | str]) -> bool:
    """Whether any loose token is an amount."""
    return any(isinstance(token, int) for token in tokens)


def _split_single(cell: str) -> list[str]:
    """Split ``1.532.000 Reserve ...`` or ``Reserve ... 1.532.000`` into amount and source."""
    for pattern in (_AMOUNT_FIRST, _SOURCE_FIRST):
        match = pattern.fullmatch(cell)
        if match and parse_euro(match["amount"]) is not None:
            return [match["amount"], match["source"]]
    return [cell]


def _row_component(cells: list[str], scale: int) -> BudgetComponent | None:
    """Build a component from a row holding both an amount cell and a source cell."""
    amounts = [amount for cell in cells if (amount := _amount(cell, scale)) is not None]
    sources = [cell for cell in cells if _amount(cell, scale) is None]
    if not amounts or not sources:
        return None
    return _component(amounts[0], sources[0])


def _loose_token(cell: str, scale: int) -> int | str:
    """Read a cell on its own line: an amount, or source text ("" for a header word)."""
    amount = _amount(cell, scale)
    if amount is not None:
        return amount
    key = _SPACES.sub(" ", _LABEL_NOISE.sub(" ", cell.lower())).strip()
    return "" if key in _MAKEUP_HEADERS else cell


def _pair_loose(tokens: list[int | str]) -> list[BudgetComponent]:
    """Pair amounts with the source lines after them (or before, when a source comes first)."""
    tokens = [token for token in tokens if token != ""]
    amount_first = bool(tokens) and isinstance(tokens[0], int)
    components: list[BudgetComponent] = []
    amount: int | None = None
    words: list[str] = []
    for token in tokens:
        if isinstance(token, str):
            words.append(token)
            continue
        if amount_first and amount is not None and words:
            components.append(_component(amount, " ".join(words)))
        elif not amount_first and words:
            components.append(_component(token, " ".join(words)))
        amount, words = token, []
    if amount_first and amount is not None and words:
        components.append(_component(amount, " ".join(words)))
    return components


def _component(amount: int, source: str) -> BudgetComponent:
    """Build a component with its normalised source key."""
    return BudgetComponent(amount=amount, source=source, source_key=funding_source_key(source))


KNOWN_SOURCES = {
    "reserve-kwaliteit-van-overijssel": "Reserve Kwaliteit van Overijssel",
    "reserve-natuurnetwerk-nederland": "Reserve Natuurnetwerk Nederland",
    "algemene-risicoreserve": "Algemene risicoreserve",
    "algemene-middelen": "Algemene middelen",
}  # the name of each known funding source, whatever a document calls it


def funding_source_label(key: str, written: str) -> str:
    """The name of the funding source ``key``: its known name, else the name as written.

    The Ecologische Hoofdstructuur reserve was renamed Natuurnetwerk Nederland in 2017; the
    make-up's "Reserve Uitvoering Kwaliteit van Overijssel" is the reserve that Basisinformatie
    calls "Kwaliteit van Overijssel".
    """
    return KNOWN_SOURCES.get(key, written)


def funding_source_key(source: str) -> str:
    """Normalise the name of a funding source to a stable key.

    Args:
        source: The name as written, e.g. ``"Reserve Uitvoering Kwaliteit van Overijssel"``,
            ``"UKVO"``, ``"Algemene risicoreserve"``, ``"algemene middelen"``.

    Returns:
        ``reserve-kwaliteit-van-overijssel``, ``reserve-natuurnetwerk-nederland``,
        ``algemene-risicoreserve`` or ``algemene-middelen`` for the known sources (a name that
        joins both reserves keeps its own slug); otherwise a lower-case ASCII slug of the name.

    """
    decomposed = unicodedata.normalize("NFKD", source.lower())
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_text).strip("-")
    quality, nature = bool(_KVO.search(slug)), bool(_NNN.search(slug))
    if quality and not nature:
        return "reserve-kwaliteit-van-overijssel"
    if nature and not quality:
        return "reserve-natuurnetwerk-nederland"
    if "algemene-risicoreserve" in slug:
        return "algemene-risicoreserve"
    if "algemene-middelen" in slug:
        return "algemene-middelen"
    return slug


def figure_of(label: str) -> str | None:
    """Which figure a label names: ``begroot``, ``besteed``, ``ruimte``, "" (another column)."""
    return _label(label)
