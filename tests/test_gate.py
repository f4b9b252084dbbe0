"""The gate: validation on one thread while the graph files are written on another."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from prestatiegraaf.errors import ValidationFailed
from prestatiegraaf.pipeline import BuildOptions
from prestatiegraaf.publish import graph_files


def _options(tmp_path: Path, validate: bool) -> BuildOptions:
    return BuildOptions(inputs=(tmp_path,), out_dir=tmp_path / "out", validate=validate)


def test_writes_not_started_are_taken_over_from_the_last(tmp_path: Path) -> None:
    ran: list[tuple[str, str]] = []
    second_done = threading.Event()

    def record(name: str) -> None:
        ran.append((name, threading.current_thread().name))

    def first() -> None:
        record("first")
        assert second_done.wait(10)  # the writer stays busy until the others are taken

    def second() -> None:
        record("second")
        second_done.set()

    writes = [first, second, lambda: record("third")]
    graph_files.gate_while(tmp_path / "g.nt", _options(tmp_path, False), writes)
    main = threading.current_thread().name
    assert ran[0][0] == "first" and ran[0][1] != main
    assert ran[1:] == [("third", main), ("second", main)]


def test_a_failed_gate_drops_the_writes_not_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[str] = []

    def gate(*args: object) -> None:
        raise ValidationFailed("graph does not conform")

    def first() -> None:
        threading.Event().wait(0.2)  # still writing when the gate fails
        ran.append("first")

    monkeypatch.setattr(graph_files, "gate", gate)
    with pytest.raises(ValidationFailed):
        graph_files.gate_while(
            tmp_path / "g.nt", _options(tmp_path, True), [first, lambda: ran.append("second")]
        )
    assert "second" not in ran


def test_an_error_of_a_write_is_raised(tmp_path: Path) -> None:
    def broken() -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        graph_files.gate_while(tmp_path / "g.nt", _options(tmp_path, False), [broken])


def test_a_failed_write_drops_the_writes_not_started(tmp_path: Path) -> None:
    ran: list[str] = []

    def first() -> None:
        threading.Event().wait(0.2)  # the writer is busy when this thread's write fails
        ran.append("first")

    def broken() -> None:
        raise OSError("disk full")

    writes = [first, lambda: ran.append("second"), broken]
    with pytest.raises(OSError, match="disk full"):
        graph_files.gate_while(tmp_path / "g.nt", _options(tmp_path, False), writes)
    assert ran == ["first"]
