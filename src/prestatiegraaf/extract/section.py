"""Stage 2, extract: turn one section's blocks into a :class:`PrestatieSection`.

Each block is handed to the extractor of its concept; whatever no extractor claims is kept
as :class:`Unparsed`, so the coverage report shows it instead of losing it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import TypeVar

from prestatiegraaf.extract import amounts, budget, decisions, governance, references, scores
from prestatiegraaf.extract.actions import collect_actions
from prestatiegraaf.extract.actors import find_actors
from prestatiegraaf.extract.sections import Block, SectionSlice, group_blocks
from prestatiegraaf.model import (
    ActorMention,
    AmountMention,
    BudgetComponent,
    BudgetFigures,
    ColourScore,
    DecisionReference,
    Element,
    ElementKind,
    Explanation,
    Governance,
    PrestatieSection,
    Reference,
    SourceDocument,
    Span,
    Unparsed,
)
from prestatiegraaf.sources.labels import LabelKind, match_label
from prestatiegraaf.sources.lines import person_names

_Fact = TypeVar("_Fact", ActorMention, AmountMention, BudgetComponent, BudgetFigures)
_Fields = dict[str, tuple[Element | None, list[Element]]]
_BUDGET_CHANGE = re.compile(
    r"^(?:geen|(?:\(?vooraankondiging\)?\s+)?resultaatbestemming|(?:gs|ps)\s+begrotingswijziging)\.?$",
    re.IGNORECASE,
)
_NO_DEVIATION = re.compile(r"^geen (?:afwijking|afwijkingen|bijzonderheden)\b", re.IGNORECASE)
_URL = re.compile(r"https?://\S+[^\s.,;)\]]")
_MD_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]*)\)")
_EXPLAINED = {
    "voortgang": "voortgang",
    "financien": "financien",
    "begrotingswijziging": "begrotingswijziging",
    "toelichting-investeringsbudget": "financien",
}


def extract_section(slice_: SectionSlice, doc: SourceDocument) -> PrestatieSection:
    """Extract every fact of one section; text nobody understood goes to ``unparsed``."""
    section = PrestatieSection(
        code=slice_.code,
        title=slice_.title,
        document=doc.document,
        channel=doc.channel,
        source=doc.path,
        heading=Span.of_lines(slice_.heading.lines),
    )
    blocks = group_blocks(_colours_after_labels(slice_.elements))
    fields: _Fields = {}
    for block in blocks:
        _extract_block(block, section, fields)
    section.governance = _governance(fields)
    _scan_text(section, blocks)
    return section


def _extract_block(block: Block, section: PrestatieSection, fields: _Fields) -> None:
    content = [e for e in block.elements if e.kind is not ElementKind.CHROME]
    if block.field is not None and block.block != "score":
        fields.setdefault(block.field, (block.label, []))[1].extend(content)
        return
    if block.block == "score":
        _score_block(block, content, section)
    elif block.block in ("intro", "context"):
        _text_block(block.block, content, section, fields)
    elif block.block == "acties":
        _scores_at_top(content, "acties", section)
        content = _holders_after_list(content, fields)
        section.actions.extend(collect_actions(content, section))
    elif block.block in _EXPLAINED:
        aspect = "financien" if block.block == "financien" else None
        if aspect:
            content = _scores_at_top(content, aspect, section)
        _explanation(_EXPLAINED[block.block], content, section)
    elif block.block == "lasten" and _is_change(block):
        _amounts(block, content, "begrotingswijziging", section)
    elif block.block in ("investeringsbudget", "resultaatbestemming"):
        _amounts(block, content, block.block, section)
    elif block.block == "lasten":
        rows = _raw_rows(([block.label] if block.label else []) + content)
        section.budget = budget.parse_budget_table(rows)
        if section.budget is not None:
            section.budget = _with_span(section.budget, content)
        else:
            _unparsed("lasten", content, section)
    elif block.block == "budgetopbouw":
        section.budget_components.extend(
            _with_span(part, content) for part in budget.parse_budget_makeup(_raw_rows(content))
        )
    elif block.block in ("basisinformatie", "status", "mijlpalen", "besluiten"):
        _loose_block(block.block, content, section)
    else:
        _unparsed(block.block, content, section)


def _colours_after_labels(elements: tuple[Element, ...]) -> tuple[Element, ...]:
    """Put a colour printed just before its score label ("O" above "Inhoud") after it."""
    out = list(elements)
    for i in range(len(out) - 1):
        colour, label = out[i], out[i + 1]
        if not (_is_colour(colour) and label.kind is ElementKind.LABEL):
            continue
        found = match_label(label.text)
        following = out[i + 2] if i + 2 < len(out) else None
        if found and found.kind is LabelKind.SCORE and not (following and _is_colour(following)):
            out[i], out[i + 1] = label, colour
    return tuple(out)


def _is_colour(element: Element) -> bool:
    return element.kind is ElementKind.PARAGRAPH and scores.colour_of(element.text) is not None


def _holders_after_list(content: list[Element], fields: _Fields) -> list[Element]:
    """Move a line of names after a list into the portefeuillehouder field.

    Listing pages (Begroting 2024 on) end a prestatie with its portfolio holders' names and
    no label.
    """
    rest = list(content)
    while rest and rest[-1].kind is ElementKind.PARAGRAPH and person_names(rest[-1].text):
        if any(e.kind is ElementKind.ITEM for e in rest[:-1]):
            fields.setdefault("portefeuillehouder", (None, []))[1].insert(0, rest.pop())
        else:
            break
    return rest


def _text_block(
    name: str, content: list[Element], section: PrestatieSection, fields: _Fields
) -> None:
    if name == "intro":
        # An integral colour may follow the intro without a label (monitors of 2016).
        for element in [e for e in content if _is_colour(e)]:
            colour = scores.colour_of(element.text)
            assert colour is not None
            section.scores.append(ColourScore("integraal", colour, Span.of_lines(element.lines)))
            content = [e for e in content if e is not element]
    paragraphs = [e for e in content if e.kind is ElementKind.PARAGRAPH]
    items = [e for e in content if e.kind is ElementKind.ITEM]
    if name == "intro" and items:
        # Listing pages without an "Acties" label: the list is the actions.
        after = content[content.index(items[0]) :]
        section.actions.extend(collect_actions(_holders_after_list(after, fields), section))
        paragraphs = [p for p in paragraphs if p not in after]
    if not paragraphs:
        return
    text = "\n\n".join(p.text for p in paragraphs)
    span = Span.of_lines([ln for p in paragraphs for ln in p.lines])
    if name == "intro":
        section.intro, section.intro_span = text, span
    else:
        section.context, section.context_span = text, span
    _unparsed(name, [e for e in content if e.kind is ElementKind.TABLE_ROW], section)


def _scores_at_top(content: list[Element], aspect: str, section: PrestatieSection) -> list[Element]:
    """Colour words standing first in a block score that block's aspect; the rest returns."""
    rest = list(content)
    while rest and rest[0].kind is ElementKind.PARAGRAPH and scores.colour_of(rest[0].text):
        colour = scores.colour_of(rest[0].text)
        assert colour is not None
        section.scores.append(ColourScore(aspect, colour, Span.of_lines(rest[0].lines)))
        rest.pop(0)
    if rest is not content:
        content[:] = rest
    return rest


def _is_change(block: Block) -> bool:
    label = block.label.text.lower() if block.label else ""
    return "begrotingswijziging" in label or "resultaatbestemming" in label


def _amounts(block: Block, content: list[Element], kind: str, section: PrestatieSection) -> None:
    """Amounts stated under a label (Investeringsbudget, Lasten begrotingswijziging)."""
    caption = block.label.text if block.label else ""
    for element in content:
        scale = amounts.scale_of(f"{caption} {element.text}")
        bare = amounts.SCALE_PATTERN.sub("", element.text).strip(" ()")
        value = amounts.parse_euro(bare, scale)
        if value is None:
            _unparsed(block.block, [element], section)
            continue
        mention = AmountMention(value, element.text, kind, Span.of_lines(element.lines))
        section.amounts.append(mention)


def _score_block(block: Block, content: list[Element], section: PrestatieSection) -> None:
    assert block.label is not None
    inline = scores.find_inline_scores(block.label.text)
    if inline:
        for aspect, colour in inline:
            section.scores.append(ColourScore(aspect, colour, Span.of_lines(block.label.lines)))
        _unparsed("status", content, section)
        return
    rest = _scores_at_top(content, block.field or "integraal", section)
    if rest and all(_BUDGET_CHANGE.match(e.text) for e in rest):
        _explanation("begrotingswijziging", rest, section)  # W2 status without its label
    elif block.field == "inhoud" and rest:
        _explanation("voortgang", rest, section)
    else:
        _unparsed("kleurscore", rest, section)


def _explanation(topic: str, content: list[Element], section: PrestatieSection) -> None:
    texts = [e for e in content if e.kind in (ElementKind.PARAGRAPH, ElementKind.ITEM)]
    if not texts:
        return
    text = "\n\n".join(e.text for e in texts)
    span = Span.of_lines([ln for e in texts for ln in e.lines])
    flag = bool(_NO_DEVIATION.match(text))
    section.explanations.append(Explanation(topic, text, flag, span))


def _loose_block(name: str, content: list[Element], section: PrestatieSection) -> None:
    """Text under Basisinformatie, Status or Mijlpalen without a field label of its own."""
    claimed: list[Element] = []
    for element in content:
        if decisions.find_decisions(element.text):
            claimed.append(element)  # read by the decision scan
    _unparsed(name, [e for e in content if e not in claimed], section)


def _governance(fields: _Fields) -> Governance:
    def value(key: str) -> str:
        return " ".join(e.text for e in fields.get(key, (None, []))[1]).strip()

    holders = tuple(
        dict.fromkeys(
            name
            for element in fields.get("portefeuillehouder", (None, []))[1]
            for name in governance.parse_portfolio_holders(element.text)
        )
    )
    role_text = value("rol") or None
    duration, end_year = governance.parse_duration(value("looptijd"))
    reserve, reserve_name = _reserve(*fields.get("reserve", (None, [])))
    investment = " ".join([value("reserve"), value("investeringsvoorstel")])
    website, url = _website(fields.get("website", (None, []))[1])
    spans = [ln for _, elements in fields.values() for e in elements for ln in e.lines]
    return Governance(
        portfolio_holders=holders,
        roles=governance.parse_roles(role_text or ""),
        role_text=role_text,
        duration=duration,
        end_year=end_year,
        reserve_relation=reserve,
        reserve_name=reserve_name,
        coalition_agreement=governance.find_coalition_agreement(investment),
        website=website,
        website_url=url,
        span=Span.of_lines(sorted(spans, key=lambda ln: ln.number)),
    )


def _reserve(label: Element | None, elements: list[Element]) -> tuple[bool | None, str | None]:
    """Ja/Nee may stand before or after the investment text (PDF prints values first)."""
    if label is None:
        return None, None
    answer, name = governance.parse_reserve_relation(label.text, "")
    for element in elements:
        found, found_name = governance.parse_reserve_relation(label.text, element.text)
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
    return elements[0].text.strip() or None, href or (url.group(0) if url else None)


def _scan_text(section: PrestatieSection, blocks: list[Block]) -> None:
    """Facts found anywhere in the running text: decisions, references, actors, amounts."""
    seen_decisions: dict[str, int] = {}
    refs: dict[str, Reference] = {}
    for block in blocks:
        for element in _texts(block):
            span = Span.of_lines(element.lines)
            for match in decisions.find_decisions(element.text):
                sentence = decisions.sentence_around(element.text, match.start, match.end)
                area = "mijlpalen" if block.block == "mijlpalen" else block.field or block.block
                relation = decisions.decision_relation(sentence, area)
                _add_decision(
                    section, seen_decisions, DecisionReference(match.identifier, relation, span)
                )
            for code in references.find_references(element.text, section.code):
                refs.setdefault(code, Reference(code, span))
            if block.block not in ("lasten", "budgetopbouw") and block.field != "website":
                section.amounts.extend(
                    _with_span(m, [element]) for m in amounts.find_amount_mentions(element.text)
                )
    section.references = list(refs.values())
    section.actors = _actors(section, blocks)


def _add_decision(section: PrestatieSection, seen: dict[str, int], ref: DecisionReference) -> None:
    rank = {"vermelding": 0, "mijlpaal": 1, "investeringsbesluit": 2}
    if ref.identifier not in seen:
        seen[ref.identifier] = len(section.decisions)
        section.decisions.append(ref)
        return
    index = seen[ref.identifier]
    if rank[ref.relation] > rank[section.decisions[index].relation]:
        section.decisions[index] = ref


def _actors(section: PrestatieSection, blocks: list[Block]) -> list[ActorMention]:
    found: dict[str, ActorMention] = {}
    for block in blocks:
        if block.field in ("portefeuillehouder", "rol", "looptijd"):
            continue
        for element in _texts(block):
            for mention in find_actors(element.text):
                if mention.key not in found:
                    found[mention.key] = _with_span(mention, [element])
    return list(found.values())


def _texts(block: Block) -> Iterable[Element]:
    return (
        e
        for e in block.elements
        if e.kind in (ElementKind.PARAGRAPH, ElementKind.ITEM, ElementKind.TABLE_ROW)
    )


def _raw_rows(elements: list[Element]) -> list[str]:
    return [
        ln.raw.strip() if e.kind is ElementKind.TABLE_ROW else ln.text
        for e in elements
        for ln in e.lines
    ]


def _with_span(fact: _Fact, elements: list[Element]) -> _Fact:
    """A copy of ``fact`` whose span covers ``elements``."""
    return replace(fact, span=Span.of_lines([ln for e in elements for ln in e.lines]))


def _unparsed(where: str, content: list[Element], section: PrestatieSection) -> None:
    for element in content:
        if element.kind is ElementKind.CHROME or not element.text.strip():
            continue
        section.unparsed.append(Unparsed(where, element.text, Span.of_lines(element.lines)))
