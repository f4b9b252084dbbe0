"""The CI script, and the CI examples and hook definitions shipped for other repositories."""

from __future__ import annotations

import ast
import importlib.util
import re
import shlex
import sys
import tomllib
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from typer.testing import CliRunner

from conftest import ROOT
from pdf_fixtures import FONT_DIRS, FONT_FILES
from prestatiegraaf.cli import app
from prestatiegraaf.pipeline import BuildResult

TESTS = Path(__file__).resolve().parent
# What the seed graph gives: two warnings and two infos, no violation; as JUnit, one test
# case per shape with results and one for all other shapes.
SEED_SUMMARY = "0 violations, 2 warnings, 2 infos"
SEED_SHAPES = {
    "pgsh:MonitorKleurscoreShape",
    "pgsh:Prestatie-prefLabel-en",
    "pgsh:Prestatie-prefLabel-nl",
    "all other shapes",
}
# The broken copy of the seed graph adds one violation: Ruimte is no longer Begroot - Besteed.
BROKEN_SHAPE = "pgsh:RuimteShape"


def _load(name: str) -> object:
    return yaml.safe_load((ROOT / name).read_text("utf-8"))


def _validate_options(command: str) -> list[str]:
    words = shlex.split(command.split("||")[0])
    assert words[:2] == ["prestatiegraaf", "validate"], command
    return words[2:]


@dataclass(frozen=True)
class Outcome:
    """What ``validate`` did: exit code, what it printed, the reports it wrote (by name)."""

    code: int
    output: str
    reports: dict[str, str]


Run = Callable[..., Outcome]


@pytest.fixture
def run(seed_build: BuildResult, tmp_path: Path) -> Run:
    """Run ``validate`` with a command's arguments; its data folder is the seed build."""
    seeds = seed_build.files[0].parent

    def invoke(args: list[str], data: Path = seeds) -> Outcome:
        reports = {a: tmp_path / a for a in args if a.endswith(".xml")}
        for path in reports.values():
            path.unlink(missing_ok=True)
        args = [str(data) if a == "data/" else str(reports.get(a, a)) for a in args]
        result = CliRunner().invoke(app, ["validate", *args])
        written = {name: p.read_text("utf-8") for name, p in reports.items() if p.is_file()}
        return Outcome(result.exit_code, result.output, written)

    return invoke


@pytest.fixture
def broken(seed_build: BuildResult, tmp_path: Path) -> Path:
    """A data folder holding the seed graph with one violation: Besteed changed by one euro."""
    folder = tmp_path / "broken"
    folder.mkdir()
    turtle = seed_build.files[0].read_text("utf-8")
    assert turtle.count("pg:besteed 429000 ;") == 1
    (folder / "prestaties.ttl").write_text(
        turtle.replace("pg:besteed 429000 ;", "pg:besteed 429001 ;"), "utf-8"
    )
    return folder


def _annotations(output: str) -> Counter[str]:
    """GitHub workflow commands printed, by level: ``::warning file=...::message``."""
    return Counter(re.findall(r"^::(error|warning|notice) ", output, re.MULTILINE))


def _junit(text: str) -> dict[str, str | None]:
    """Test case name -> the severity of its failure (None when it passed)."""
    suite = ET.fromstring(text)
    assert suite.tag == "testsuite"
    cases = {}
    for case in suite.iter("testcase"):
        failure = case.find("failure")
        cases[case.get("name", "")] = None if failure is None else failure.get("type")
    failed = sum(1 for v in cases.values() if v is not None)
    assert suite.get("tests") == str(len(cases)) and suite.get("failures") == str(failed)
    return cases


SEED_JUNIT = dict.fromkeys(SEED_SHAPES)
BROKEN_JUNIT = {**SEED_JUNIT, BROKEN_SHAPE: "Violation"}


# --- CI examples and hooks for other repositories ---------------------------------------------


def test_github_workflow_runs_validate_with_known_options(run: Run, broken: Path) -> None:
    workflow = _load("docs/ci/github-actions.yml")
    assert isinstance(workflow, dict)
    steps = workflow["jobs"]["validate"]["steps"]
    gate, junit = [s for s in steps if "prestatiegraaf validate" in s.get("run", "")]
    # The gate annotates every finding and fails the job on a violation only.
    assert "--format github" in gate["run"] and "||" not in gate["run"] and "if" not in gate
    seeds = run(_validate_options(gate["run"]))
    assert seeds.code == 0, seeds.output
    assert _annotations(seeds.output) == {"warning": 2, "notice": 2}
    failing = run(_validate_options(gate["run"]), data=broken)
    assert failing.code == 1, failing.output
    assert _annotations(failing.output) == {"error": 1, "warning": 2, "notice": 2}
    error = rf"^::error [^\n]*title={BROKEN_SHAPE}: 5\.2\.1 \(Monitor 2016-II\)::[^\n]*429001"
    assert re.search(error, failing.output, re.MULTILINE), failing.output
    # The JUnit report is written after a failed gate too, never fails the job, and is kept.
    assert "--format junit" in junit["run"] and junit["run"].endswith("|| true")
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    kept = upload["with"]["path"]
    assert junit["if"] == upload["if"] == "always()"
    seeds = run(_validate_options(junit["run"]))
    assert (seeds.code, _junit(seeds.reports[kept])) == (0, SEED_JUNIT)
    failing = run(_validate_options(junit["run"]), data=broken)
    assert (failing.code, _junit(failing.reports[kept])) == (1, BROKEN_JUNIT)


def test_gitlab_job_reports_junit(run: Run, broken: Path) -> None:
    config = _load("docs/ci/gitlab-ci.yml")
    assert isinstance(config, dict)
    job = config["validate-graph"]
    command = next(line for line in job["script"] if "prestatiegraaf validate" in line)
    artifacts = job["artifacts"]
    report = artifacts["reports"]["junit"]
    assert report == "shacl-report.xml" and report in artifacts["paths"]
    assert artifacts["when"] == "always"  # the report is kept when the job fails
    seeds = run(_validate_options(command))
    assert (seeds.code, _junit(seeds.reports[report])) == (0, SEED_JUNIT)
    failing = run(_validate_options(command), data=broken)  # a violation fails the job
    assert (failing.code, _junit(failing.reports[report])) == (1, BROKEN_JUNIT)


# Which files the hooks take: the graph in Turtle and N-Triples, not in JSON-LD or TriG.
HOOK_FILES = {
    "prestaties.ttl": True,
    "prestaties.nt": True,
    "prestaties.jsonld": False,
    "prestaties.trig": False,
}
# Hook -> (exit code, last line) on the seed graph; on the broken graph both fail.
HOOKS = {
    "prestatiegraaf-validate": (0, f"conforms: {SEED_SUMMARY} (failing on violation)"),
    "prestatiegraaf-validate-strict": (1, f"does not conform: {SEED_SUMMARY} (failing on warning)"),
}


def test_pre_commit_hooks_call_the_cli(run: Run, seed_build: BuildResult, broken: Path) -> None:
    hooks = _load(".pre-commit-hooks.yaml")
    assert isinstance(hooks, list) and sorted(h["id"] for h in hooks) == sorted(HOOKS)
    for hook in hooks:
        assert hook["language"] == "python" and hook["pass_filenames"] is True
        taken = {name: bool(re.search(hook["files"], f"data/{name}")) for name in HOOK_FILES}
        assert taken == HOOK_FILES, hook["id"]
        options = _validate_options(hook["entry"])
        seeds = run([*options, str(seed_build.files[0])])
        assert (seeds.code, seeds.output.splitlines()[-1]) == HOOKS[hook["id"]], hook["id"]
        failing = run([*options, str(broken / "prestaties.ttl")])
        assert failing.code == 1 and failing.output.splitlines()[-1].startswith(
            "does not conform: 1 violations, 2 warnings, 2 infos"
        ), (hook["id"], failing.output)


def _requirement_names(requirements: list[str]) -> set[str]:
    return {_normalise(re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0]) for r in requirements}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
TEST_EXTRA = _requirement_names(PYPROJECT["project"]["optional-dependencies"]["test"])


def test_pre_commit_config_runs_the_project_checks(run: Run) -> None:
    config = _load(".pre-commit-config.yaml")
    assert isinstance(config, dict)
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    hooks = {hook["id"]: hook for hook in repo["hooks"]}
    assert sorted(hooks) == ["mypy", "ruff", "ruff-format", "validate-example"]
    # The linters, in check-only mode, are tools the test extra installs.
    assert shlex.split(hooks["ruff"]["entry"]) == ["ruff", "check"]
    assert shlex.split(hooks["ruff-format"]["entry"]) == ["ruff", "format", "--check"]
    assert hooks["mypy"]["entry"] == "mypy" and hooks["mypy"]["pass_filenames"] is False
    assert PYPROJECT["tool"]["mypy"]["strict"] is True  # what mypy checks without file names
    assert PYPROJECT["tool"]["mypy"]["packages"] == ["prestatiegraaf"]
    assert {"ruff", "mypy"} <= TEST_EXTRA
    # The published example is validated whenever it or the shapes change, and it conforms.
    example = hooks["validate-example"]
    assert example["pass_filenames"] is False
    pattern = example["files"]
    assert re.search(pattern, "output/prestaties.ttl") and re.search(pattern, "shapes/x.ttl")
    assert not re.search(pattern, "src/prestatiegraaf/cli.py")
    options = _validate_options(example["entry"])
    assert options == ["output/prestaties.ttl"]
    outcome = run([str(ROOT / option) for option in options])
    assert outcome.code == 0 and outcome.output.splitlines()[-1] == (
        f"conforms: {SEED_SUMMARY} (failing on violation)"
    )


# --- The CI script (.ci/run) ------------------------------------------------------------------


def _ci_commands() -> list[list[str]]:
    """The commands of ``.ci/run`` outside its ``if`` block, each split into words."""
    commands, depth = [], 0
    script = (ROOT / ".ci" / "run").read_text("utf-8").replace("\\\n", " ")
    for line in script.splitlines():
        words = shlex.split(line, comments=True)
        if not words:
            continue
        depth += words[0] == "if"
        if depth == 0:
            commands.append(words)
        depth -= words[0] == "fi"
    return commands


def _readme_test_command() -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    found = re.search(
        r"Run the tests \(CI runs this same command in `\.ci/run`\):\n\n```\n(.+)\n```", readme
    )
    assert found, "README: no test command"
    return shlex.split(found.group(1))


def _imports(path: Path) -> set[str]:
    """Top-level names of the modules a Python file imports (absolute imports only)."""
    tree = ast.parse(path.read_text("utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _benchmark_runner() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_ci_bench_run", ROOT / "benchmarks" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_ci_script_runs_the_readme_test_command() -> None:
    commands = _ci_commands()
    readme = _readme_test_command()
    assert commands[-1] == readme  # the last step, word for word
    install, test = " ".join(readme).split(" && ")
    assert shlex.split(install) == [".venv/bin/pip", "install", "-q", "-e", ".[test]"]
    assert shlex.split(test) == [".venv/bin/python", "-m", "pytest"]  # every test: testpaths
    assert PYPROJECT["tool"]["pytest"]["ini_options"]["testpaths"] == ["tests"]
    assert commands[0] == ["set", "-euo", "pipefail"]  # a failing step fails CI


def test_ci_script_installs_what_the_tests_import() -> None:
    commands = _ci_commands()
    installs = [i for i, c in enumerate(commands) if c[:3] == [".venv/bin/pip", "install", "-q"]]
    benchmark = next(i for i, c in enumerate(commands) if "benchmarks/run.py" in c)
    assert installs and installs[0] < benchmark < len(commands) - 1
    first = commands[installs[0]][3:]  # the project with extras, before anything runs
    extras = re.fullmatch(r"\.\[(.+)\]", first[-1])
    assert first[0] == "-e" and extras and "test" in extras.group(1).split(","), first
    wanted = _requirement_names(PYPROJECT["project"]["dependencies"])
    for extra in extras.group(1).split(","):
        wanted |= _requirement_names(PYPROJECT["project"]["optional-dependencies"][extra])
    # Every module the tests, and the benchmark scripts CI runs, import comes from the
    # standard library, the project, the tests folder or a distribution CI installs.
    scripts = [*sorted(TESTS.glob("*.py"))] + [
        ROOT / "benchmarks" / f"{name}.py" for name in ("run", "step", "corpus")
    ]
    local = {p.stem for p in scripts} | {"prestatiegraaf"}
    provided = metadata.packages_distributions()
    missing = {}
    for script in scripts:
        for module in sorted(_imports(script) - local - sys.stdlib_module_names):
            sources = {_normalise(d) for d in provided.get(module, [])}
            if not sources & wanted:
                missing[f"{script.name}: {module}"] = sorted(sources)
    assert missing == {}
    # The benchmark step is a valid call of the runner: small, without the slow baselines.
    assert commands[benchmark][:2] == [".venv/bin/python", "benchmarks/run.py"]
    args = _benchmark_runner().parse_args(commands[benchmark][2:])
    assert 1 <= args.sections <= 200 and args.skip_baseline is True


def test_ci_script_installs_the_fonts_the_pdf_fixtures_use() -> None:
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    checked = re.search(r"if ! ls (\S+) ", script)
    assert checked, "CI does not check for the fonts"
    font = Path(checked.group(1))
    assert font.name == FONT_FILES[0][0]
    assert any(font.is_relative_to(folder) for folder in FONT_DIRS)
    # the Debian package that holds DejaVuSans.ttf and DejaVuSans-Bold.ttf
    assert "apt-get install -y -qq fonts-dejavu-core" in script
