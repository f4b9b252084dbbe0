"""The time and memory one file may take, and the worker processes that hold every file to them.

Each file of a build (any channel: reading, extraction and mapping) is handled in a worker
process by :func:`capped_map`. The build waits at most :attr:`FileLimits.seconds` for a file's
answer; when the time is up it kills the worker together with every process the worker started
(the worker leads its own process group) and a fresh worker takes the next file. While a worker
handles a file its address space may grow by at most :attr:`FileLimits.memory_mb`
(``RLIMIT_AS``, where the platform has it), so a file that needs more ends in a
``MemoryError`` in the worker, never in the build. Either way the file is an :class:`Overrun`,
which the build reports as a failure of that file alone.

A single worker is forked from the build (a few milliseconds: nothing is imported again);
several start from the fork server, as the other child processes do. What every file needs
once per process (the ontology, the code lists, the actor register) is loaded before a worker
takes its first file (``prepare``), so that no file's time and memory pay for it.
"""

from __future__ import annotations

import contextlib
import gc
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from prestatiegraaf.child_process import lost, process_context, watch_parent

DEFAULT_SECONDS = 120.0  # about ten times the slowest legitimate file measured
DEFAULT_MEMORY_MB = 2048  # about four times the most memory a legitimate file was seen to take
MB = 1024 * 1024

Item = TypeVar("Item")
Result = TypeVar("Result")

_READY = "ready"  # a worker's first message: it can take a file now


@dataclass(frozen=True)
class FileLimits:
    """What one file may take: wall-clock seconds, and megabytes of memory (address space)."""

    seconds: float = DEFAULT_SECONDS
    memory_mb: int = DEFAULT_MEMORY_MB


@dataclass(frozen=True)
class Overrun:
    """A file stopped by a limit (``time`` or ``memory``) or killed by a ``signal``."""

    reason: str
    signal: str = ""

    def message(self, limits: FileLimits) -> str:
        """One line saying which limit stopped the file and which option raises it."""
        if self.reason == "time":
            return (
                f"stopped after {limits.seconds:g} s, the time limit per file; split the file "
                "or raise the limit (--file-timeout SECONDS)"
            )
        if self.reason == "memory":
            return (
                f"stopped: it needs more than {limits.memory_mb} MB, the memory limit per file; "
                "split the file or raise the limit (--file-memory MB)"
            )
        return (
            f"stopped: the process reading it was killed ({self.signal}), most often for want "
            f"of memory; the memory limit per file is {limits.memory_mb} MB (--file-memory MB)"
        )


class RemoteTraceback(Exception):
    """The traceback of an exception raised in a worker, as the worker printed it."""


def capped_map(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    *,
    workers: int,
    limits: FileLimits,
    what: str,
    prepare: Callable[[], object] | None = None,
) -> Generator[Result | Overrun, None, None]:
    """``function(item)`` for every item, in worker processes under ``limits``, in input order.

    ``function`` and the items must be picklable when ``workers`` is more than 1. An exception
    ``function`` raises is raised here; every worker has ended when this generator ends.

    Args:
        function: what to do with one item (one file).
        items: the items.
        workers: at most this many worker processes at a time.
        limits: the time and memory each call may take.
        what: the work, as an error names it (``"reading the source files"``).
        prepare: called once in each worker before its first item, outside the limits (in
            this process before a worker is forked from it).

    Raises:
        ProcessLost: a worker could not start, or ended by itself without an answer.
    """
    crew = _Crew(function, items, max(1, workers), limits, what, prepare)
    try:
        yield from crew.results()
    finally:
        crew.stop()


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    ready: bool = False
    item: int | None = None  # the index of the item in hand
    deadline: float = math.inf


class _Crew(Generic[Item, Result]):
    """The workers of one :func:`capped_map` and what each has in hand."""

    def __init__(
        self,
        function: Callable[[Item], Result],
        items: Sequence[Item],
        count: int,
        limits: FileLimits,
        what: str,
        prepare: Callable[[], object] | None,
    ) -> None:
        self.function, self.items, self.count = function, items, count
        self.limits, self.what, self.prepare = limits, what, prepare
        self.pending = deque(range(len(items)))
        self.done: dict[int, Result | Overrun] = {}
        self.workers: list[_Worker] = []
        self.context = _forking() if count == 1 else process_context()

    def results(self) -> Iterator[Result | Overrun]:
        """Every answer, in the order of the items."""
        following = 0
        while following < len(self.items):
            self._staff()
            self._hand_out()
            self._collect()
            while following in self.done:
                yield self.done.pop(following)
                following += 1

    def stop(self) -> None:
        """End every worker and the processes it started."""
        for worker in self.workers:
            _kill(worker)
        self.workers.clear()

    def _staff(self) -> None:
        busy = sum(worker.item is not None for worker in self.workers)
        while len(self.workers) < min(self.count, busy + len(self.pending)):
            self.workers.append(self._start())

    def _start(self) -> _Worker:
        forked, prepare = self.context.get_start_method() == "fork", self.prepare
        if forked and prepare is not None:
            prepare()  # here, once: every worker forked from now on starts prepared
            self.prepare = prepare = None
        ours, theirs = self.context.Pipe()
        process = self.context.Process(  # type: ignore[attr-defined]
            target=_serve,
            args=(theirs, self.function, self.limits.memory_mb, os.getpid(), forked, prepare),
            name="prestatiegraaf-file-worker",
        )
        try:
            process.start()
        except OSError as exc:
            raise lost(f"{self.what} (cannot start a worker: {exc})") from exc
        finally:
            theirs.close()
        return _Worker(process, ours)

    def _hand_out(self) -> None:
        for worker in self.workers:
            if worker.ready and worker.item is None and self.pending:
                index = self.pending.popleft()
                worker.item, worker.deadline = index, time.monotonic() + self.limits.seconds
                with contextlib.suppress(OSError):  # a worker gone is seen by its sentinel
                    worker.connection.send(self.items[index])

    def _collect(self) -> None:
        """Wait for an answer, a worker's end or a deadline, and take what happened."""
        deadline = min((w.deadline for w in self.workers if w.item is not None), default=math.inf)
        left = None if math.isinf(deadline) else max(0.0, deadline - time.monotonic())
        wait([w.connection for w in self.workers] + [w.process.sentinel for w in self.workers],
             left)  # fmt: skip
        for worker in list(self.workers):
            if self._read(worker):
                self._ended(worker)
        now = time.monotonic()
        for worker in list(self.workers):
            if worker.item is not None and now >= worker.deadline:
                stuck = _at_memory_limit(worker.process.pid, self.limits.memory_mb)
                self.done[worker.item] = Overrun("memory" if stuck else "time")
                self._drop(worker)

    def _read(self, worker: _Worker) -> bool:
        """Take the worker's messages; True when it has ended."""
        try:
            while worker.connection.poll():
                self._take(worker, worker.connection.recv())
        except (EOFError, OSError):
            return True
        return bool(wait([worker.process.sentinel], 0))

    def _take(self, worker: _Worker, message: Any) -> None:
        """Take one message: ``READY``, or the answer for the item in hand (see :func:`_answer`)."""
        if message == _READY:
            worker.ready = True
            return
        if worker.item is None:  # pragma: no cover - a worker answers only what it was given
            raise RuntimeError(f"{self.what}: an answer nobody asked for")
        if message[0] == "raised":
            raise message[1] from RemoteTraceback(message[2])
        self.done[worker.item] = message[1] if message[0] == "done" else Overrun("memory")
        worker.item, worker.deadline = None, math.inf

    def _ended(self, worker: _Worker) -> None:
        """A worker ended: a signal on a file fails that file; anything else stops the work."""
        worker.process.join(5)
        code = worker.process.exitcode
        item, ready = worker.item, worker.ready
        self._drop(worker)
        if item is None and ready:
            return  # it had nothing in hand: another takes its place if one is needed
        if item is None or code is None or code >= 0:
            raise lost(self.what)
        self.done[item] = Overrun("signal", _signal_name(-code))

    def _drop(self, worker: _Worker) -> None:
        _kill(worker)
        self.workers.remove(worker)


def _forking() -> BaseContext:
    """Fork where that is safe (Linux, one thread), else the usual start of child processes."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return process_context()


def _kill(worker: _Worker) -> None:
    """Kill a worker with its process group (what it started), and wait for it."""
    if not _kill_group(worker.process.pid):
        with contextlib.suppress(OSError):
            worker.process.kill()
    worker.process.join(5)
    worker.connection.close()


def _kill_group(pid: int | None) -> bool:
    """Kill the process group that process ``pid`` leads; False if it leads none (yet)."""
    if pid is None or not hasattr(os, "killpg"):
        return False
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _serve(
    connection: Connection,
    function: Callable[[object], object],
    memory_mb: int,
    parent: int,
    forked: bool,
    prepare: Callable[[], object] | None,
) -> None:
    """In a worker: answer each item the build sends, until the build ends this process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's to handle
    with contextlib.suppress(OSError, AttributeError):
        os.setpgid(0, 0)  # the build ends this process and all it starts in one go
    if forked:
        _forget_fork_server()
        gc.freeze()  # what the build holds is not walked (and so not copied) by the collector
        gc.enable()  # the build may have paused its collector; extraction needs it
    watch_parent(parent)
    if prepare is not None:
        prepare()
    connection.send(_READY)
    while True:
        try:
            item = connection.recv()
        except EOFError:  # the build is gone
            break
        answer = _answer(function, item, memory_mb)
        try:
            connection.send(answer)
        except Exception as error:  # noqa: BLE001 - an answer that cannot be pickled
            problem = RuntimeError(f"cannot hand the answer on: {error}")
            connection.send(("raised", problem, traceback.format_exc()))
    connection.close()


def _answer(function: Callable[[object], object], item: object, memory_mb: int) -> tuple[Any, ...]:
    """``("done", result)``, ``("memory",)`` or ``("raised", error, traceback)``."""
    with _limited_memory(memory_mb):
        try:
            return ("done", function(item))
        except MemoryError:
            return ("memory",)
        except Exception as error:  # noqa: BLE001 - a bug: raised again in the build
            return ("raised", error, traceback.format_exc())


@contextlib.contextmanager
def _limited_memory(megabytes: int) -> Iterator[None]:
    """Let this process's address space grow by at most ``megabytes`` inside the scope."""
    try:
        import resource
    except ImportError:  # no RLIMIT_AS here: the time limit still applies
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = (_address_space() or 0) + megabytes * MB
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ValueError, OSError):  # cannot be set here: the time limit still applies
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int | None:
    """The bytes of address space this process holds now, where the system says."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _at_memory_limit(pid: int | None, megabytes: int) -> bool:
    """Whether process ``pid`` holds about all the address space its limit allows.

    A library whose allocation fails can hang rather than raise; such a worker is stopped by
    the time limit, but it was memory that it lacked.
    """
    if pid is None:
        return False
    try:
        import resource

        soft, _ = resource.prlimit(pid, resource.RLIMIT_AS)
        with open(f"/proc/{pid}/statm", "rb") as handle:
            size = int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, AttributeError, OSError, ValueError, IndexError):
        return False
    margin = max(64 * MB, megabytes * MB // 10)
    return soft != resource.RLIM_INFINITY and size >= soft - margin


def _forget_fork_server() -> None:
    """In a forked worker: start a fork server of its own when it needs one (to read a PDF).

    The build's fork server is not this process's child, so it cannot be checked on from here.
    """
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    if server is None:
        return
    alive = getattr(server, "_forkserver_alive_fd", None)
    if alive is not None:
        with contextlib.suppress(OSError):
            os.close(alive)
    server.__init__()
