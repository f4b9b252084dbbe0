"""Stage 2, extract: references to other prestaties in running text — fact kind ``references``.

A reference is a three-level code ``K.D.P`` (each part one or two digits) that follows the word
"prestatie(s)" ("zie prestatie 5.4.2", "prestaties 5.2.1, 5.2.2 en 5.2.3") or stands alone in
parentheses or brackets ("(5.4.2)", "[zie 5.4.2]"). Two-level codes, kerntaak numbers, dates,
amounts, version numbers and decision identifiers do not have that shape or that setting.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from prestatiegraaf.extract.kinds import Draft, FactKind, running_text
from prestatiegraaf.extract.layout import Block
from prestatiegraaf.model import Reference, Span

_CODE = r"(?<![\d.,/])[1-9]\d?\.[1-9]\d?\.[1-9]\d?(?![\d/]|[.,]\d)"
_CODE_LIST = rf"{_CODE}(?:\s*(?:,|\ben\b|\bof\b|&)\s*{_CODE})*"
_AFTER_KEYWORD = re.compile(rf"\bprestaties?\s+({_CODE_LIST})", re.IGNORECASE)
_IN_PARENTHESES = re.compile(
    rf"[(\[]\s*(?:zie\s+(?:ook\s+)?)?({_CODE_LIST})\s*[)\]]", re.IGNORECASE
)
_SINGLE_CODE = re.compile(_CODE)


def find_references(text: str, own_code: str) -> list[str]:
    """Find the prestatie codes that ``text`` refers to.

    Args:
        text: Running text of a section (intro, Context, an action, Financiën, ...).
        own_code: Code of the section the text belongs to; references to it are dropped.

    Returns:
        The referred codes in text order, each once.

    """
    found: list[tuple[int, str]] = []
    for pattern in (_AFTER_KEYWORD, _IN_PARENTHESES):
        for match in pattern.finditer(text):
            codes = _SINGLE_CODE.finditer(match.group(1))
            found.extend((match.start(1) + code.start(), code.group()) for code in codes)
    own = own_code.strip()
    result: list[str] = []
    for _, code in sorted(found):
        if code != own and code not in result:
            result.append(code)
    return result


def scan_references(blocks: Sequence[Block], draft: Draft) -> None:
    """Every other prestatie the section refers to, once, where it is first named."""
    found: dict[str, Reference] = {}
    for block in blocks:
        for element in running_text(block):
            for code in find_references(element.text, draft.section.code):
                found.setdefault(code, Reference(code, Span.of_lines(element.lines)))
    draft.section.references = list(found.values())


KIND = FactKind(
    name="references",
    position=100,
    counts=lambda section: {"verwijzingen": len(section.references)},
    scan=scan_references,
)
