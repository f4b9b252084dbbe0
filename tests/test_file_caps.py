"""Every file is held to a time and a memory limit; a file over one fails alone.

The inputs are real and legitimate, only large: a text, a markdown file and an HTML page of
10,000 actions (each read whole under the default limits, in many seconds), a monitor page
holding one section saved 4,000 times (12 MB, read whole in about ten seconds), a PDF of 20,000
actions on 350 pages (whose reader alone runs for many seconds). Small limits given on the
command line stop them, through the real code path: one worker forked from the build for a
small batch, a pool of workers for a large one (``PARALLEL_FROM`` lowered).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from typer.testing import CliRunner

from conftest import EXAMPLES
from prestatiegraaf import batch, file_limits
from prestatiegraaf.cli import app
from prestatiegraaf.errors import SourceError
from prestatiegraaf.file_limits import FileLimits
from prestatiegraaf.options import BuildOptions
from prestatiegraaf.sources import load_source
from prestatiegraaf.sources.collect import collect_sources, gather_sources
from prestatiegraaf.sources.pdf_words import PdfLimits

runner = CliRunner()
ACTIONS = 10_000
HEADING = "5.2.1 Kiezen, leren en werken in de techniek"
TIME_LINE = (
    "stopped after 1 s, the time limit per file; split the file or raise the limit "
    "(--file-timeout SECONDS)"
)


def _action(number: int) -> str:
    return f"Wij steunen project {number} met als doel 40% instroom in 2020."


def _text(folder: Path) -> Path:
    lines = [HEADING, "", "Acties", ""]
    lines += [f"{n}. {_action(n)}" for n in range(1, ACTIONS + 1)]
    path = folder / "begroting-2019.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _markdown(folder: Path) -> Path:
    lines = ["# Begroting 2020", "", f"## {HEADING}", "", "### Acties", ""]
    lines += [f"{n}. {_action(n)}" for n in range(1, ACTIONS + 1)]
    path = folder / "begroting-2020.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _html(folder: Path) -> Path:
    items = "".join(f"<li>{_action(n)}</li>" for n in range(1, ACTIONS + 1))
    path = folder / "begroting-2021.html"
    path.write_text(
        "<!doctype html><html><head><title>Begroting 2021</title></head><body>"
        f"<h2>{HEADING}</h2><h3>Acties</h3><ol>{items}</ol></body></html>",
        encoding="utf-8",
    )
    return path


def _saved_many_times(folder: Path) -> Path:
    """One monitor section saved 4,000 times in one page: read once, but 12 MB to read."""
    section = (EXAMPLES / "001_e4d768af5dac0265.txt").read_text("utf-8")
    path = folder / "monitor-2019-i-saved.txt"
    path.write_text(("\n\n" + section) * 4000, encoding="utf-8")
    return path


def _pdf(folder: Path) -> Path:
    """A PDF of 20,000 actions on 350 pages: its reader alone runs for many seconds."""
    path = folder / "begroting-2022.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    y = 800.0
    for line in [HEADING, "Acties", *(f"{n}. {_action(n)}" for n in range(1, 2 * ACTIONS + 1))]:
        canvas.drawString(56, y, line)
        y -= 14
        if y < 56:
            canvas.showPage()
            y = 800.0
    canvas.save()
    return path


def _corpus(tmp_path: Path, *makers: Callable[[Path], Path]) -> tuple[Path, list[Path]]:
    """The example corpus with the files ``makers`` write beside it."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for example in EXAMPLES.glob("*.txt"):
        shutil.copy(example, folder / example.name)
    return folder, [make(folder) for make in makers]


@dataclass
class RunPath:
    """How a build's batch is run: the workers it should get, and those each batch got."""

    expected: int
    given: list[int] = field(default_factory=list)


@pytest.fixture(params=["one worker", "worker pool"])
def run_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> RunPath:
    """A batch under ``PARALLEL_FROM`` (one forked worker), or a pool of two workers."""
    path = RunPath(expected=1)
    if request.param == "worker pool":
        monkeypatch.setattr(batch, "PARALLEL_FROM", 2)
        path.expected = 2
    real = file_limits.capped_map

    def spy(*args: object, **kwargs: object) -> object:
        path.given.append(kwargs["workers"])  # type: ignore[arg-type]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "capped_map", spy)
    return path


def _build(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["build", "--skip-validation", "--quiet", "--jobs", "2", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def _failed(report: Path) -> dict[str, str]:
    """The files the coverage report lists as failed, with their errors."""
    data = json.loads(report.read_text("utf-8"))
    return {entry["file"]: entry["error"] for entry in data["failed"]}


# --- time ------------------------------------------------------------------------------------


def test_slow_files_fail_alone_under_keep_going(tmp_path: Path, run_path: RunPath) -> None:
    folder, slow = _corpus(tmp_path, _text, _markdown, _html)
    out = tmp_path / "out"
    code, stdout, stderr = _build(str(folder), "-o", str(out), "--file-timeout", "1",
                                  "--keep-going")  # fmt: skip
    assert code == 0, stderr
    assert run_path.given == [run_path.expected]
    errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
    assert sorted(errors) == sorted(
        f"error: {path}: {TIME_LINE} (skipped: --keep-going)" for path in slow
    )
    assert stdout.startswith("3 files, 3 failed, 3 sections")
    failed = _failed(out / "report.json")
    assert {Path(name).name for name in failed} == {path.name for path in slow}
    assert all(error.endswith(TIME_LINE) for error in failed.values())
    assert (out / "report.txt").read_text("utf-8").count("FAILED ") == 3
    graph = (out / "prestaties.ttl").read_text("utf-8")
    assert "document/begroting-2017" in graph and "project 1 met" not in graph


def test_slow_files_fail_the_build_without_keep_going(tmp_path: Path, run_path: RunPath) -> None:
    folder, slow = _corpus(tmp_path, _text, _markdown, _html)
    out = tmp_path / "out"
    code, stdout, stderr = _build(str(folder), "-o", str(out), "--file-timeout", "1")
    assert code == 2
    assert run_path.given == [run_path.expected]
    lines = stderr.splitlines()
    assert sorted(lines[:3]) == sorted(f"error: {path}: {TIME_LINE}" for path in slow)
    assert lines[3:] == [
        "error: 3 of 6 files failed; nothing published (--keep-going publishes the others); "
        f"report in {out / 'failed-build' / 'report.txt'}"
    ]
    assert stdout == ""
    assert not (out / "prestaties.ttl").exists()
    assert len(_failed(out / "failed-build" / "report.json")) == 3


# --- memory ----------------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="RLIMIT_AS is Linux's")
@pytest.mark.parametrize("keep_going", [True, False])
def test_a_file_over_the_memory_limit_fails_alone(
    tmp_path: Path, run_path: RunPath, keep_going: bool
) -> None:
    folder, [large] = _corpus(tmp_path, _saved_many_times)
    out = tmp_path / "out"
    more = ["--keep-going"] if keep_going else []
    code, stdout, stderr = _build(str(folder), "-o", str(out), "--file-memory", "64", *more)
    assert run_path.given == [run_path.expected]
    [line] = [line for line in stderr.splitlines() if line.startswith(f"error: {large}: ")]
    assert line.startswith(f"error: {large}: stopped")
    assert "64 MB" in line and "memory limit per file" in line and "(--file-memory MB)" in line
    report = out / "report.json" if keep_going else out / "failed-build" / "report.json"
    assert list(_failed(report)) == [str(large)]
    if keep_going:
        assert code == 0 and line.endswith("(skipped: --keep-going)")
        assert stdout.startswith("3 files, 1 failed, 3 sections")
        assert (out / "prestaties.ttl").is_file()
    else:
        assert code == 2 and stdout == ""
        assert stderr.splitlines()[-1].startswith("error: 1 of 4 files failed; nothing published")
        assert not (out / "prestaties.ttl").exists()


def test_a_worker_killed_on_a_file_fails_that_file_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = _corpus(tmp_path)
    doomed = folder / "002_83e0883af9086c1a.txt"
    real = load_source

    def killed_on_doomed(path: Path, **kwargs: object) -> object:
        if path == doomed:  # as the system's out-of-memory killer does
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "load_source", killed_on_doomed)  # the worker is forked
    out = tmp_path / "out"
    code, stdout, stderr = _build(str(folder), "-o", str(out), "--keep-going")
    assert code == 0, stderr
    assert stderr.splitlines() == [
        f"error: {doomed}: stopped: the process reading it was killed (SIGKILL), most often "
        "for want of memory; the memory limit per file is 2048 MB (--file-memory MB) "
        "(skipped: --keep-going)"
    ]
    assert stdout.startswith("2 files, 1 failed, 2 sections")


# --- no process left -------------------------------------------------------------------------


def _group(pgid: int) -> set[int]:
    """The live processes of process group ``pgid``."""
    members = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                state, _, group = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:3]
            except (OSError, ValueError):
                continue
            if int(group) == pgid and state != "Z":
                members.add(int(entry.name))
    return members


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_stopped_worker_takes_the_pdf_reader_it_started_with_it(
    tmp_path: Path, run_path: RunPath, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, [pdf] = _corpus(tmp_path, _pdf)
    groups: dict[int, set[int]] = {}
    real = file_limits._kill

    def kill(worker: file_limits._Worker) -> None:
        if worker.process.pid is not None:
            groups[worker.process.pid] = _group(worker.process.pid)
        real(worker)

    monkeypatch.setattr(file_limits, "_kill", kill)
    out = tmp_path / "out"
    code, _, stderr = _build(str(folder), "-o", str(out), "--file-timeout", "3", "--keep-going")
    assert code == 0, stderr
    assert f"error: {pdf}: stopped after 3 s, the time limit per file" in stderr
    # the worker on the PDF, its fork server and the PDF reader
    assert max(len(members) for members in groups.values()) >= 3
    assert all(_group(pgid) == set() for pgid in groups)


# --- links out of a folder -------------------------------------------------------------------


def _linked_out(tmp_path: Path) -> tuple[Path, Path]:
    folder, _ = _corpus(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    shutil.copy(EXAMPLES / "001_e4d768af5dac0265.txt", secret)
    link = folder / "link.txt"
    link.symlink_to(secret)
    return folder, link


def test_a_link_out_of_the_folder_fails_alone_under_keep_going(tmp_path: Path) -> None:
    folder, link = _linked_out(tmp_path)
    out = tmp_path / "out"
    code, stdout, stderr = _build(str(folder), "-o", str(out), "--keep-going")
    assert code == 0, stderr
    message = (
        f"{link}: a symbolic link to a file outside the folder {folder} "
        f"({(tmp_path / 'outside' / 'secret.txt').resolve()}); expected files inside the "
        "folder, or the file itself named on the command line"
    )
    assert stderr.splitlines() == [f"error: {message} (skipped: --keep-going)"]
    assert stdout.startswith("3 files, 1 failed, 3 sections")
    assert _failed(out / "report.json") == {str(link): message}
    assert (out / "prestaties.ttl").is_file()
    code, stdout, stderr = _build(str(folder), "-o", str(tmp_path / "strict"))
    assert (code, stdout, stderr) == (2, "", f"error: {message}\n")  # before any file is read


def test_a_link_named_itself_is_read(tmp_path: Path) -> None:
    folder, link = _linked_out(tmp_path)
    found, refused = gather_sources([folder, link])
    assert refused == []
    assert link in [path for path, _ in found]
    assert [path for path, _ in collect_sources([folder, link])] == [path for path, _ in found]
    found, refused = gather_sources([folder])
    assert [error.path for error in refused] == [link]
    assert link not in [path for path, _ in found] and len(found) == 3


# --- one set of limits -----------------------------------------------------------------------


def test_the_default_limits_are_one_set_for_every_channel() -> None:
    assert BuildOptions().limits == FileLimits(seconds=120.0, memory_mb=2048)
    assert (PdfLimits().seconds, PdfLimits().memory_mb) == (120.0, 2048)


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="RLIMIT_AS is Linux's")
def test_the_pdf_reader_is_held_to_the_files_memory_limit(tmp_path: Path) -> None:
    pdf = _pdf(tmp_path)
    with pytest.raises(SourceError) as caught:
        load_source(pdf, limits=FileLimits(memory_mb=20))
    assert "20 MB memory limit" in caught.value.message
    assert "(--file-memory MB)" in caught.value.message


@pytest.mark.parametrize("option", ["--file-timeout", "--file-memory"])
def test_a_limit_must_be_positive(tmp_path: Path, option: str) -> None:
    code, _, stderr = _build(str(EXAMPLES), "-o", str(tmp_path / "out"), option, "0")
    assert code == 2
    assert f"Invalid value for '{option}'" in " ".join(stderr.replace("│", " ").split())
