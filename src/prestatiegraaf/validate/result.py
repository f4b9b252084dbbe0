"""Stage 4, validate: one call that validates a graph and says what is wrong in document terms.

:func:`validate_graph` runs the shapes on a store and returns a :class:`ValidationResult`
whose findings carry, besides the SHACL result, the focus node's label and prestatie code, the
document it came from and the exact source text, so a reader can go straight to the paragraph.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.graph.kinds import graph_kinds
from prestatiegraaf.graph.store import load_data
from prestatiegraaf.namespaces import sparql_prefixes
from prestatiegraaf.resources import shapes_dir
from prestatiegraaf.validate.compiler import compile_queries
from prestatiegraaf.validate.engine import ValidationIssue, validate_store
from prestatiegraaf.validate.incremental import Change, revalidate_store, touched
from prestatiegraaf.validate.shape_model import SH, ShapesModel
from prestatiegraaf.validate.shapes import load_shapes


class Severity(StrEnum):
    """SHACL severities, from the most to the least serious."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @property
    def rank(self) -> int:
        """0 for violations, 1 for warnings, 2 for infos."""
        return list(Severity).index(self)


SEVERITY_NAMES = frozenset(severity.value for severity in Severity)


@dataclass(frozen=True)
class Finding:
    """A validation result with what a reader needs to find the offending text."""

    issue: ValidationIssue
    label: str | None = None
    code: str | None = None
    document: str | None = None
    source_file: str | None = None
    line: int | None = None
    quote: str | None = None

    @property
    def severity(self) -> Severity:
        """The result's severity; a custom severity (an IRI of its own) counts as a violation."""
        if self.issue.severity in SEVERITY_NAMES:
            return Severity(self.issue.severity)
        return Severity.VIOLATION

    @property
    def severity_iri(self) -> str:
        """The IRI of the result's severity, as the shape gives it (sh:Violation, ...)."""
        if self.issue.severity in SEVERITY_NAMES:
            return SH + self.issue.severity
        return self.issue.severity

    def message(self, language: str = "en") -> str:
        """The message in ``language`` (falling back to any other), or the component's name."""
        messages = dict(self.issue.messages)
        if language in messages:
            return messages[language]
        if messages:
            return next(iter(sorted(messages.items())))[1]
        return self.issue.component.rsplit("#", 1)[-1]


@dataclass(frozen=True)
class ValidationResult:
    """The outcome of validating a graph at one failure level."""

    findings: tuple[Finding, ...]
    fail_on: Severity = Severity.VIOLATION

    @property
    def conforms(self) -> bool:
        """True when no finding is at least as serious as ``fail_on``."""
        return not any(f.severity.rank <= self.fail_on.rank for f in self.findings)

    @property
    def counts(self) -> dict[str, int]:
        """Number of findings per severity."""
        found = Counter(f.severity.value for f in self.findings)
        return {severity.value: found.get(severity.value, 0) for severity in Severity}


def validate_graph(
    data: ox.Store,
    shapes: ShapesModel | None = None,
    fail_on: Severity = Severity.VIOLATION,
) -> ValidationResult:
    """Validate ``data`` against ``shapes`` (default: the project's shapes).

    Raises:
        OntologyError: the shapes cannot be read or use unsupported SHACL features.

    """
    model = shapes if shapes is not None else load_project_shapes()
    issues = validate_store(data, model)
    return ValidationResult(tuple(describe(data, issues)), fail_on)


def revalidate_graph(
    data: ox.Store,
    change: Change,
    last: ValidationResult,
    shapes: ShapesModel | None = None,
    fail_on: Severity = Severity.VIOLATION,
) -> ValidationResult | None:
    """Validate ``data`` after ``change``, given the result ``last`` of the graph before it.

    Only the focus nodes the change can reach are validated again (see
    :mod:`.incremental`); the result equals :func:`validate_graph` on ``data``. None when it
    cannot be worked out this way.

    Raises:
        OntologyError: the shapes cannot be read or use unsupported SHACL features.
    """
    model = shapes if shapes is not None else load_project_shapes()
    before = [finding.issue for finding in last.findings]
    issues = revalidate_store(data, change, compile_queries(model), before)
    if issues is None:
        return None
    return ValidationResult(tuple(_redescribe(data, issues, last.findings, change)), fail_on)


def validate_files(
    data: Sequence[Path],
    shapes: Path | None = None,
    fail_on: Severity = Severity.VIOLATION,
    *,
    engine: str = "fast",
    allow_service: bool = False,
    timeout: float | None = None,
) -> ValidationResult:
    """Validate Turtle/N-Triples files or build folders.

    Args:
        data: files, or folders whose ``*.ttl`` files are read.
        shapes: a shapes file or folder (default: the project's shapes).
        fail_on: least severe finding that makes the result non-conforming.
        engine: ``fast`` (built in) or ``pyshacl`` (reference, full SHACL).
        allow_service: let SPARQL constraints query remote endpoints (``SERVICE``).
        timeout: seconds each query may run (pyshacl: the whole validation), in a child
            process stopped then or on Ctrl-C; None: in this process, without a limit.

    Raises:
        SourceError: a data file is missing or not valid RDF.
        OntologyError: the shapes are unusable, or a query ran longer than ``timeout``.

    """
    store = load_data(data)
    folder = shapes or shapes_dir()
    if engine == "pyshacl":
        from prestatiegraaf.validate.reference import validate_with_pyshacl

        issues = validate_with_pyshacl(
            store, [folder], allow_service=allow_service, timeout=timeout
        )
        return ValidationResult(tuple(describe(store, issues)), fail_on)
    model = load_project_shapes(folder, allow_service=allow_service)
    found = validate_store(store, model, timeout=timeout)
    return ValidationResult(tuple(describe(store, found)), fail_on)


def load_project_shapes(folder: Path | None = None, *, allow_service: bool = False) -> ShapesModel:
    """The shapes in ``folder`` (default: the project's ``shapes/``).

    SPARQL constraints that would query a remote endpoint are refused unless
    ``allow_service``.
    """
    return load_shapes([folder or shapes_dir()], allow_service=allow_service)


_PREFIXES = sparql_prefixes()


def _parts() -> str:
    """The path from a description to the resources its fact kinds say it owns."""
    parts = dict.fromkeys(f"pg:{part}" for kind in graph_kinds() for part in kind.parts)
    return "|".join(parts)


# What a finding says of its focus node, one plain join each: a join that starts from the
# focus nodes is a few index lookups, where OPTIONALs around them made pyoxigraph evaluate
# each pattern over the whole graph first.
_CONTEXT = (
    (("label",), "?focus skos:prefLabel|dcterms:title|foaf:name|dcterms:identifier ?label"),
    (("code",), f"?owner ({_parts()})* ?focus . ?owner pg:beschrijft/skos:notation ?code"),
    (("code",), "?focus skos:notation ?code"),
    (("document",), "?focus prov:wasDerivedFrom/dcterms:title ?document"),
    (
        ("file", "quote", "line"),
        "?focus pg:bron ?resource . ?resource oa:hasSource/dcterms:title ?file ; "
        "oa:hasSelector ?selector . ?selector oa:exact ?quote . "
        "OPTIONAL { ?selector pg:regel ?line }",
    ),
)
_BATCH = 500  # focus nodes per query
# the same patterns over ``?this``, to tell whose context a change can reach
_CONTEXT_QUERIES = tuple(
    f"{_PREFIXES}SELECT ?this WHERE {{ {pattern.replace('?focus', '?this')} }}"
    for _, pattern in _CONTEXT
)


def describe(data: ox.Store, issues: Sequence[ValidationIssue]) -> list[Finding]:
    """Attach label, code, document and source text to each issue.

    Where a focus node has several (a label in two languages), the smallest is taken, so
    reports are the same on every run.
    """
    iris = sorted({i.focus_node for i in issues if not i.focus_node.startswith(("_:", '"'))})
    found: dict[str, dict[tuple[str, ...], tuple[str, ...]]] = {}
    for start in range(0, len(iris), _BATCH):
        values = " ".join(f"<{iri}>" for iri in iris[start : start + _BATCH])
        for names, pattern in _CONTEXT:
            head = f"SELECT ?focus ?{' ?'.join(names)}"
            solutions = data.query(
                f"{_PREFIXES}{head} WHERE {{ VALUES ?focus {{ {values} }} {pattern} }}"
            )
            assert isinstance(solutions, ox.QuerySolutions)
            for focus, *terms in solutions:
                assert focus is not None
                row = tuple("" if term is None else term.value for term in terms)
                known = found.setdefault(focus.value, {})
                known[names] = min(known.get(names, row), row)
    context = {
        focus: {
            name: value
            for names, row in rows.items()
            for name, value in zip(names, row, strict=True)
            if value
        }
        for focus, rows in found.items()
    }
    return [_finding(issue, context.get(issue.focus_node, {})) for issue in issues]


def _redescribe(
    data: ox.Store, issues: Sequence[ValidationIssue], last: Sequence[Finding], change: Change
) -> list[Finding]:
    """:func:`describe`, taking the findings of ``last`` whose context ``change`` left alone."""
    stale = touched(data, change, _CONTEXT_QUERIES)
    if stale is None:
        return describe(data, issues)
    known = {f.issue: f for f in last if f.issue.focus_node not in stale}
    new = [issue for issue in issues if issue not in known]
    described = dict(zip(new, describe(data, new), strict=True))
    return [known[issue] if issue in known else described[issue] for issue in issues]


def _finding(issue: ValidationIssue, facts: dict[str, str]) -> Finding:
    line = facts.get("line")
    return Finding(
        issue,
        label=facts.get("label"),
        code=facts.get("code"),
        document=facts.get("document"),
        source_file=facts.get("file"),
        line=int(line) if line and line.isdigit() else None,
        quote=facts.get("quote"),
    )
