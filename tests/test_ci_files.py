"""The CI examples and hook definitions shipped for other repositories are valid and consistent."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import ROOT
from prestatiegraaf.cli import app
from prestatiegraaf.pipeline import BuildResult


def _load(name: str) -> object:
    return yaml.safe_load((ROOT / name).read_text("utf-8"))


def _validate_options(command: str) -> list[str]:
    words = shlex.split(command.split("||")[0])
    assert words[:2] == ["prestatiegraaf", "validate"], command
    return words[2:]


@pytest.fixture
def run(seed_build: BuildResult, tmp_path: Path) -> Callable[[list[str]], int]:
    """Run ``validate`` with a command's arguments, its data folder being the seed build."""
    data = str(seed_build.files[0].parent)

    def invoke(args: list[str]) -> int:
        args = [data if a == "data/" else a for a in args]
        args = [str(tmp_path / a) if a.endswith(".xml") else a for a in args]
        return CliRunner().invoke(app, ["validate", *args]).exit_code

    return invoke


def test_github_workflow_runs_validate_with_known_options(run: Callable[[list[str]], int]) -> None:
    workflow = _load("docs/ci/github-actions.yml")
    assert isinstance(workflow, dict)
    steps = workflow["jobs"]["validate"]["steps"]
    commands = [s["run"] for s in steps if "run" in s and "prestatiegraaf validate" in s["run"]]
    assert len(commands) == 2
    for command in commands:
        assert run(_validate_options(command)) == 0, command
    assert any("--format github" in c for c in commands)
    assert any("--format junit" in c for c in commands)


def test_gitlab_job_reports_junit(run: Callable[[list[str]], int]) -> None:
    config = _load("docs/ci/gitlab-ci.yml")
    assert isinstance(config, dict)
    job = config["validate-graph"]
    command = next(line for line in job["script"] if "prestatiegraaf validate" in line)
    assert run(_validate_options(command)) == 0, command
    assert job["artifacts"]["reports"]["junit"] == "shacl-report.xml"


def test_pre_commit_hooks_call_the_cli(
    run: Callable[[list[str]], int], seed_build: BuildResult
) -> None:
    hooks = _load(".pre-commit-hooks.yaml")
    assert isinstance(hooks, list) and {h["id"] for h in hooks} >= {"prestatiegraaf-validate"}
    for hook in hooks:
        assert hook["language"] == "python" and hook["pass_filenames"] is True
        options = _validate_options(hook["entry"]) + [str(seed_build.files[0])]
        expected = 1 if "warning" in options else 0  # the seeds carry two warnings
        assert run(options) == expected, hook["id"]


def test_pre_commit_config_is_valid_yaml() -> None:
    config = _load(".pre-commit-config.yaml")
    assert isinstance(config, dict) and config["repos"]
