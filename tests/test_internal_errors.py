"""A bug ends in one line and exit code 3: never a traceback, never 0 or 1."""

from __future__ import annotations

import sys

import pytest

from prestatiegraaf import __main__ as main
from prestatiegraaf import pipeline


def test_an_unexpected_error_is_one_line_and_code_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("a bug in the build")

    monkeypatch.setattr(pipeline, "_build", broken)
    monkeypatch.setattr(sys, "argv", ["prestatiegraaf", "build", "--out", str(tmp_path)])
    with pytest.raises(SystemExit) as stopped:
        main.run()
    assert stopped.value.code == main.INTERNAL_ERROR == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("error: internal error (RuntimeError: a bug in the build); this is a bug")


def test_usage_errors_keep_their_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["prestatiegraaf", "build", "--no-such-option"])
    with pytest.raises(SystemExit) as stopped:
        main.run()
    assert stopped.value.code == 2
