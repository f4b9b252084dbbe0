"""Stage 4, validate: the W3C SHACL test suite (core and SPARQL) through the built-in engine.

The suite lives in ``shared/w3c-shacl-tests`` beside the clone (CI copies the shared folder
there); the module is skipped when it is absent. ``manifest.ttl`` includes the per-folder
manifests, and those include the test files. Every test file is itself a manifest with one
``sht:Validate`` entry: ``mf:action`` names the data graph and the shapes graph (often the file
itself, ``<>``) and ``mf:result`` is either the expected ``sh:ValidationReport`` or
``sht:Failure`` (the shapes are not well-formed or use SPARQL that SHACL forbids; an engine must
refuse them).

Each case reads the shapes with :func:`~prestatiegraaf.validate.shapes.load_shapes`, validates
the data graph with :func:`~prestatiegraaf.validate.result.validate_graph` and compares, as the
suite says, ``sh:conforms`` and the set of results, each as

    (focus node, result path, source constraint component, source shape, value, severity)

``sh:resultMessage`` and ``sh:detail`` are not compared (the suite leaves messages to the
engine, and the expected reports give no details); ``sh:value`` is compared only where the
expected result gives one. A blank node is compared by its structure, not by its label: its
outgoing triples, with blank objects compared the same way (a few levels deep). A complex
result path is compared in SPARQL property-path syntax, read from the expected report with the
same path reader the shapes loader uses.

A case whose shapes use a feature the built-in engine does not evaluate must be refused by
name: :func:`load_shapes` (or compiling the shapes) raises ``OntologyError`` naming the
feature, and the test asserts that, listed in ``REFUSED``. An ``sht:Failure`` case passes when
the engine raises ``OntologyError``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.validate.result import Severity, validate_graph
from prestatiegraaf.validate.shape_model import RDF_FIRST, RDF_REST, RDF_TYPE, SH
from prestatiegraaf.validate.shapes import load_shapes
from prestatiegraaf.validate.shapes_graph import ShapesGraph, read_path

SUITE = Path(__file__).resolve().parents[2] / "shared" / "w3c-shacl-tests"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Row = tuple[str, str | None, str, str, str | None, str]
"""A result as (focus node, path, component, source shape, value or None, severity)."""

# Cases the built-in engine refuses by name: test id -> words the refusal must contain.
REFUSED: dict[str, str] = {
    # pyoxigraph's store holds "12"^^xsd:byte as "12"^^xsd:integer, so no data literal has
    # the datatype xsd:byte any more: sh:datatype xsd:byte is refused rather than misjudged.
    "core/property/datatype-ill-formed": "sh:datatype <http://www.w3.org/2001/XMLSchema#byte> "
    "is not supported by the built-in validator",
}
# Cases the built-in engine gets wrong: test id -> the cause.
WRONG: dict[str, str] = {}


@dataclass(frozen=True)
class Case:
    """One test of the suite: its file, data and shapes graphs and expected outcome."""

    id: str
    file: Path
    data: Path
    shapes: Path
    failure: bool  # mf:result sht:Failure: the engine must refuse


def _parse(path: Path) -> list[ox.Triple]:
    """The triples of the Turtle file ``path``, relative IRIs resolved against its location."""
    return list(ox.parse(path=path, format=ox.RdfFormat.TURTLE, base_iri=path.as_uri()))


def _objects(triples: list[ox.Triple], subject: Term, predicate: str) -> list[Term]:
    return [t.object for t in triples if t.subject == subject and t.predicate.value == predicate]


def _local(term: Term) -> Path:
    assert isinstance(term, ox.NamedNode) and term.value.startswith("file://"), term
    return Path(term.value.removeprefix("file://"))


def _cases() -> list[Case]:
    """Every test case the manifests include, in manifest order."""
    found: list[Case] = []
    manifests = [SUITE / "manifest.ttl"]
    while manifests:
        path = manifests.pop(0)
        triples = _parse(path)
        manifests.extend(_local(t.object) for t in triples if t.predicate.value == MF + "include")
        manifest = ox.NamedNode(path.as_uri())
        for entries in _objects(triples, manifest, MF + "entries"):
            node = entries
            while node != ox.NamedNode(RDF_FIRST.replace("first", "nil")):
                (entry,) = _objects(triples, node, RDF_FIRST)
                (node,) = _objects(triples, node, RDF_REST)
                (action,) = _objects(triples, entry, MF + "action")
                (result,) = _objects(triples, entry, MF + "result")
                (data,) = _objects(triples, action, SHT + "dataGraph")
                (shapes,) = _objects(triples, action, SHT + "shapesGraph")
                relative = path.relative_to(SUITE).with_suffix("")
                found.append(
                    Case(
                        id=str(relative),
                        file=path,
                        data=_local(data),
                        shapes=_local(shapes),
                        failure=result == ox.NamedNode(SHT + "Failure"),
                    )
                )
    return found


def _read(path: Path) -> ShapesGraph:
    """``path`` read the way the shapes loader reads it (blank nodes labelled b0, b1, ...)."""
    graph = ShapesGraph()
    graph.add(_parse(path), str(path))
    return graph


def _shape(graph: ShapesGraph, term: Term, depth: int = 0) -> str:
    """``term`` in N-Triples form; a blank node by its outgoing triples, ``depth`` levels deep."""
    if not isinstance(term, ox.BlankNode):
        return str(term)
    if depth > 4:
        return "[…]"
    edges = sorted(
        f"<{predicate}> {_shape(graph, value, depth + 1)}"
        for predicate, values in graph.out.get(term, {}).items()
        for value in values
    )
    return "[" + " ; ".join(edges) + "]"


def _term(text: str) -> Term:
    """A term back from the engine's plain form: an IRI, ``_:label`` or N-Triples."""
    if text.startswith("_:"):
        return ox.BlankNode(text[2:])
    if text.startswith(("<", '"')):
        return next(iter(ox.parse(f"<x:s> <x:p> {text} .", format=ox.RdfFormat.N_TRIPLES))).object
    return ox.NamedNode(text)


def _expected(case: Case, report: ShapesGraph) -> set[Row]:
    """The results of the expected ``sh:ValidationReport`` of ``case``."""
    entry = ox.NamedNode(case.file.as_uri() + "#" + case.file.stem)
    nodes = report.subjects(RDF_TYPE, ox.NamedNode(SH + "ValidationReport"))
    (found,) = [n for n in nodes if n in report.objects(entry, MF + "result")] or nodes
    rows: set[Row] = set()
    for result in report.objects(found, SH + "result"):

        def one(name: str, result: Term = result) -> Term | None:
            values = report.objects(result, SH + name)
            assert len(values) <= 1, (name, values)
            return values[0] if values else None

        focus, path, value = one("focusNode"), one("resultPath"), one("value")
        component, source, severity = (
            one("sourceConstraintComponent"),
            one("sourceShape"),
            one("resultSeverity"),
        )
        assert focus is not None and component is not None and source is not None
        assert severity is not None
        # Blank nodes by their structure in the test file, which holds (a copy of) the data
        # and shapes the report names.
        rows.add(
            (
                _shape(report, focus),
                None if path is None else read_path(report, path, "expected", "").readable(),
                component.value,
                _shape(report, source),
                None if value is None else _shape(report, value),
                severity.value.removeprefix(SH),
            )
        )
    return rows


def _conforms(report: ShapesGraph) -> bool:
    """The ``sh:conforms`` of the expected report."""
    (node,) = report.subjects(RDF_TYPE, ox.NamedNode(SH + "ValidationReport"))
    (value,) = report.objects(node, SH + "conforms")
    assert isinstance(value, ox.Literal)
    return value.value in ("true", "1")


ALL = _cases() if SUITE.is_dir() else []


@pytest.mark.skipif(not SUITE.is_dir(), reason=f"W3C SHACL test suite not found at {SUITE}")
def test_suite_is_complete() -> None:
    """The manifests include 120 test cases, each once (pySHACL's report counts 121)."""
    assert len(ALL) == 120
    assert len({case.id for case in ALL}) == len(ALL)


@pytest.mark.skipif(not SUITE.is_dir(), reason=f"W3C SHACL test suite not found at {SUITE}")
@pytest.mark.parametrize("case", ALL, ids=[case.id for case in ALL])
def test_w3c_case(case: Case) -> None:
    """The built-in engine's report equals the expected one, or it refuses by name."""
    if case.id in REFUSED or case.failure:
        with pytest.raises(OntologyError) as refusal:
            shapes_model = load_shapes([case.shapes])
            store = ox.Store()
            store.extend(ox.Quad(*t) for t in _parse(case.data))
            validate_graph(store, shapes_model)
        assert REFUSED.get(case.id, "") in str(refusal.value)
        return
    shapes_model = load_shapes([case.shapes])
    data = _read(case.data)
    shapes = _read(case.shapes)
    report = _read(case.file)
    store = ox.Store()
    store.extend(
        ox.Quad(s, ox.NamedNode(p), o)
        for s, props in data.out.items()
        for p, os in props.items()
        for o in os
    )
    result = validate_graph(store, shapes_model, fail_on=Severity.INFO)  # any result
    got: set[Row] = set()
    for finding in result.findings:
        issue = finding.issue
        got.add(
            (
                _shape(data, _term(issue.focus_node)),
                issue.path,
                issue.component,
                _shape(shapes, _term(issue.source_shape)),
                None if issue.value is None else _shape(data, _term(issue.value)),
                issue.severity,
            )
        )
    expected = _expected(case, report)
    if case.id in WRONG:
        assert (result.conforms, _match(got, expected)) != (_conforms(report), ([], []))
        pytest.xfail(WRONG[case.id])
    assert result.conforms == _conforms(report)
    assert _match(got, expected) == ([], [])


@pytest.mark.skipif(not SUITE.is_dir(), reason=f"W3C SHACL test suite not found at {SUITE}")
def test_case_outside_the_manifest() -> None:
    """``sparql/component/nodeValidator-001`` is in the suite's folder, in no manifest."""
    path = SUITE / "sparql" / "component" / "nodeValidator-001.ttl"
    assert not any(case.file == path for case in ALL)
    test_w3c_case(Case("sparql/component/nodeValidator-001", path, path, path, failure=False))


def _match(got: set[Row], expected: set[Row]) -> tuple[list[Row], list[Row]]:
    """Results missing from ``got`` and results ``got`` has too many; value only where given."""
    missing = [row for row in expected if not any(_same(row, g) for g in got)]
    extra = [g for g in got if not any(_same(row, g) for row in expected)]
    return sorted(missing, key=str), sorted(extra, key=str)


def _same(expected: Row, got: Row) -> bool:
    return all(e == g for e, g in zip(expected, got, strict=True) if e is not None) and (
        (expected[1] is None) == (got[1] is None)
    )
