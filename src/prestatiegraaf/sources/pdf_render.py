"""Stage 1, sources: render PDF pages as text, one logical element a line.

The units in reading order (:mod:`prestatiegraaf.sources.pdf_order`) are rejoined where a
paragraph runs on over a column or page break, numbered lists are put in number order, and
each unit is written as lines: ``N. item`` (a sub-item indented under it), ``Label:`` then
its value, table cells joined by tabs, words hyphenated at a line end rejoined.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from prestatiegraaf.sources.pdf_geometry import Page
from prestatiegraaf.sources.pdf_layout import Unit
from prestatiegraaf.sources.pdf_order import read_order

_TERMINAL = re.compile(r"[.!?:;][’'\")\]]?$")
_PUNCT = ".,;:()[]'\"’‘!?"
_ELIDED = frozenset(["en", "of", "tot", "t/m"])  # "grond- en", "in- of", "basis- tot"


@dataclass(frozen=True)
class Rendering:
    """A PDF's text, one element a line, and its running headers and footers."""

    lines: list[str]
    running: list[str]


def render_pages(pages: Sequence[Page]) -> Rendering:
    """Render the text of ``pages`` in reading order, one element a line, and the running text."""
    layout = read_order(pages)
    vocabulary = {w.text.strip(_PUNCT) for page in pages for w in page.words if "-" in w.text}
    units = order_items(join_breaks(layout.units))
    return Rendering(render_units(units, vocabulary), layout.running)


def join_breaks(units: list[Unit]) -> list[Unit]:
    """Rejoin a paragraph or item that runs on over a column or page break.

    It runs on when its last line reaches the right edge, when it stops without a full stop
    on a line of more than half the width, or when the next part starts in lower case.
    """
    out: list[Unit] = []
    for unit in units:
        previous = out[-1] if out else None
        # (a list mark alone on its line is a unit without parts: nothing to join to)
        if (
            previous
            and previous.parts
            and previous.region != unit.region
            and unit.kind == "para"
            and unit.parts
        ):
            ended = _TERMINAL.search(previous.parts[-1]) is not None or previous.reach < 0.5
            runs_on = previous.reach >= 0.85 or not ended or unit.parts[0][:1].islower()
            if previous.kind in ("para", "item") and previous.parts and runs_on:
                previous.parts.extend(unit.parts)
                previous.reach, previous.region = unit.reach, unit.region
                continue
        out.append(unit)
    return out


def order_items(units: list[Unit]) -> list[Unit]:
    """Put runs of numbered items in number order (printed lists may run from high to low)."""
    out: list[Unit] = []
    run: list[Unit] = []
    for unit in [*units, Unit("end", [])]:
        if unit.kind == "item" and unit.number is not None:
            run.append(unit)
            continue
        numbers = sorted(item.number or 0 for item in run)
        if numbers and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            run.sort(key=lambda item: item.number or 0)
        out.extend([*run, unit])
        run = []
    return out[:-1]


def render_units(units: Sequence[Unit], vocabulary: set[str]) -> list[str]:
    """Render text lines: one per heading, paragraph, item, label, value paragraph, table row.

    Table cells are joined by tabs; a blank line follows each element but a table row.
    """
    lines: list[str] = []
    for index, unit in enumerate(units):
        if unit.kind == "row":
            lines.append("\t".join(join_parts(cell, vocabulary) for cell in unit.cells))
            if index + 1 < len(units) and units[index + 1].kind == "row":
                continue
        elif unit.kind == "label":
            for cell in unit.cells:
                paragraphs = "\n".join(cell).split("\n\n")  # empty parts mark paragraph breaks
                lines.extend(join_parts(p.split("\n"), vocabulary) for p in paragraphs if p)
        elif unit.kind == "item":
            mark = f"{unit.number}." if unit.number is not None else "•"
            indent = "    " * unit.level  # a sub-item is indented under its action
            lines.append(f"{indent}{mark} {join_parts(unit.parts, vocabulary)}")
        else:
            lines.append(join_parts(unit.parts, vocabulary))
        lines.append("")
    return lines


def join_parts(parts: Iterable[str], vocabulary: set[str]) -> str:
    """Join the lines of one element; words hyphenated at a line end are rejoined.

    A hyphen between two lower-case letters is dropped unless the hyphenated word occurs
    elsewhere in the document (``vocabulary``); after a digit or capital, or before a
    capital, it stays; before ``en`` or ``of`` it marks a word left out and a space follows.
    A line ending in ``/`` runs on without a space.

    >>> join_parts(["de infra-", "structuur en Natura 2000-", "gebieden, PS/", "2015/687"], set())
    'de infrastructuur en Natura 2000-gebieden, PS/2015/687'
    >>> join_parts(["voldoende grond-", "en oppervlaktewater"], set())
    'voldoende grond- en oppervlaktewater'
    """
    out = ""
    for part in (raw_part.strip() for raw_part in parts):
        if not part or not out:
            out = out or part
        elif out.endswith("\u00ad") or out.endswith("/") and out[-2:-1] not in ("", " "):
            out = out.rstrip("\u00ad") + part
        elif out.endswith("-") and out[-2:-1].isalnum() and part.split(" ", 1)[0] in _ELIDED:
            out = f"{out} {part}"  # "grond-" + "en oppervlaktewater": a word left out
        elif out.endswith("-") and out[-2:-1].isalnum():
            head = out.rsplit(" ", 1)[-1].strip(_PUNCT)
            tail = part.split(" ", 1)[0].strip(_PUNCT)
            keep = f"{head}{tail}" in vocabulary or not (
                head[-2:-1].islower() and tail[:1].islower()
            )
            out = (out if keep else out[:-1]) + part
        else:
            out = f"{out} {part}"
    return out
