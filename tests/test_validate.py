"""Stage 4: the validate command, its report formats and exit codes, and the build gate."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import rdflib
from typer.testing import CliRunner

from conftest import EXAMPLES
from prestatiegraaf.cli import app
from prestatiegraaf.pipeline import BuildResult

runner = CliRunner()
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
RUIMTE = "https://w3id.org/prestatiegraaf/def#ruimte"


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def broken(tmp_path: Path, seed_build: BuildResult) -> Path:
    """The seed graph with Ruimte 1 euro off."""
    text = (seed_build.files[0].parent / "prestaties.ttl").read_text("utf-8")
    assert "pg:ruimte 1103000" in text
    path = tmp_path / "broken.ttl"
    path.write_text(text.replace("pg:ruimte 1103000", "pg:ruimte 1103001"), "utf-8")
    return path


def test_seed_graph_conforms(seed_build: BuildResult) -> None:
    code, out, _ = invoke("validate", str(seed_build.files[0]))
    assert code == 0
    assert out.splitlines()[-1].startswith("conforms: 0 violations")


def test_violation_exits_1_and_points_at_the_source(broken: Path) -> None:
    code, out, _ = invoke("validate", str(broken))
    assert code == 1
    assert "does not conform: 1 violations" in out
    assert re.search(r"Violation: 5\.2\.1 .*\(Monitor 2016-II\)", out)
    assert "source: 002_83e0883af9086c1a.txt:17:" in out


def test_warnings_fail_only_when_asked(seed_build: BuildResult) -> None:
    assert invoke("validate", str(seed_build.files[0]), "--fail-on", "warning")[0] == 1
    assert invoke("validate", str(seed_build.files[0]), "--fail-on", "violation")[0] == 0


def test_turtle_report_is_a_shacl_validation_report(broken: Path) -> None:
    code, out, _ = invoke("validate", str(broken), "--format", "turtle")
    assert code == 1
    report = rdflib.Graph().parse(data=out, format="turtle")
    assert (None, SH.conforms, rdflib.Literal(False)) in report
    violations = list(report.subjects(SH.resultSeverity, SH.Violation))
    assert len(violations) == 1
    assert report.value(violations[0], SH.sourceConstraintComponent) == SH.SPARQLConstraintComponent


def test_json_report_has_one_object_per_result(broken: Path) -> None:
    code, out, _ = invoke("validate", str(broken), "--format", "json", "--lang", "nl")
    report = json.loads(out)
    assert code == 1 and report["conforms"] is False
    violation = next(r for r in report["results"] if r["severity"] == "Violation")
    assert violation["code"] == "5.2.1" and violation["document"] == "Monitor 2016-II"
    assert violation["source"]["file"] == "002_83e0883af9086c1a.txt"
    assert set(violation["messages"]) == {"nl", "en"}
    assert violation["message"] == violation["messages"]["nl"]


def test_junit_report_fails_one_case(broken: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.xml"
    code, out, _ = invoke("validate", str(broken), "--format", "junit", "--output", str(target))
    assert code == 1 and "does not conform" in out
    suite = ET.parse(target).getroot()
    assert suite.tag == "testsuite" and suite.get("failures") == "1"
    assert len(suite.findall("testcase/failure")) == 1


def test_github_annotations(broken: Path) -> None:
    code, out, _ = invoke("validate", str(broken), "--format", "github")
    assert code == 1
    errors = [line for line in out.splitlines() if line.startswith("::error ")]
    assert len(errors) == 1 and f"file={broken}" in errors[0]


def test_pyshacl_engine_agrees(broken: Path) -> None:
    fast = json.loads(invoke("validate", str(broken), "-f", "json")[1])["results"]
    full = json.loads(invoke("validate", str(broken), "-f", "json", "--engine", "pyshacl")[1])[
        "results"
    ]

    def keys(results: list[dict[str, str]]) -> set[tuple[str, ...]]:
        return {
            (r["severity"], r["focusNode"], r["path"] or "", r["sourceConstraintComponent"])
            for r in results
        }

    assert keys(fast) == keys(full)


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("missing", "absent.ttl: data not found"),
        ("bad-turtle", "bad.ttl: not valid RDF"),
        ("bad-shapes", "shapes.ttl"),
    ],
)
def test_unusable_input_exits_2(
    setup: str, expected: str, tmp_path: Path, seed_build: BuildResult
) -> None:
    args = [str(tmp_path / "absent.ttl")]
    if setup == "bad-turtle":
        (tmp_path / "bad.ttl").write_text("<a> <b> .\n")
        args = [str(tmp_path / "bad.ttl")]
    if setup == "bad-shapes":
        (tmp_path / "shapes.ttl").write_text(
            "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<x> a sh:"
        )
        args = [str(seed_build.files[0]), "--shapes", str(tmp_path / "shapes.ttl")]
    code, _, err = invoke("validate", *args)
    assert code == 2
    assert expected in err and len(err.strip().splitlines()) == 1


def test_build_gate_keeps_published_files_and_writes_report(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("build", "--out", str(out))[0] == 0
    before = (out / "prestaties.ttl").read_bytes()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (EXAMPLES / "002_83e0883af9086c1a.txt").read_text("utf-8")
    (corpus / "monitor-2016-ii.md").write_text(text.replace("1.103.000", "1.103.500"), "utf-8")
    code, _, err = invoke("build", str(corpus), "--out", str(out))
    assert code == 1
    assert "graph does not conform to the shapes (1 violations" in err
    assert (out / "prestaties.ttl").read_bytes() == before
    failed = (out / "failed-build" / "validation-report.txt").read_text("utf-8")
    assert "Violation: 5.2.1" in failed
    assert "Violation" not in (out / "validation-report.txt").read_text("utf-8")  # still published


def test_build_prints_warnings_without_failing(tmp_path: Path) -> None:
    code, _, err = invoke("build", "--out", str(tmp_path))
    assert code == 0
    assert "warning: 5.2.1 'Kiezen, leren en werken in de techniek' (Monitor 2019-I)" in err
    assert (tmp_path / "validation-report.txt").is_file()
