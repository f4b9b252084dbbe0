"""Stage 4, validate: results as text, SHACL Turtle, JSON, JUnit XML or CI annotations."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from xml.etree import ElementTree as ET

import pyoxigraph as ox

from prestatiegraaf.namespaces import PREFIXES
from prestatiegraaf.validate.result import Finding, ValidationResult

SH = "http://www.w3.org/ns/shacl#"
SHAPES_IRI = "https://w3id.org/prestatiegraaf/def/shapes#"
_SHORT = sorted(
    ((iri, prefix) for prefix, iri in {**PREFIXES, "pgsh": SHAPES_IRI}.items()),
    key=lambda pair: -len(pair[0]),
)


def short(iri: str | None) -> str:
    """A CURIE for IRIs in a known namespace (``pg:ruimte``), else the IRI itself."""
    if iri is None:
        return "-"
    if iri.startswith(SH):
        return "sh:" + iri[len(SH) :]
    for namespace, prefix in _SHORT:
        if iri.startswith(namespace) and "/" not in iri[len(namespace) :]:
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _where(finding: Finding) -> str:
    parts = [p for p in (finding.code, repr(finding.label) if finding.label else None) if p]
    subject = " ".join(parts) or finding.issue.focus_node
    return f"{subject} ({finding.document})" if finding.document else subject


def format_finding(finding: Finding, language: str = "en") -> str:
    """One finding on one line: where, what and the message."""
    value = f" = {finding.issue.value}" if finding.issue.value else ""
    return f"{_where(finding)}: {short(finding.issue.path)}{value}: {finding.message(language)}"


def format_text(result: ValidationResult, language: str = "en") -> str:
    """A readable report grouped by shape, each result pointing at its source paragraph."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        groups[finding.issue.source_shape].append(finding)
    lines: list[str] = []
    for shape in sorted(groups):
        lines.append(f"{short(shape)}")
        for f in groups[shape]:
            value = f" = {f.issue.value}" if f.issue.value else ""
            lines.append(f"  {f.severity.value}: {_where(f)}: {short(f.issue.path)}{value}")
            lines.append(f"    {f.message(language)}")
            if f.quote:
                where = f"{f.source_file}:{f.line}" if f.line else f.source_file
                quote = f.quote if len(f.quote) <= 160 else f.quote[:157] + "..."
                lines.append(f"    source: {where}: {quote!r}")
    counts = result.counts
    verdict = "conforms" if result.conforms else "does not conform"
    lines.append(
        f"{verdict}: {counts['Violation']} violations, {counts['Warning']} warnings, "
        f"{counts['Info']} infos (failing on {result.fail_on.value.lower()})"
    )
    return "\n".join(lines) + "\n"


def format_json(result: ValidationResult, language: str = "en") -> str:
    """One JSON object per result, in a top-level object with the verdict and counts."""
    results = [
        {
            "severity": f.severity.value,
            "focusNode": f.issue.focus_node,
            "label": f.label,
            "code": f.code,
            "document": f.document,
            "path": f.issue.path,
            "value": f.issue.value,
            "sourceShape": f.issue.source_shape,
            "sourceConstraintComponent": f.issue.component,
            "message": f.message(language),
            "messages": dict(f.issue.messages),
            "source": {"file": f.source_file, "line": f.line, "text": f.quote},
        }
        for f in result.findings
    ]
    report = {
        "conforms": result.conforms,
        "failOn": result.fail_on.value,
        "counts": result.counts,
        "results": results,
    }
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


Term = ox.NamedNode | ox.BlankNode | ox.Literal
_RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
_BOOLEAN = ox.NamedNode(PREFIXES["xsd"] + "boolean")


def _term(text: str) -> Term:
    """A term from its N-Triples form, an IRI or a ``_:label``."""
    if text.startswith("_:"):
        return ox.BlankNode(text[2:])
    if not text.startswith(('"', "<")):
        return ox.NamedNode(text)
    parsed = next(iter(ox.parse(f"<urn:s> <urn:p> {text} .", format=ox.RdfFormat.N_TRIPLES)))
    term = parsed.object
    assert isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal)
    return term


def _result_triples(node: ox.BlankNode, f: Finding) -> list[ox.Triple]:
    """The triples of one ``sh:ValidationResult``."""
    values: list[tuple[str, Term]] = [
        ("focusNode", _term(f.issue.focus_node)),
        ("resultSeverity", ox.NamedNode(f.severity_iri)),
        ("sourceConstraintComponent", ox.NamedNode(f.issue.component)),
        ("sourceShape", _term(f.issue.source_shape)),
    ]
    if f.issue.path and not f.issue.path.startswith(("^", "(")):
        values.append(("resultPath", ox.NamedNode(f.issue.path)))
    if f.issue.value:
        values.append(("value", _term(f.issue.value)))
    for lang, text in f.issue.messages:
        values.append(
            ("resultMessage", ox.Literal(text, language=lang) if lang else ox.Literal(text))
        )
    triples = [ox.Triple(node, _RDF_TYPE, ox.NamedNode(SH + "ValidationResult"))]
    triples.extend(ox.Triple(node, ox.NamedNode(SH + name), value) for name, value in values)
    return triples


def format_turtle(result: ValidationResult, language: str = "en") -> str:
    """The standard ``sh:ValidationReport`` in Turtle (results as ordered blank nodes)."""
    del language  # every message is kept, in every language
    report = ox.BlankNode("report")
    conforms = ox.Literal(str(result.conforms).lower(), datatype=_BOOLEAN)
    triples = [
        ox.Triple(report, _RDF_TYPE, ox.NamedNode(SH + "ValidationReport")),
        ox.Triple(report, ox.NamedNode(SH + "conforms"), conforms),
    ]
    for index, finding in enumerate(result.findings, start=1):
        node = ox.BlankNode(f"r{index:05d}")
        triples.append(ox.Triple(report, ox.NamedNode(SH + "result"), node))
        triples.extend(_result_triples(node, finding))
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes={"sh": SH})
    assert data is not None
    return data.decode("utf-8")


def format_junit(result: ValidationResult, language: str = "en") -> str:
    """JUnit XML: one test case per shape; findings at the failure level make it fail."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        groups[finding.issue.source_shape].append(finding)
    suite = ET.Element("testsuite", name="prestatiegraaf shapes")
    failures = 0
    for shape in sorted(groups):
        case = ET.SubElement(suite, "testcase", classname="shapes", name=short(shape))
        failing = [f for f in groups[shape] if f.severity.rank <= result.fail_on.rank]
        body = "\n".join(
            f"{f.severity.value}: {_where(f)}: {f.message(language)}" for f in groups[shape]
        )
        if failing:
            failures += 1
            failure = ET.SubElement(
                case, "failure", type=failing[0].severity.value, message=f"{len(failing)} result(s)"
            )
            failure.text = body
        else:
            ET.SubElement(case, "system-out").text = body
    passing = ET.SubElement(suite, "testcase", classname="shapes", name="all other shapes")
    ET.SubElement(passing, "system-out").text = "no results"
    suite.set("tests", str(len(groups) + 1))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


_GITHUB_LEVEL = {"Violation": "error", "Warning": "warning", "Info": "notice"}


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def format_github(result: ValidationResult, language: str = "en", data_file: str = "") -> str:
    """GitHub Actions workflow commands, one annotation per result."""
    lines = []
    for f in result.findings:
        where = f" (source {f.source_file}:{f.line})" if f.source_file and f.line else ""
        title = _escape(f"{short(f.issue.source_shape)}: {_where(f)}").replace(",", "%2C")
        location = f"file={data_file}," if data_file else ""
        lines.append(
            f"::{_GITHUB_LEVEL[f.severity.value]} {location}title={title}::"
            f"{_escape(f.message(language) + where)}"
        )
    return "\n".join(lines) + ("\n" if lines else "")


FORMATTERS: dict[str, Callable[[ValidationResult, str], str]] = {
    "text": format_text,
    "turtle": format_turtle,
    "json": format_json,
    "junit": format_junit,
    "github": format_github,
}
