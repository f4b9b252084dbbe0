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
from collections.abc import Callable
from pathlib import Path

import pytest

from prestatiegraaf.errors import PublisherError
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
)

STEPS = frozenset(
    {"os.rename", "os.symlink", "os.link", "os.remove", "os.rmdir", "os.chmod", "shutil.rmtree",
     "os.mkdir"}
)  # fmt: skip
"""The audit events of the steps that change the file system."""


def _publish_steps(out: Path, kill_at: int) -> Callable[[str, tuple[object, ...]], None]:
    """An audit hook that counts the publish step's file-system steps in ``out``.

    Counting starts at the first rename out of a staging folder; the build's own working
    folders (cache, parts) are not part of the publication. At step ``kill_at`` the process
    is killed, before the step is taken.
    """
    state = {"started": False, "seen": 0}
    prefix = str(out)

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event not in STEPS:
            return
        paths = [os.fsdecode(a) for a in args if isinstance(a, str | bytes | os.PathLike)]
        if not state["started"]:
            state["started"] = event == "os.rename" and any("/.staging-" in p for p in paths)
        inside = [p for p in paths if p.startswith(prefix)]
        if (
            state["started"]
            and inside
            and not any("/.cache" in p or "/.parts-" in p for p in inside)
        ):
            state["seen"] += 1
            if state["seen"] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)

    hook.state = state  # type: ignore[attr-defined]
    return hook


def _build_in_child(corpus: Path, out: Path, kill_at: int = 0) -> tuple[int, int]:
    """Build ``corpus`` into ``out`` in a forked child, killed at publish step ``kill_at``.

    Returns the child's exit code (minus the signal when killed) and the number of publish
    steps it took.
    """
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: build, say how many steps it took, and end at once
        code = 3
        try:
            os.close(reader)
            hook = _publish_steps(out, kill_at)
            sys.addaudithook(hook)
            try:
                build(BuildOptions(inputs=(corpus,), out_dir=out))
                code = 0
            except PublisherError:
                code = 2
            os.write(writer, str(hook.state["seen"]).encode())  # type: ignore[attr-defined]
        finally:
            os._exit(code)
    os.close(writer)
    with os.fdopen(reader, "rb") as answer:
        steps = answer.read()
    _, status = os.waitpid(pid, 0)
    code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    return code, int(steps or 0)


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
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Corpus A, corpus B (one file fewer) and a folder with A published."""
    tmp = tmp_path_factory.mktemp("publish")
    files = sorted(p.name for p in EXAMPLES.glob("*.txt"))
    corpus_a = _corpus(tmp, "a", files)
    corpus_b = _corpus(tmp, "b", [files[0], files[2]])  # without the Monitor 2019-I
    published = tmp / "published-a"
    assert _build_in_child(corpus_a, published)[0] == 0
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
    corpora: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    corpus_a, corpus_b, published_a = corpora
    reference_b = tmp_path / "reference-b"
    assert _build_in_child(corpus_b, reference_b)[0] == 0
    old, new = _contents(published_a), _contents(reference_b)
    assert sorted(old) == sorted(new) == sorted(NAMES)
    assert all(old[name] != new[name] for name in NAMES)  # every file changes

    out = tmp_path / "out"
    shutil.copytree(published_a, out, symlinks=True)
    code, steps = _build_in_child(corpus_b, out)
    assert code == 0
    assert steps >= 5  # move the version in, switch, remove the previous version

    for step in range(1, steps + 1):
        shutil.rmtree(out)
        shutil.copytree(published_a, out, symlinks=True)
        assert _build_in_child(corpus_b, out, step)[0] == -signal.SIGKILL, step
        seen = _contents(out)
        assert seen in (old, new), f"killed before step {step} of {steps}: a mixed publication"
        assert _build_in_child(corpus_b, out)[0] == 0, step
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


def test_an_unchanged_build_keeps_the_same_version(corpora: tuple[Path, Path, Path]) -> None:
    corpus_a, _, published_a = corpora
    before = current_version(published_a)
    assert _build_in_child(corpus_a, published_a)[0] == 0
    assert current_version(published_a) == before
    assert (published_a / VERSIONS / str(before) / MARK).is_file()
