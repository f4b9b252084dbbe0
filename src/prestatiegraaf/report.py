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


def new_actors(section: PrestatieSection) -> list[dict[str, Any]]:
    """The actors a section names that the register does not know, as recognised."""
    return [
        {"name": m.label, "key": m.key, "kind": m.kind or "organisatie", "how": m.how,
         "confidence": m.confidence, "line": m.span.line if m.span else None}
        for m in section.actors
        if m.how != "register"
    ]  # fmt: skip


def coverage_report(
    documents: Sequence[ExtractedDocument], failures: Sequence[tuple[Path, str]] = ()
) -> dict[str, Any]:
    """A JSON-ready report of every input: sections, fields found, text not understood.

    Each section lists the actors outside the register it names (``new_actors``). A build
    with ``--quarantine`` adds the descriptions it left out (``quarantined``).
    """
    shown = PathResolver().shown
    files = []
    for doc in documents:
        files.append({
            "file": shown(doc.source.path),
            "document": doc.source.document.title,
            "channel": doc.source.channel.value,
            "sections": [
                {"code": s.code, "title": s.title, "fields": section_fields(s),
                 "not_understood": _unparsed(s.unparsed), "new_actors": new_actors(s)}
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
    """The coverage report as a readable table: a row per file, a line per section.

    Then the descriptions left out by ``--quarantine``, the files that failed, the actors
    outside the register, and a summary line.
    """
    quarantined = report.get("quarantined", [])
    left = {(item["file"], item["code"]) for item in quarantined}
    lines = [f"{'file':40} {'document':18} {'channel':9} {'sections':>8} {'not understood':>15}"]
    for entry in report["files"]:
        missed = sum(len(s["not_understood"]) for s in entry["sections"])
        missed += len(entry["outside_sections"])
        lines.append(f"{entry['file'][:40]:40} {entry['document'][:18]:18} {entry['channel']:9} "
                     f"{len(entry['sections']):>8} {missed:>15}")  # fmt: skip
        for section in entry["sections"]:
            found = ", ".join(f"{k} {v}" for k, v in section["fields"].items() if v)
            out = (entry["file"], section["code"]) in left
            mark = " [left out: does not conform]" if out else ""
            lines.append(f"    {section['code']:8} {found}{mark}")
            for part in section["not_understood"]:
                lines.append(f"      not understood (line {part['line']}, {part['where']}): "
                             f"{part['text'][:70]}")  # fmt: skip
            for actor in section.get("new_actors", []):
                lines.append(f"      new actor: {actor['name']} ({actor['key']}; {actor['how']}, "
                             f"confidence {actor['confidence']:.2f})")  # fmt: skip
        for part in entry["outside_sections"]:
            lines.append(f"    outside any section (line {part['line']}): {part['text'][:70]}")
    for item in quarantined:
        findings = len(item["violations"])
        lines.append(f"LEFT OUT {item['file']} {item['code']} ({item['document']}): "
                     f"{findings} finding{'s' if findings != 1 else ''}")  # fmt: skip
        for finding in item["violations"]:
            path = f"{finding['path']}: " if finding["path"] else ""
            lines.append(f"    {finding['severity']}: {path}{finding['message']}")
    for failure in report["failed"]:
        lines.append(f"FAILED {failure['error']}")
    lines.extend(_new_actor_summary(report["files"]))
    left_text = f", {len(quarantined)} left out" if quarantined else ""
    lines.append(f"{len(report['files'])} files read, {len(report['failed'])} failed, "
                 f"{report['sections']} sections{left_text}")  # fmt: skip
    return "\n".join(lines) + "\n"


def _new_actor_summary(files: Sequence[dict[str, Any]]) -> list[str]:
    """The actors outside the register over all files: one line each, most mentioned first."""
    found: dict[str, dict[str, Any]] = {}
    for entry in files:
        for section in entry["sections"]:
            for actor in section.get("new_actors", []):
                seen = found.setdefault(actor["key"], {**actor, "mentions": 0, "low": 1.0,
                                                       "high": 0.0, "hows": set()})  # fmt: skip
                seen["mentions"] += 1
                seen["hows"].add(actor["how"])
                seen["low"] = min(seen["low"], actor["confidence"])
                seen["high"] = max(seen["high"], actor["confidence"])
    if not found:
        return []
    review = "review with 'prestatiegraaf actors'"
    lines = [f"new actors, not in the register ({len(found)}; {review}):"]
    for actor in sorted(found.values(), key=lambda a: (-a["mentions"], a["name"], a["key"])):
        low, high = actor["low"], actor["high"]
        confidence = f"{low:.2f}" if low == high else f"{low:.2f}-{high:.2f}"
        mentions = f"{actor['mentions']} mention{'s' if actor['mentions'] != 1 else ''}"
        how = ", ".join(sorted(actor["hows"]))
        lines.append(f"    {actor['name']} (actor:{actor['key']}, {actor['kind']}; {how}, "
                     f"confidence {confidence}; {mentions})")  # fmt: skip
    return lines
