"""Stage 6, publish: the published files change together, also when a build is killed.

A build publishes a folder of its own and switches the link ``current`` to it in one rename
(:mod:`prestatiegraaf.publish.versions`). The main test kills a real build (``kill -9``) at
every file-system step of its publish step in turn, and checks that the output folder then
shows either every file of the previous build or every file of the new one, and that the
next build completes the publication and leaves nothing behind.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from prestatiegraaf.options import BuildOptions
from prestatiegraaf.pipeline import build
from prestatiegraaf.publish.lock import MARK
from prestatiegraaf.publish.versions import CURRENT, VERSIONS, current_version

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
NAMES = (
    "prestaties.ttl",
    "prestaties.nt",
    "prestaties.trig",
    "prestaties.jsonld",
    "dataset.ttl",
    "report.json",
    "report.txt",
    "validation-report.txt",
    "validation-report.ttl",
    "context.jsonld",
    "ontologie.nl.html",
    "ontologie.en.html",
)

KILLER = Path(__file__).with_name("publish_killer.py")


class Builds:
    """A process that builds on request in children it kills at a chosen publish step."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(KILLER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip

    def run(self, corpus: Path, out: Path, kill_at: int = 0) -> tuple[int, int]:
        """Build ``corpus`` into ``out``; the exit code (minus the signal) and the steps taken."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"{corpus}\t{out}\t{kill_at}\n")
        self.process.stdin.flush()
        code, steps = self.process.stdout.readline().split()
        return int(code), int(steps)

    def close(self) -> None:
        """End the process."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)
        self.process.stdout.close()


@pytest.fixture(scope="module")
def builds() -> Iterator[Builds]:
    """The process that runs the builds of this module."""
    runner = Builds()
    yield runner
    runner.close()


def _build_args(corpus: Path, out: Path) -> list[str]:
    return ["build", str(corpus), "-o", str(out)]


def _contents(out: Path) -> dict[str, bytes]:
    """The published files as a reader sees them (names that lead nowhere left out)."""
    return {name: (out / name).read_bytes() for name in NAMES if (out / name).exists()}


def _corpus(tmp_path: Path, name: str, files: list[str]) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    lines = (EXAMPLES / "manifest.csv").read_text("utf-8").splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if line.split(",")[0] in files]
    (folder / "manifest.csv").write_text("\n".join(kept) + "\n", "utf-8")
    for file in files:
        shutil.copy(EXAMPLES / file, folder / file)
    return folder


def _cli(args: list[str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "prestatiegraaf", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def _leftovers(out: Path) -> list[str]:
    """Entries of ``out`` that a completed build does not leave."""
    expected = {".cache", VERSIONS, CURRENT, *NAMES}
    found = sorted(p.name for p in out.iterdir() if p.name not in expected)
    versions = sorted(p.name for p in (out / VERSIONS).iterdir())
    return found + ([f"{VERSIONS}/{v}" for v in versions] if len(versions) != 1 else [])


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory, builds: Builds) -> tuple[Path, Path, Path]:
    """Corpus A, corpus B (one file fewer) and a folder with A published."""
    tmp = tmp_path_factory.mktemp("publish")
    files = sorted(p.name for p in EXAMPLES.glob("*.txt"))
    corpus_a = _corpus(tmp, "a", files)
    corpus_b = _corpus(tmp, "b", [files[0], files[2]])  # without the Monitor 2019-I
    published = tmp / "published-a"
    assert builds.run(corpus_a, published)[0] == 0
    return corpus_a, corpus_b, published


def test_published_names_are_links_into_one_version(corpora: tuple[Path, Path, Path]) -> None:
    _, _, out = corpora
    version = current_version(out)
    assert version is not None
    assert os.readlink(out / CURRENT) == f"{VERSIONS}/{version}"
    for name in NAMES:
        assert os.readlink(out / name) == f"{CURRENT}/{name}"
        assert (out / VERSIONS / version / name).is_file()
    assert oct((out / VERSIONS / version).stat().st_mode & 0o777) == "0o755"
    assert _leftovers(out) == []


def test_killed_at_every_step_of_publishing_never_mixes(
    corpora: tuple[Path, Path, Path], builds: Builds, tmp_path: Path
) -> None:
    corpus_a, corpus_b, published_a = corpora
    reference_b = tmp_path / "reference-b"
    assert builds.run(corpus_b, reference_b)[0] == 0
    old, new = _contents(published_a), _contents(reference_b)
    assert sorted(old) == sorted(new) == sorted(NAMES)
    changing = [name for name in NAMES if old[name] != new[name]]
    assert len(changing) == len(NAMES) - 3  # all but the context and the ontology pages

    out = tmp_path / "out"
    shutil.copytree(published_a, out, symlinks=True)
    code, steps = builds.run(corpus_b, out)
    assert code == 0
    assert steps >= 5  # move the version in, switch, remove the previous version

    for step in range(1, steps + 1):
        shutil.rmtree(out)
        shutil.copytree(published_a, out, symlinks=True)
        assert builds.run(corpus_b, out, step)[0] == -signal.SIGKILL, step
        seen = _contents(out)
        assert seen in (old, new), f"killed before step {step} of {steps}: a mixed publication"
        assert builds.run(corpus_b, out)[0] == 0, step
        assert _contents(out) == new
        assert _leftovers(out) == [], step


def test_a_folder_from_before_versions_is_taken_over(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name in ("prestaties.ttl", "report.txt"):
        (out / name).write_text("from an earlier release\n", "utf-8")
    (out / "notes.txt").write_text("the user's own file\n", "utf-8")
    build(BuildOptions(inputs=(EXAMPLES,), out_dir=out))
    assert os.readlink(out / "prestaties.ttl") == f"{CURRENT}/prestaties.ttl"
    assert (out / "prestaties.ttl").read_text("utf-8").startswith("@prefix")
    assert (out / "notes.txt").read_text("utf-8") == "the user's own file\n"
    assert _leftovers(out) == ["notes.txt"]


def test_a_folder_of_the_users_in_the_way_is_an_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / CURRENT).mkdir(parents=True)
    (out / CURRENT / "mine.txt").write_text("keep me", "utf-8")
    result = _cli(_build_args(EXAMPLES, out))
    assert result.returncode == 2
    assert "holds its own 'current'" in result.stderr
    assert (out / CURRENT / "mine.txt").read_text("utf-8") == "keep me"


def test_an_unchanged_build_keeps_the_same_version(
    corpora: tuple[Path, Path, Path], builds: Builds
) -> None:
    corpus_a, _, published_a = corpora
    before = current_version(published_a)
    assert builds.run(corpus_a, published_a)[0] == 0
    assert current_version(published_a) == before
    assert (published_a / VERSIONS / str(before) / MARK).is_file()
