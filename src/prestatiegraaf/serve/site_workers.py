"""Rendering many pages in forked processes that share the loaded graph.

The graph is loaded once; each worker is forked from the process that holds it (no thread
runs at that point) and reads it copy-on-write. Worker ``k`` of ``n`` does items ``k``,
``k + n``, … and reports on a pipe: a line ``+N`` per N items done, and ``ok`` or an error
line at the end. A worker ends itself when the process that started it is gone.
"""

from __future__ import annotations

import os
import select
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

from prestatiegraaf.errors import OutputError

Item = TypeVar("Item")
REPORT_EVERY = 50
MIN_PER_WORKER = 100


class Counter:
    """Items done of a total, shown as one line on a terminal only."""

    def __init__(self, total: int, what: str) -> None:
        self.total, self.what, self.done = total, what, 0
        self.enabled = sys.stderr.isatty() and not os.environ.get("CI")

    def add(self, done: int) -> None:
        """Count ``done`` more items."""
        before = self.done
        self.done += done
        if self.enabled and (self.done // 500 != before // 500 or self.done == self.total):
            sys.stderr.write(f"\r\033[K{self.what} {self.done:,}/{self.total:,}")
            sys.stderr.flush()

    def close(self) -> None:
        """Clear the line."""
        if self.enabled and self.done:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def run_all(
    items: Sequence[Item], work: Callable[[Item], None], jobs: int, counter: Counter
) -> None:
    """``work(item)`` for every item, in ``jobs`` forked workers (here when one will do).

    Raises:
        OutputError: a worker could not write (its message).
        RuntimeError: a worker failed otherwise, or ended without a word.
    """
    jobs = max(1, min(jobs, len(items) // MIN_PER_WORKER))
    if jobs == 1 or not hasattr(os, "fork"):
        for item in items:
            work(item)
            counter.add(1)
        return
    sys.stdout.flush()
    sys.stderr.flush()
    workers: dict[int, int] = {}
    try:
        for index in range(jobs):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - runs in the child
                os.close(read)
                _work_apart(items[index::jobs], work, write)
            os.close(write)
            workers[pid] = read
        _collect(workers, counter)
    finally:
        for pid, read in workers.items():
            _stop(pid)
            os.close(read)


def _work_apart(items: Sequence[Item], work: Callable[[Item], None], out: int) -> None:
    """In a worker: do ``items``, report on ``out`` and leave, never returning."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        parent = os.getppid()
        pending = 0
        for item in items:
            work(item)
            pending += 1
            if pending == REPORT_EVERY:
                if os.getppid() != parent:
                    break
                os.write(out, f"+{pending}\n".encode())
                pending = 0
        else:
            os.write(out, f"+{pending}\nok\n".encode())
            code = 0
    except OSError as error:
        os.write(out, f"oserror {error}\n".encode(errors="replace"))
    except BaseException as error:  # noqa: BLE001 - reported to the parent as one line
        message = f"{type(error).__name__}: {error}".replace("\n", " ")
        os.write(out, f"error {message}\n".encode(errors="replace"))
    finally:
        os._exit(code)


def _collect(workers: dict[int, int], counter: Counter) -> None:
    """Read the workers' reports until every pipe is closed; raise the first failure."""
    buffers = {read: b"" for read in workers.values()}
    finished: set[int] = set()
    failure: Exception | None = None
    while buffers:
        ready, _, _ = select.select(list(buffers), [], [])
        for read in ready:
            chunk = os.read(read, 1 << 16)
            if not chunk:
                del buffers[read]
                continue
            *lines, buffers[read] = (buffers[read] + chunk).split(b"\n")
            for line in lines:
                text = line.decode("utf-8", "replace")
                if text.startswith("+"):
                    counter.add(int(text[1:]))
                elif text == "ok":
                    finished.add(read)
                elif failure is None:
                    kind, _, message = text.partition(" ")
                    failure = OutputError(message) if kind == "oserror" else RuntimeError(message)
        if failure is not None:
            raise failure
    if len(finished) != len(workers):
        raise RuntimeError("a worker rendering the site ended without finishing its pages")


def _stop(pid: int) -> None:
    """End worker ``pid`` if it still runs, and reap it."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if not done:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    except ChildProcessError:
        pass
