"""Run endpoint queries in forked worker processes that a time limit can stop.

pyoxigraph evaluates a query in native code that nothing inside the process can interrupt.
Each query therefore runs in a child forked from the server, which shares the loaded store
copy-on-write (nothing is copied or loaded again). The server reads the answer from a pipe
without blocking its event loop, and kills the child when the time limit is up or the
request is cancelled; an alarm in the child stops it too should the server itself die. At
most ``workers`` queries run at once; later ones wait for a free slot.
"""

from __future__ import annotations

import asyncio
import math
import os
import pickle
import signal
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from prestatiegraaf.serve.evaluate import Answer, evaluate
from prestatiegraaf.serve.sparql_protocol import ProtocolError, SparqlRequest

_CHUNK = 1 << 16


@dataclass(frozen=True)
class Limits:
    """What one query may take: seconds (``math.inf``: no limit) and rows (0: no limit)."""

    timeout: float = 30.0
    rows: int = 10_000


class QueryRunner:
    """Evaluates queries on ``store`` in forked children, within ``limits``."""

    def __init__(self, store: ox.Store, limits: Limits, workers: int = 2) -> None:
        self.store = store
        self.limits = limits
        self.workers = max(1, workers)
        self._slots: asyncio.Semaphore | None = None
        self._children: set[int] = set()
        self.stopping = False

    async def run(
        self, request: SparqlRequest, results_format: str | None, graph_format: str | None
    ) -> Answer:
        """The answer to ``request``, in a child process.

        Raises:
            ProtocolError: the query is refused by the evaluator (400, 406), fails (500) or
                runs out of time (503).
        """
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.workers)
        store, limit = self.store, self.limits.rows

        def job() -> Answer:
            return evaluate(
                store, request.query, results_format, graph_format, limit,
                default_graphs=request.default_graphs, named_graphs=request.named_graphs,
            )  # fmt: skip

        async with self._slots:
            outcome = await self._in_child(job)
        if isinstance(outcome, ProtocolError):
            raise outcome
        return outcome

    async def _in_child(self, job: Callable[[], Answer]) -> Answer | ProtocolError:
        if self.stopping:
            return ProtocolError(503, "the server is stopping; try again once it is back")
        timeout = self.limits.timeout
        reader, writer = os.pipe()
        with warnings.catch_warnings():  # the event loop's idle helper threads hold no lock
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # pragma: no cover - the child, measured by the tests over HTTP
            os.close(reader)
            _child(job, writer, timeout)
        os.close(writer)
        self._children.add(pid)
        try:
            data = await asyncio.wait_for(
                _read_all(reader), None if math.isinf(timeout) else timeout
            )
        except TimeoutError:
            return ProtocolError(
                503,
                f"the query ran longer than the time limit of {timeout:g} s and was stopped; "
                "narrow it down (fewer patterns, a LIMIT) and try again",
            )
        finally:
            os.close(reader)
            self._stop(pid)
        if self.stopping:
            return ProtocolError(503, "the server is stopping; the query was not finished")
        try:
            outcome = pickle.loads(data)  # noqa: S301 - written by our own child
        except Exception:  # noqa: BLE001 - the child died before it answered
            return ProtocolError(
                500, "the query stopped without an answer (most often for want of memory)"
            )
        if isinstance(outcome, Answer | ProtocolError):
            return outcome
        return ProtocolError(500, "the query process gave no answer")

    def _stop(self, pid: int) -> None:
        """Kill the child if it still runs, and reap it."""
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
        self._children.discard(pid)

    def interrupt(self) -> None:
        """The server is stopping: end every running query now (their requests get a 503).

        Safe in a signal handler: it only sends signals.
        """
        self.stopping = True
        for pid in list(self._children):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def close(self) -> None:
        """Stop every query still running."""
        for pid in list(self._children):
            self._stop(pid)


def _child(job: Callable[[], Answer], writer: int, timeout: float) -> None:  # pragma: no cover
    """In the child: answer, write the pickled outcome to ``writer`` and end at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the server, which stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not math.isinf(timeout):  # should the server die: the kernel ends us anyway
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.alarm(math.ceil(timeout) + 5)
    try:
        outcome: Answer | ProtocolError = job()
    except ProtocolError as error:
        outcome = error
    except BaseException as error:  # noqa: BLE001 - handed to the server as a 500
        outcome = ProtocolError(500, f"the query failed: {type(error).__name__}: {error}")
    try:
        data = pickle.dumps(outcome)
        view = memoryview(data)
        while view:
            view = view[os.write(writer, view) :]
    finally:
        os._exit(0)


async def _read_all(fd: int) -> bytes:
    """Everything written to the pipe ``fd`` until its writer closes it."""
    loop = asyncio.get_running_loop()
    os.set_blocking(fd, False)
    chunks: list[bytes] = []
    done: asyncio.Future[None] = loop.create_future()

    def readable() -> None:
        try:
            chunk = os.read(fd, _CHUNK)
        except BlockingIOError:
            return
        except OSError as error:
            loop.remove_reader(fd)
            if not done.done():
                done.set_exception(error)
            return
        if chunk:
            chunks.append(chunk)
        else:
            loop.remove_reader(fd)
            if not done.done():
                done.set_result(None)

    loop.add_reader(fd, readable)
    try:
        await done
    finally:
        loop.remove_reader(fd)
    return b"".join(chunks)
