"""Coverage report: per source file and section, which facts were found and what was not read."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from prestatiegraaf.extract.extracted import ExtractedDocument
from prestatiegraaf.extract.kinds import fact_kinds
from prestatiegraaf.model import PrestatieSection, Unparsed
from prestatiegraaf.paths import PathResolver


def section_fields(section: PrestatieSection) -> dict[str, int]:
    """How many facts of each kind a section yielded, as each fact kind counts them."""
    return {name: count for kind in fact_kinds() for name, count in kind.counts(section).items()}


def _unparsed(parts: Sequence[Unparsed]) -> list[dict[str, Any]]:
    return [
        {"line": p.span.line if p.span else None, "where": p.where, "text": p.text} for p in parts
    ]


def coverage_report(
    documents: Sequence[ExtractedDocument], failures: Sequence[tuple[Path, str]] = ()
) -> dict[str, Any]:
    """A JSON-ready report of every input: sections, fields found, text not understood."""
    shown = PathResolver().shown
    files = []
    for doc in documents:
        files.append({
            "file": shown(doc.source.path),
            "document": doc.source.document.title,
            "channel": doc.source.channel.value,
            "sections": [
                {"code": s.code, "title": s.title, "fields": section_fields(s),
                 "not_understood": _unparsed(s.unparsed)}
                for s in doc.sections
            ],
            "outside_sections": _unparsed(doc.outside),
            "goals": [{"code": g.code, "title": g.title} for g in doc.goals],
            "ignored": [{"line": e.lines[0].number if e.lines else None, "why": e.note}
                        for e in doc.ignored],
        })  # fmt: skip
    return {
        "files": files,
        "sections": sum(len(d.sections) for d in documents),
        "failed": [{"file": shown(path), "error": message} for path, message in failures],
    }


def coverage_json(report: dict[str, Any]) -> str:
    """The coverage report as JSON with one line per file.

    Indenting every nested value is slow to write for thousands of files and no easier to
    read; a line per file keeps the report quick to write, to grep and to diff.
    """
    fields = []
    for key, value in report.items():
        name = json.dumps(key)
        if isinstance(value, list) and value:
            items = ",\n    ".join(json.dumps(item, ensure_ascii=False) for item in value)
            fields.append(f"  {name}: [\n    {items}\n  ]")
        else:
            fields.append(f"  {name}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(fields) + "\n}\n"


def format_coverage(report: dict[str, Any]) -> str:
    """The coverage report as a readable table: a row per file, a line per section."""
    lines = [f"{'file':40} {'document':18} {'channel':9} {'sections':>8} {'not understood':>15}"]
    for entry in report["files"]:
        missed = sum(len(s["not_understood"]) for s in entry["sections"])
        missed += len(entry["outside_sections"])
        lines.append(f"{entry['file'][:40]:40} {entry['document'][:18]:18} {entry['channel']:9} "
                     f"{len(entry['sections']):>8} {missed:>15}")  # fmt: skip
        for section in entry["sections"]:
            found = ", ".join(f"{k} {v}" for k, v in section["fields"].items() if v)
            lines.append(f"    {section['code']:8} {found}")
            for part in section["not_understood"]:
                lines.append(f"      not understood (line {part['line']}, {part['where']}): "
                             f"{part['text'][:70]}")  # fmt: skip
        for part in entry["outside_sections"]:
            lines.append(f"    outside any section (line {part['line']}): {part['text'][:70]}")
    for failure in report["failed"]:
        lines.append(f"FAILED {failure['error']}")
    lines.append(f"{len(report['files'])} files read, {len(report['failed'])} failed, "
                 f"{report['sections']} sections")  # fmt: skip
    return "\n".join(lines) + "\n"
