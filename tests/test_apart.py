"""Calls run in a short-lived child process: results, exceptions and a lost child."""

from __future__ import annotations

import os

import pytest

from prestatiegraaf.apart import ProcessLost, run_apart


def test_the_result_comes_from_another_process() -> None:
    assert run_apart(os.getpid) != os.getpid()
    assert run_apart(divmod, 17, 5) == (3, 2)


def test_an_exception_in_the_child_is_raised_here() -> None:
    with pytest.raises(ZeroDivisionError):
        run_apart(divmod, 1, 0)


def test_a_child_that_dies_is_reported_not_waited_for() -> None:
    with pytest.raises(ProcessLost, match="_exit ended without an answer"):
        run_apart(os._exit, 9)
