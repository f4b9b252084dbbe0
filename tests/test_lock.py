"""One build at a time in an output folder; what stopped builds left is cleared."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES
from prestatiegraaf.cli import app
from prestatiegraaf.errors import OutputError
from prestatiegraaf.publish.lock import output_lock

pytest.importorskip("fcntl")

HOLD = (
    "import fcntl, os, sys, time\n"
    "handle = os.open(sys.argv[1], os.O_RDONLY)\n"
    "fcntl.flock(handle, fcntl.LOCK_EX)\n"
    "print('held', flush=True)\n"
    "time.sleep(60)\n"
)


def _build(out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["build", str(EXAMPLES), "--out", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stderr


def test_a_folder_held_by_another_process_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _build(out)[0] == 0
    published = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    with subprocess.Popen(
        [sys.executable, "-c", HOLD, str(out)], stdout=subprocess.PIPE, text=True
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline() == "held\n"
            code, err = _build(out)
            assert code == 2
            assert "another build is writing into this folder" in err
            assert str(out) in err
            assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == published
        finally:
            holder.kill()
    assert _build(out)[0] == 0  # the system released the lock with the process


def test_working_folders_of_stopped_builds_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for leftover in (".staging-k1ll3d", ".parts-0ut0fm3m"):
        (out / leftover).mkdir(parents=True)
        (out / leftover / "prestaties.nt").write_bytes(b"<a> <b> <c> .\n")
        (out / leftover / ".made-by-prestatiegraaf").touch()  # as a build marks its own
    (out / ".git").mkdir()
    (out / ".staging-notes.txt").write_text("a user's file, not a folder")
    assert _build(out)[0] == 0
    hidden = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
    assert hidden == [".cache", ".git", ".published", ".staging-notes.txt"]


def test_the_lock_is_exclusive_within_one_process_too(tmp_path: Path) -> None:
    with output_lock(tmp_path), pytest.raises(OutputError, match="another build"):
        with output_lock(tmp_path):
            pass
    with output_lock(tmp_path):  # released on leaving
        pass


def test_an_output_path_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.write_text("not a folder")
    with pytest.raises(OutputError, match="cannot write the output folder"):
        with output_lock(target):
            pass


def test_a_folder_that_cannot_be_locked_is_used_unlocked_and_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import errno

    from prestatiegraaf.publish import lock

    def refuse(*args: object) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(lock.fcntl, "flock", refuse)
    (tmp_path / ".staging-other").mkdir()
    with output_lock(tmp_path):
        pass
    assert (tmp_path / ".staging-other").is_dir()  # perhaps another build's: not removed
    assert "cannot lock the output folder" in caplog.text
