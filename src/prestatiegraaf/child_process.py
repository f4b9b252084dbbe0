"""Child processes: the start method for workers, and one call run apart from the build.

Python rarely gives the memory of millions of small objects back to the system: the heap
stays as large as at its high point. A step that briefly needs much memory, but hands on
only a file, is therefore run in a short-lived child process (:func:`run_apart`); its memory
is returned the moment it ends, before the next step (loading the store) needs it.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from typing import ParamSpec, TypeVar

from prestatiegraaf.errors import ProcessLost

Params = ParamSpec("Params")
Result = TypeVar("Result")


def process_context() -> BaseContext:
    """How child processes start: from a clean server process, never by forking this one.

    Forking a process that runs threads (the progress line, the format writer) can copy a
    held lock; the fork server starts children from a small process without threads.
    """
    return multiprocessing.get_context("forkserver" if os.name == "posix" else "spawn")


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes that end when this process ends, however it ends.

    A build killed with ``kill -9`` cannot stop its workers; each worker watches the build's
    process and leaves as soon as it is gone, so no worker (and no fork server or resource
    tracker kept alive by them) outlives the build.
    """
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=process_context(),
        initializer=watch_parent,
        initargs=(os.getpid(),),
    )


def watch_parent(parent: int, interval: float = 0.5) -> None:
    """In a worker: end this process within ``interval`` seconds of process ``parent``.

    A worker that leads its own process group ends the whole group: the processes it started
    (a PDF reader, its fork server) go with it.
    """

    def watch() -> None:
        while True:
            time.sleep(interval)
            try:
                os.kill(parent, 0)
            except (ProcessLookupError, PermissionError):  # gone, or the pid is another's now
                _leave()

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _leave() -> None:
    """End this process, and its process group if it leads one: the build is gone."""
    if hasattr(os, "killpg") and os.getpgid(0) == os.getpid():
        os.killpg(0, signal.SIGKILL)
    os._exit(1)  # nothing to report to


def run_apart(
    what: str, function: Callable[Params, Result], *args: Params.args, **kwargs: Params.kwargs
) -> Result:
    """``function(*args, **kwargs)`` in a child process that ends when it returns.

    ``function`` must be importable and its arguments and result picklable. An exception it
    raises is raised here.

    Args:
        what: the work, as the error names it (``"merging the graph's parts"``).
        function: the function to call.
        *args: its positional arguments.
        **kwargs: its keyword arguments.

    Raises:
        ProcessLost: the child ended without an answer.
    """
    with worker_pool(1) as pool:
        try:
            return pool.submit(function, *args, **kwargs).result()
        except BrokenProcessPool as exc:
            raise lost(what) from exc


def lost(what: str) -> ProcessLost:
    """The error for ``what`` stopped by a child process that ended without an answer."""
    return ProcessLost(
        f"{what} stopped: a child process ended without an answer "
        "(killed, most often for want of memory)"
    )
