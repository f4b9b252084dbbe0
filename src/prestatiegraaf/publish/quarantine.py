"""Stage 6, publish: leave out the descriptions that do not conform, publish the rest.

With ``build --quarantine`` a graph with violations is not simply refused. Each failing finding
is traced from its focus node to the description that owns it (the same owner path the
validation report follows: a description's parts, then a fact's source and selector; failing
that, the IRI the node was minted under). Those descriptions' sections are left out, the
documents they came from are mapped again without them, and the smaller graph is validated
and written as any other. What was left out is listed, with its findings, in the reports.

A finding no description owns (a shared resource: an actor, a person, a document) cannot be
quarantined: the build then fails as it does without ``--quarantine``.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from prestatiegraaf.errors import ValidationFailed
from prestatiegraaf.extract.extracted import ExtractedDocument
from prestatiegraaf.graph.iris import IriMinter
from prestatiegraaf.graph.kinds import graph_kinds
from prestatiegraaf.namespaces import PG_IRI, PREFIXES, sparql_prefixes
from prestatiegraaf.paths import PathResolver
from prestatiegraaf.validate.formats import format_finding, short
from prestatiegraaf.validate.result import Finding, ValidationResult

_BATCH = 500  # focus nodes per query


@dataclass(frozen=True)
class Rejection:
    """A graph that did not conform: its validation, and who owns each failing focus node."""

    result: ValidationResult
    owners: dict[str, str]  # focus node -> the description that owns it (owned nodes only)

    @property
    def failing(self) -> list[Finding]:
        """The findings that make the graph fail at the result's ``fail_on`` level."""
        return failing(self.result)


def failing(result: ValidationResult) -> list[Finding]:
    """The findings of ``result`` that make it fail at its ``fail_on`` level."""
    return [f for f in result.findings if f.severity.rank <= result.fail_on.rank]


class Rejected(ValidationFailed):
    """The graph does not conform and a quarantine was asked for: nothing written yet."""

    def __init__(self, message: str, rejection: Rejection) -> None:
        super().__init__(message)
        self.rejection = rejection


@dataclass(frozen=True)
class LeftOut:
    """A description left out of the published graph, and the findings that made it so."""

    description: str  # its IRI
    file: str  # the source file, as the user named it
    code: str
    title: str
    document: str
    findings: tuple[Finding, ...]

    def as_dict(self, language: str = "en") -> dict[str, Any]:
        """The left-out description as JSON-ready data."""
        return {
            "file": self.file,
            "code": self.code,
            "title": self.title,
            "document": self.document,
            "description": self.description,
            "violations": [_finding_dict(f, language) for f in self.findings],
        }


def _finding_dict(finding: Finding, language: str) -> dict[str, Any]:
    return {
        "severity": finding.severity.value,
        "shape": short(finding.issue.source_shape),
        "focus": finding.issue.focus_node,
        "path": short(finding.issue.path) if finding.issue.path else None,
        "value": finding.issue.value,
        "message": finding.message(language),
        "line": finding.line,
        "quote": finding.quote,
    }


def owner_path() -> str:
    """The SPARQL path from a description to every node it owns.

    Its facts through the parts its fact kinds declare, then a fact's source reference and its
    selector (``…/actie/1/bron/citaat``).
    """
    parts = "|".join(dict.fromkeys(f"pg:{part}" for kind in graph_kinds() for part in kind.parts))
    return f"({parts})*/(pg:bron/oa:hasSelector?)?"


def owning_descriptions(data: ox.Store, focus_nodes: Iterable[str]) -> dict[str, str]:
    """For each focus node a description owns, that description (the smallest IRI if several).

    A node the owner path does not reach is still owned by the description it was minted
    under (every fact is minted below its description's IRI). Blank nodes and literals, and
    shared resources (actors, persons, documents), have no owner.
    """
    iris = sorted({node for node in focus_nodes if not node.startswith(("_:", '"'))})
    owners: dict[str, str] = {}
    prefixes = sparql_prefixes()
    path = owner_path()
    for start in range(0, len(iris), _BATCH):
        values = " ".join(f"<{iri}>" for iri in iris[start : start + _BATCH])
        solutions = data.query(
            f"{prefixes}SELECT ?focus ?owner WHERE {{ VALUES ?focus {{ {values} }} "
            f"?owner {path} ?focus . ?owner a pg:Prestatiebeschrijving }}"
        )
        assert isinstance(solutions, ox.QuerySolutions)
        for focus, owner in solutions:
            assert focus is not None and owner is not None
            known = owners.get(focus.value)
            owners[focus.value] = owner.value if known is None else min(known, owner.value)
    missing = [iri for iri in iris if iri not in owners]
    if missing:
        descriptions = _descriptions(data)
        for iri in missing:
            stem = iri
            while "/" in stem and stem not in descriptions:
                stem = stem.rsplit("/", 1)[0]
            if stem in descriptions:
                owners[iri] = stem
    return owners


def _descriptions(data: ox.Store) -> set[str]:
    """The IRIs of every description in ``data``."""
    kind = ox.NamedNode(PG_IRI + "Prestatiebeschrijving")
    rdf_type = ox.NamedNode(PREFIXES["rdf"] + "type")
    return {
        quad.subject.value
        for quad in data.quads_for_pattern(None, rdf_type, kind, ox.DefaultGraph())
        if isinstance(quad.subject, ox.NamedNode)
    }


def left_out(
    rejection: Rejection, documents: Sequence[ExtractedDocument], iris: IriMinter
) -> tuple[list[LeftOut], set[tuple[int, int]]]:
    """The descriptions to leave out, and their sections as (document, section) positions.

    A description is left out when it owns a failing finding. Empty when no failing finding
    belongs to a description of ``documents``: then nothing can be quarantined.
    """
    sections: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for i, extracted in enumerate(documents):
        slug = iris.document_slug(extracted.source.document, extracted.source.path)
        for j, section in enumerate(extracted.sections):
            sections[iris.description(slug, section.code)].append((i, j))
    found: dict[str, list[Finding]] = defaultdict(list)
    for finding in rejection.failing:
        owner = rejection.owners.get(finding.issue.focus_node)
        if owner is not None and owner in sections:
            found[owner].append(finding)
    shown = PathResolver().shown
    leave: list[LeftOut] = []
    drop: set[tuple[int, int]] = set()
    for description in sorted(found):
        i, j = sections[description][0]
        extracted, section = documents[i], documents[i].sections[j]
        leave.append(
            LeftOut(
                description,
                shown(extracted.source.path),
                section.code,
                section.title,
                extracted.source.document.title,
                tuple(found[description]),
            )
        )
        drop.update(sections[description])
    leave.sort(key=lambda item: (item.file, item.code, item.description))
    return leave, drop


def without(
    documents: Sequence[ExtractedDocument], drop: set[tuple[int, int]]
) -> list[ExtractedDocument]:
    """``documents`` without the sections at the positions ``drop``."""
    kept: list[ExtractedDocument] = []
    for i, extracted in enumerate(documents):
        if any(position[0] == i for position in drop):
            sections = [s for j, s in enumerate(extracted.sections) if (i, j) not in drop]
            extracted = dataclasses.replace(extracted, sections=sections)
        kept.append(extracted)
    return kept


def format_left_out(leave: Sequence[LeftOut], language: str = "en") -> str:
    """The left-out descriptions as readable text, each with its findings and their source."""
    if not leave:
        return ""
    count = f"{len(leave)} description{'s' if len(leave) != 1 else ''}"
    lines = [f"Left out of the published graph (--quarantine): {count}"]
    for item in leave:
        lines.append(f"  {item.code} {item.title!r} ({item.document}), file {item.file}")
        lines.append(f"    {item.description}")
        for finding in item.findings:
            lines.append(f"    {finding.severity.value}: {format_finding(finding, language)}")
            if finding.quote:
                where = f"{finding.source_file}:{finding.line}" if finding.line else item.file
                quote = finding.quote if len(finding.quote) <= 160 else finding.quote[:157] + "..."
                lines.append(f"      source: {where}: {quote!r}")
    lines.append("")
    return "\n".join(lines) + "\n"
