"""Stage 4, validate: run a query-bound call in a forked child that can be stopped.

pyoxigraph evaluates a query in native code that neither a time limit nor Ctrl-C can
interrupt. :func:`run_stoppable` therefore runs the call in a child forked from this process
(which shares the in-memory store without copying it), waits at most ``timeout`` seconds for
its answer and kills it when the time is up or the user presses Ctrl-C.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TypeVar

from prestatiegraaf.errors import ProcessLost

Result = TypeVar("Result")


class TimedOut(Exception):
    """The call ran longer than it was given."""


def run_stoppable(function: Callable[[], Result], timeout: float = math.inf) -> Result:
    """``function()`` in a forked child, killed after ``timeout`` seconds or on Ctrl-C.

    ``function`` must return picklable data (no pyoxigraph objects); an exception it raises
    is raised here.

    Raises:
        TimedOut: no answer within ``timeout`` seconds.
        KeyboardInterrupt: Ctrl-C while waiting; the child was killed.
        ProcessLost: the child ended without an answer.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_answer, args=(function, sender), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(None if math.isinf(timeout) else timeout):
            raise TimedOut
        try:
            ok, value = receiver.recv()
        except EOFError:
            raise ProcessLost(
                "the query stopped: a child process ended without an answer "
                "(killed, most often for want of memory)"
            ) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if ok:
        return value  # type: ignore[no-any-return]
    raise value


def _answer(function: Callable[[], object], sender: Connection) -> None:
    """In the child: send ``(True, result)`` or ``(False, exception)`` and end at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the child
    try:
        answer: tuple[bool, object] = (True, function())
    except Exception as error:  # noqa: BLE001 - handed to the parent to raise
        answer = (False, error)
    try:
        sender.send(answer)
    except Exception as error:  # noqa: BLE001 - an unpicklable answer
        sender.send((False, RuntimeError(f"cannot hand the answer on: {error}")))
    sender.close()
    os._exit(0)  # no exit handlers, no waiting for the threads the call left running
