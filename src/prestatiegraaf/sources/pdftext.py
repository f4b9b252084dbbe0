"""Stage 1, sources: repair the reading order of text extracted from two-column PDF pages.

PDF text puts list numbers on their own line *after* each item with the items in descending
order, prints the ``Acties`` and ``Basisinformatie`` headings after their content, puts
Basisinformatie values *before* their labels, and scatters page-header fragments. This module
rebuilds the logical order so that extraction sees the same elements as for a web page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from prestatiegraaf.model import Element, ElementKind, LabelKind
from prestatiegraaf.sources.elements import join_text, label_element, single
from prestatiegraaf.sources.lines import Classified, LineKind, is_colour_line

_SENTENCE_END = re.compile(r"[.!?:;]$")
_DISPLACED = re.compile(r"^(?P<value>Ja|Nee)\.\s+(?=[A-Z‘’'\"])")
_OPEN_AFTER = {"context", "voortgang", "financien", "intro", "mijlpalen", "status"}


@dataclass
class _Para:
    """A paragraph of PDF text: its lines and whether a wide gap precedes it."""

    lines: list[Classified]
    gap_before: bool

    def element(
        self,
        kind: ElementKind = ElementKind.PARAGRAPH,
        number: int | None = None,
        note: str | None = None,
    ) -> Element:
        text = join_text(
            item.text if item.kind is not LineKind.NUMBERED else item.line.text
            for item in self.lines
        )
        return Element(
            kind, text, tuple(item.line for item in self.lines), number=number, note=note
        )


def build_pdf_elements(items: Sequence[Classified]) -> list[Element]:
    """Rebuild logical elements from classified lines of PDF-extracted text."""
    tokens = _tokens(items)
    codes = [
        tok.code
        for tok in tokens
        if isinstance(tok, Classified) and tok.code and tok.kind is LineKind.PRESTATIE
    ]
    return _Rebuilder(_kerntaken(codes), _numbers_trail(tokens)).run(tokens)


def _kerntaken(codes: Sequence[str | None]) -> set[int]:
    return {int(code.split(".")[0]) for code in codes if code}


def _tokens(items: Sequence[Classified]) -> list[_Para | Classified]:
    """Group text lines into paragraphs; keep every other line as its own token."""
    tokens: list[_Para | Classified] = []
    blanks = 2
    for item in items:
        if item.kind is LineKind.BLANK:
            blanks += 1
            continue
        if item.kind in (LineKind.TEXT, LineKind.NUMBERED, LineKind.BULLET):
            last = tokens[-1] if tokens else None
            if isinstance(last, _Para) and _continues(last, item, blanks):
                last.lines.append(item)
            else:
                tokens.append(_Para([item], gap_before=blanks >= 2))
        else:
            tokens.append(item)
        blanks = 0
    return tokens


def _continues(para: _Para, item: Classified, blanks: int) -> bool:
    if item.kind is not LineKind.TEXT:
        return False
    if is_colour_line(item.text) or is_colour_line(para.lines[-1].text):
        return False
    if blanks == 0:
        return True
    previous = para.lines[-1].text
    return blanks == 1 and (not _SENTENCE_END.search(previous) or item.text[:1].islower())


def _numbers_trail(tokens: list[_Para | Classified]) -> bool:
    """Whether orphan list numbers follow their items (else they precede them)."""
    numbers = [
        (i, tok.number)
        for i, tok in enumerate(tokens)
        if isinstance(tok, Classified) and tok.kind is LineKind.ORPHAN
    ]
    if not numbers:
        return True
    if len(numbers) > 1 and numbers[0][1] is not None and numbers[-1][1] is not None:
        if numbers[0][1] > numbers[-1][1]:
            return True
    first, last = numbers[0][0], numbers[-1][0]
    before = first > 0 and isinstance(tokens[first - 1], _Para)
    after = last + 1 < len(tokens) and isinstance(tokens[last + 1], _Para)
    return before or not after


class _Rebuilder:
    """Walks the tokens once, emitting elements in logical order."""

    def __init__(self, kerntaken: set[int], trailing: bool) -> None:
        self.kerntaken = kerntaken
        self.trailing = trailing
        self.out: list[Element] = []
        self.pending: list[_Para] = []
        self.items: list[Element] = []
        self.leading_item: tuple[int, list[_Para]] | None = None
        self.field_run_start: int | None = None
        self.values_first = False

    def run(self, tokens: list[_Para | Classified]) -> list[Element]:
        for index, token in enumerate(tokens):
            if isinstance(token, _Para):
                self._paragraph(token)
            elif token.kind is LineKind.ORPHAN:
                self._orphan(token)
            elif token.kind is LineKind.LABEL:
                self._label(token, tokens[index + 1 :])
            elif token.kind is LineKind.CHROME:
                self.out.extend(e for e in [single(token)] if e)
            else:
                self._structural(token)
        self._flush()
        return self.out

    def _paragraph(self, para: _Para) -> None:
        head = para.lines[0]
        if head.kind is LineKind.NUMBERED and head.number in self.kerntaken:
            self.out.append(para.element(ElementKind.CHROME, note="page header"))
            return
        if self.leading_item is not None:
            self.leading_item[1].append(para)
            return
        self.pending.append(para)

    def _orphan(self, token: Classified) -> None:
        if not self.trailing:
            self._close_leading_item()
            self.leading_item = (token.number or 0, [])
            return
        start = max((i for i, p in enumerate(self.pending) if p.gap_before), default=0)
        own, self.pending = self.pending[start:], self.pending[:start]
        self._emit_pending()
        lines = [line for para in own for line in para.lines]
        self.items.append(_Para(lines, False).element(ElementKind.ITEM, token.number))

    def _close_leading_item(self) -> None:
        if self.leading_item is not None:
            number, paras = self.leading_item
            lines = [line for para in paras for line in para.lines]
            if lines:
                self.items.append(_Para(lines, False).element(ElementKind.ITEM, number))
            self.leading_item = None

    def _label(self, token: Classified, rest: list[_Para | Classified]) -> None:
        assert token.label is not None
        self._close_leading_item()
        if token.label.kind is LabelKind.FIELD:
            self._field(token)
            return
        key = token.label.key
        if key == "acties" and self.items and not self.pending:
            self.out.extend(label_element(token))
            self._flush_items()
        elif key == "basisinformatie" and self.values_first and self.field_run_start is not None:
            self.out[self.field_run_start : self.field_run_start] = label_element(token)
            self.field_run_start, self.values_first = None, False
        elif self.pending and (key not in _OPEN_AFTER or not _content_follows(rest)):
            while self.pending and is_colour_line(self.pending[0].element().text):
                self.out.append(self.pending.pop(0).element())  # the previous score's colour
            self.out.extend(label_element(token))
            self._emit_pending()
        else:
            self._flush()
            self.out.extend(label_element(token))
            self.field_run_start, self.values_first = None, False

    def _field(self, token: Classified) -> None:
        self._flush_items()
        if self.field_run_start is None:
            self.values_first = bool(self.pending) and not token.label.value  # type: ignore[union-attr]
            if self.values_first:
                # Only the paragraphs after the last wide gap are this field's value; the
                # ones before it close the block that precedes the Basisinformatie.
                start = max((i for i, p in enumerate(self.pending) if p.gap_before), default=0)
                earlier, self.pending = self.pending[:start], self.pending[start:]
                self.pending, rest = earlier, self.pending
                self._emit_pending()
                self.pending = rest
            self.field_run_start = len(self.out)
        if self.values_first:
            self.out.extend(label_element(token))
            self._emit_pending()
        else:
            self._emit_pending()
            self.out.extend(label_element(token))

    def _structural(self, token: Classified) -> None:
        """A prestatie or goal heading; paragraphs pending before it are its intro."""
        self._close_leading_item()
        self._flush_items()
        element = single(token)
        if token.kind is LineKind.PRESTATIE and element is not None:
            self.out.append(element)
            self._emit_pending(intro=True)
        else:
            self._emit_pending()
            if element is not None:
                self.out.append(element)
        self.field_run_start, self.values_first = None, False

    def _emit_pending(self, intro: bool = False) -> None:
        for para in self.pending:
            element = para.element()
            displaced = _DISPLACED.match(element.text) if intro else None
            if displaced:
                self.out.append(
                    Element(
                        ElementKind.CHROME,
                        displaced["value"] + ".",
                        element.lines[:1],
                        note="displaced Basisinformatie value",
                    )
                )
                element = Element(
                    ElementKind.PARAGRAPH, element.text[displaced.end() :], element.lines
                )
            self.out.append(element)
        self.pending = []

    def _flush_items(self) -> None:
        self.out.extend(sorted(self.items, key=lambda item: item.number or 0))
        self.items = []

    def _flush(self) -> None:
        self._close_leading_item()
        self._emit_pending()
        self._flush_items()


def _content_follows(rest: list[_Para | Classified]) -> bool:
    for token in rest:
        if isinstance(token, _Para) or token.kind is LineKind.TABLE:
            return True
        if token.kind is not LineKind.CHROME:
            return False
    return False
