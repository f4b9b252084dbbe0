"""The extractor against a corpus of synthetic prestatie sections in every layout variant.

Each fixture in ``tests/data/sources`` (described by its ``manifest.csv``) has a hand-written
expectation in ``tests/data/expected/sections/<stem>.json``: per section what a careful reader
finds in it. A key left out of an expectation is not checked. Every (file, field) pair is its own
test case, so one wrong field does not hide the others.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from prestatiegraaf.extract.extracted import extract_document
from prestatiegraaf.model import DocumentInfo, PrestatieSection
from prestatiegraaf.sources import load_source
from prestatiegraaf.sources.manifest import read_manifest

DATA = Path(__file__).resolve().parent / "data"
SOURCES = DATA / "sources"
EXPECTED = DATA / "expected" / "sections"
MANIFEST = SOURCES / "manifest.csv"

# Fields compared per section, in report order; "sections" and "unparsed" are per file.
SECTION_FIELDS = (
    "title",
    "actions",
    "targets",
    "actors",
    "budget",
    "budget_components",
    "scores",
    "decisions",
    "portfolio_holders",
    "roles",
    "duration",
    "end_year",
    "reserve_relation",
    "references",
    "no_deviation_topics",
)
START_LENGTH = 25
_WHITESPACE = re.compile(r"\s+")


def _collapse(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


@cache
def _documents() -> dict[str, DocumentInfo]:
    return {entry.path.name: entry.document for entry in read_manifest(MANIFEST)}


def _fixture_names() -> list[str]:
    return sorted(_documents())


@cache
def _expected(name: str) -> tuple[dict[str, Any], ...]:
    path = EXPECTED / f"{Path(name).stem}.json"
    return tuple(json.loads(path.read_text(encoding="utf-8")))


@cache
def _extracted(name: str) -> tuple[PrestatieSection, ...]:
    source = load_source(SOURCES / name, document=_documents()[name])
    return tuple(extract_document(source).sections)


# --- what the extractor found, in the shape of the expectation files --------------------------


def _got_actions(section: PrestatieSection) -> list[dict[str, Any]]:
    return [
        {"number": action.number, "starts": _collapse(action.text)[:START_LENGTH]}
        for action in section.actions
    ]


def _target_key(action: int, value: Decimal, unit: str, year: int | None) -> tuple:
    """(action, value as plain digits, unit, year): 2500, 2.5E+3 and 2500.00 compare equal."""
    return (action, format(value.normalize(), "f"), unit, year)


def _got_targets(section: PrestatieSection) -> list[tuple]:
    return sorted(
        (
            _target_key(action.number, target.value, target.unit, target.year)
            for action in section.actions
            for target in action.targets
        ),
        key=repr,
    )


def _want_targets(targets: list[dict[str, Any]]) -> list[tuple]:
    return sorted(
        (_target_key(t["action"], Decimal(t["value"]), t["unit"], t["year"]) for t in targets),
        key=repr,
    )


def _got_budget(section: PrestatieSection) -> dict[str, int | None] | None:
    if section.budget is None:
        return None
    b = section.budget
    return {"begroot": b.begroot, "besteed": b.besteed, "ruimte": b.ruimte}


def _got_decisions(section: PrestatieSection) -> list[tuple[str, str]]:
    return sorted({(d.identifier, d.relation) for d in section.decisions})


def _want_decisions(
    wanted: list[dict[str, str]], section: PrestatieSection
) -> list[tuple[str, str]]:
    """Expected (id, relation) pairs; a missing relation accepts whatever was found for the id."""
    found: dict[str, list[str]] = {}
    for decision in section.decisions:
        found.setdefault(decision.identifier, []).append(decision.relation)
    pairs = set()
    for item in wanted:
        relations = [item["relation"]] if "relation" in item else found.get(item["id"], ["?"])
        pairs.update((item["id"], relation) for relation in relations)
    return sorted(pairs)


def _got(field: str, section: PrestatieSection) -> Any:
    gov = section.governance
    getters = {
        "title": lambda: section.title,
        "actions": lambda: _got_actions(section),
        "targets": lambda: _got_targets(section),
        "actors": lambda: sorted({actor.key for actor in section.actors}),
        "budget": lambda: _got_budget(section),
        "budget_components": lambda: sorted(
            (part.amount, part.source_key) for part in section.budget_components
        ),
        "scores": lambda: sorted({(score.aspect, score.score) for score in section.scores}),
        "decisions": lambda: _got_decisions(section),
        "portfolio_holders": lambda: list(gov.portfolio_holders),
        "roles": lambda: sorted(set(gov.roles)),
        "duration": lambda: gov.duration,
        "end_year": lambda: gov.end_year,
        "reserve_relation": lambda: gov.reserve_relation,
        "references": lambda: sorted({ref.code for ref in section.references}),
        "no_deviation_topics": lambda: sorted(
            {exp.topic for exp in section.explanations if exp.no_deviation}
        ),
    }
    return getters[field]()


def _want(field: str, value: Any, section: PrestatieSection) -> Any:
    if field == "targets":
        return _want_targets(value)
    if field == "decisions":
        return _want_decisions(value, section)
    if field in ("actors", "roles", "references", "no_deviation_topics"):
        return sorted(set(value))
    if field == "scores":
        return sorted({(s["aspect"], s["score"]) for s in value})
    if field == "budget_components":
        return sorted((part["amount"], part["source_key"]) for part in value)
    return value


# --- test cases ---------------------------------------------------------------------------------


def _cases() -> list[Any]:
    cases = []
    for name in _fixture_names():
        fields = ["sections"]
        fields += [f for f in SECTION_FIELDS if any(f in sec for sec in _expected(name))]
        fields.append("unparsed")
        cases += [pytest.param(name, field, id=f"{name}-{field}") for field in fields]
    return cases


def test_every_fixture_has_a_manifest_row_and_an_expectation() -> None:
    on_disk = {p.name for p in SOURCES.iterdir() if p.suffix in (".txt", ".md")}
    assert on_disk == set(_documents()), "manifest.csv and the fixture files differ"
    missing = [n for n in on_disk if not (EXPECTED / f"{Path(n).stem}.json").is_file()]
    assert not missing, f"fixtures without an expectation file: {missing}"


def _section(name: str, code: str) -> PrestatieSection:
    sections = _extracted(name)
    for section in sections:
        if section.code == code:
            return section
    pytest.fail(f"{name}: no section {code} extracted; got {[s.code for s in sections]}")


@pytest.mark.parametrize(("name", "field"), _cases())
def test_variant(name: str, field: str) -> None:
    expected = _expected(name)
    if field == "sections":
        got_codes = [section.code for section in _extracted(name)]
        want_codes = [sec["code"] for sec in expected]
        assert got_codes == want_codes, (
            f"{name}: section codes\n  expected {want_codes}\n  got      {got_codes}"
        )
        return
    if field == "unparsed":
        _check_unparsed(name)
        return
    problems = []
    for sec in expected:
        if field not in sec:
            continue
        section = _section(name, sec["code"])
        want, got = _want(field, sec[field], section), _got(field, section)
        if want != got:
            problems.append(f"{sec['code']} {field}\n  expected {want!r}\n  got      {got!r}")
    assert not problems, f"{name}: " + "\n".join(problems)


def _check_unparsed(name: str) -> None:
    """No action may end up as text the extractor did not understand."""
    problems = []
    for sec in _expected(name):
        section = _section(name, sec["code"])
        leftovers = [_collapse(item.text) for item in section.unparsed]
        actions = [_collapse(action.text) for action in section.actions]
        starts = [_collapse(action["starts"]) for action in sec.get("actions", [])]
        for text in leftovers:
            for action in actions:
                if action and action in text:
                    problems.append(f"{sec['code']}: extracted action in unparsed: {text!r}")
            for start in starts:
                if start in text:
                    problems.append(f"{sec['code']}: action {start!r}… in unparsed: {text!r}")
    assert not problems, f"{name}: " + "\n".join(problems)
