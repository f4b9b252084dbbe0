"""Child processes: the start method for workers, and one call run apart from the build.

Python rarely gives the memory of millions of small objects back to the system: the heap
stays as large as at its high point. A step that briefly needs much memory, but hands on
only a file, is therefore run in a short-lived child process (:func:`run_apart`); its memory
is returned the moment it ends, before the next step (loading the store) needs it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from typing import ParamSpec, TypeVar

Params = ParamSpec("Params")
Result = TypeVar("Result")


class ProcessLost(RuntimeError):
    """A child process ended without an answer (killed, or out of memory)."""


def process_context() -> BaseContext:
    """How child processes start: from a clean server process, never by forking this one.

    Forking a process that runs threads (the progress line, the format writer) can copy a
    held lock; the fork server starts children from a small process without threads.
    """
    return multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")


def run_apart(
    function: Callable[Params, Result], *args: Params.args, **kwargs: Params.kwargs
) -> Result:
    """``function(*args, **kwargs)`` in a child process that ends when it returns.

    ``function`` must be importable and its arguments and result picklable. An exception it
    raises is raised here.

    Raises:
        ProcessLost: the child ended without an answer.
    """
    with ProcessPoolExecutor(max_workers=1, mp_context=process_context()) as pool:
        try:
            return pool.submit(function, *args, **kwargs).result()
        except BrokenProcessPool as exc:
            raise ProcessLost(
                f"the process running {function.__name__} ended without an answer "
                "(killed, or out of memory)"
            ) from exc
