"""Coverage report: per source file and section, which facts were found and what was not read."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from prestatiegraaf.extract.facts import ExtractedDocument
from prestatiegraaf.model import PrestatieSection, Unparsed


def section_fields(section: PrestatieSection) -> dict[str, int]:
    """How many facts of each kind a section yielded."""
    info = section.governance
    return {
        "ambitie": int(bool(section.intro)),
        "context": int(bool(section.context)),
        "acties": len(section.actions),
        "doelen": sum(len(action.targets) for action in section.actions),
        "actoren": len(section.actors),
        "budget": int(section.budget is not None),
        "budgetopbouw": len(section.budget_components),
        "bedragen": len(section.amounts),
        "kleurscores": len(section.scores),
        "toelichtingen": len(section.explanations),
        "besluiten": len(section.decisions),
        "portefeuillehouders": len(info.portfolio_holders),
        "rollen": len(info.roles),
        "looptijd": int(info.duration is not None),
        "verwijzingen": len(section.references),
    }


def _unparsed(parts: Sequence[Unparsed]) -> list[dict[str, Any]]:
    return [
        {"line": p.span.line if p.span else None, "where": p.where, "text": p.text} for p in parts
    ]


def coverage_report(
    documents: Sequence[ExtractedDocument], root: Path | None = None
) -> dict[str, Any]:
    """A JSON-ready report; file paths are shown relative to ``root`` (default: as given)."""
    files = []
    for doc in documents:
        path = doc.source.path
        shown = path.name if root is None else str(path.relative_to(root))
        files.append(
            {
                "file": shown,
                "document": doc.source.document.title,
                "channel": doc.source.channel.value,
                "sections": [
                    {
                        "code": s.code,
                        "title": s.title,
                        "fields": section_fields(s),
                        "not_understood": _unparsed(s.unparsed),
                    }
                    for s in doc.sections
                ],
                "outside_sections": _unparsed(doc.outside),
                "ignored": [
                    {"line": e.lines[0].number if e.lines else None, "why": e.note}
                    for e in doc.ignored
                ],
            }
        )
    return {"files": files, "sections": sum(len(d.sections) for d in documents)}
