"""Shared fixtures: the example corpus and a graph built from it once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from prestatiegraaf.graph.store import load_data
from prestatiegraaf.pipeline import BuildOptions, BuildResult, build

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
QUERIES = ROOT / "queries"
EXPECTED = Path(__file__).resolve().parent / "data" / "expected"
SEEDS = {
    "pdf": EXAMPLES / "000_048e71227b56a148.txt",
    "web": EXAMPLES / "001_e4d768af5dac0265.txt",
    "markdown": EXAMPLES / "002_83e0883af9086c1a.txt",
}


class Poison:
    """Kills the process that unpickles it, as the system kills one that runs out of memory."""

    def __reduce__(self) -> tuple[object, tuple[int]]:
        import os

        return os._exit, (9,)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The example corpus built once into a temporary folder."""
    out = tmp_path_factory.mktemp("seed-build")
    return build(BuildOptions(manifest=EXAMPLES / "manifest.csv", out_dir=out))


@pytest.fixture(scope="session")
def seed_store(seed_build: BuildResult) -> ox.Store:
    """A store loaded from the published Turtle of the example corpus."""
    return load_data([seed_build.files[0]])


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A writable copy of the example corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, target)
    return target


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-golden`` rewrites the golden Turtle snapshots instead of comparing."""
    parser.addoption("--update-golden", action="store_true", help="rewrite golden Turtle files")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether golden files are to be rewritten."""
    return bool(request.config.getoption("--update-golden"))
