"""Stage 2, extract: the fact-kind seam — what one kind of fact reads, and the registry of kinds.

A fact kind (actions, colour scores, budget, ...) is one module of this package that defines
``KIND``, a :class:`FactKind`: the blocks and field labels it reads, how it reads them, what it
finds in the running text of every block, and how many facts of its kind a section holds (for
the coverage report). The section reader (:mod:`.section`) hands each block to the kind that
reads it; a block no kind reads is reported as not understood. Kinds are found by looking for
``KIND`` in the modules of this package, so a new kind is one new module here (and its
counterpart of the same name in :mod:`prestatiegraaf.graph`).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Protocol, TypeVar

from prestatiegraaf.extract.layout import Block
from prestatiegraaf.model import Element, ElementKind, PrestatieSection, Span, Unparsed

_Spanned = TypeVar("_Spanned")
RUNNING_TEXT = (ElementKind.PARAGRAPH, ElementKind.ITEM, ElementKind.TABLE_ROW)


@dataclass
class Draft:
    """One section while its blocks are read.

    ``fields`` collects the elements under each field label (``rol``, ``looptijd``, ...) with
    the label itself, for the kinds that read fields once every block has been seen;
    ``claimed`` holds the elements a scan read as a whole fact, so later scans pass them by.
    """

    section: PrestatieSection
    fields: dict[str, tuple[Element | None, list[Element]]] = field(default_factory=dict)
    claimed: set[int] = field(default_factory=set)  # ids of elements a scan read whole

    def field_elements(self, key: str) -> list[Element]:
        """The elements gathered under the field label ``key`` so far."""
        return self.fields.get(key, (None, []))[1]

    def add_to_field(self, key: str, elements: Iterable[Element], label: Element | None = None,
                     *, first: bool = False) -> None:  # fmt: skip
        """Gather ``elements`` under the field ``key`` (before the others with ``first``)."""
        held = self.fields.setdefault(key, (label, []))[1]
        if first:
            held[:0] = list(elements)
        else:
            held.extend(elements)

    def unparsed(self, where: str, content: Iterable[Element]) -> None:
        """Report the text of ``content`` as not understood in block ``where``."""
        for element in content:
            if element.kind is ElementKind.CHROME or not element.text.strip():
                continue
            span = Span.of_lines(element.lines)
            self.section.unparsed.append(Unparsed(where, element.text, span))


class BlockReader(Protocol):
    """Reads the content of one block into the draft."""

    def __call__(self, block: Block, content: list[Element], draft: Draft) -> None:
        """Read ``content``, the elements of ``block`` that are not chrome."""


@dataclass(frozen=True)
class FactKind:
    """One kind of fact: where it is read from and how it is counted.

    Attributes:
        name: the kind's name; its graph mapping is the module of the same name in
            :mod:`prestatiegraaf.graph`.
        position: where the kind stands among the others in reports.
        counts: how many facts of each of its sorts a section holds, by the name the coverage
            report shows.
        blocks: the keys of the blocks (headings such as ``acties``) whose content it reads.
        fields: the keys of the field labels (``rol``, ``looptijd``) whose values it reads; they
            are gathered in :attr:`Draft.fields` and read by ``finish``.
        read: reads one of its blocks.
        prepare: reorders a section's elements before they are grouped into blocks.
        finish: runs once every block was read (fields are complete then).
        scan: reads what it finds in the running text of every block, after ``finish``.
    """

    name: str
    position: int
    counts: Callable[[PrestatieSection], dict[str, int]]
    blocks: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    read: BlockReader | None = None
    prepare: Callable[[tuple[Element, ...]], tuple[Element, ...]] | None = None
    finish: Callable[[Draft], None] | None = None
    scan: Callable[[Sequence[Block], Draft], None] | None = None


@cache
def fact_kinds() -> tuple[FactKind, ...]:
    """Every fact kind of this package, in report order.

    Raises:
        RuntimeError: two kinds share a name, a position, a block or a field (a programming
            error, caught by the tests).
    """
    package = importlib.import_module(__package__ or "prestatiegraaf.extract")
    found: list[FactKind] = []
    for module in pkgutil.iter_modules(package.__path__):
        kind = getattr(importlib.import_module(f"{package.__name__}.{module.name}"), "KIND", None)
        if isinstance(kind, FactKind):
            found.append(kind)
    found.sort(key=lambda kind: kind.position)
    for attribute in ("name", "position"):
        values = [getattr(kind, attribute) for kind in found]
        _unique(values, attribute)
    _unique([block for kind in found for block in kind.blocks], "block")
    _unique([key for kind in found for key in kind.fields], "field")
    return tuple(found)


def _unique(values: Sequence[object], what: str) -> None:
    repeated = sorted({str(v) for v in values if values.count(v) > 1})
    if repeated:
        raise RuntimeError(f"fact kinds share a {what}: {', '.join(repeated)}")


@cache
def block_readers() -> dict[str, FactKind]:
    """The kind that reads each block key."""
    return {block: kind for kind in fact_kinds() for block in kind.blocks}


@cache
def field_readers() -> dict[str, FactKind]:
    """The kind that reads each field key."""
    return {key: kind for kind in fact_kinds() for key in kind.fields}


def running_text(block: Block) -> Iterable[Element]:
    """The paragraphs, list items and table rows of ``block``."""
    return (e for e in block.elements if e.kind in RUNNING_TEXT)


def with_span(fact: _Spanned, elements: Sequence[Element]) -> _Spanned:
    """A copy of the frozen dataclass ``fact`` whose span covers ``elements``."""
    span = Span.of_lines([ln for e in elements for ln in e.lines])
    return replace(fact, span=span)  # type: ignore[type-var]


def table_rows(elements: Sequence[Element]) -> list[str | tuple[str, ...]]:
    """The rows of a block for a table reader: a table row's cells, else each line's text."""
    rows: list[str | tuple[str, ...]] = []
    for element in elements:
        if element.kind is ElementKind.TABLE_ROW and element.cells:
            rows.append(element.cells)
        else:
            rows.extend(ln.text for ln in element.lines)
    return rows
