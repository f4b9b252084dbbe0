"""Stage 4, validate: run a query-bound call in a forked child that can be stopped.

pyoxigraph evaluates a query in native code that neither a time limit nor Ctrl-C can
interrupt. :func:`run_stoppable` therefore runs the call in a child forked from this process
(which shares the in-memory store without copying it), waits at most ``timeout`` seconds for
its answer and kills it when the time is up or the user presses Ctrl-C.

:func:`run_writing` does the same for a call that writes a large output: the child writes it
itself, as it goes, straight to the output's file descriptor, and hands back only a small
answer, so neither process holds the output in memory.
"""

from __future__ import annotations

import ctypes
import math
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from typing import Any, BinaryIO, TypeVar

from prestatiegraaf.errors import ProcessLost

Result = TypeVar("Result")

BEGUN = "begun"  # the child's notice that its output begins
CHUNK = 1 << 16
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent ends


class TimedOut(Exception):
    """The call ran longer than it was given; ``begun``: it had begun to write its output."""

    def __init__(self, begun: bool = False) -> None:
        super().__init__("timed out")
        self.begun = begun


class Stopped(KeyboardInterrupt):
    """Ctrl-C stopped the call; ``begun``: it had begun to write its output."""

    def __init__(self, begun: bool = False) -> None:
        super().__init__("interrupted")
        self.begun = begun


class WriteFailed(Exception):
    """The output cannot be written (a full disk, a closed pipe); ``error`` says why."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))
        self.error = error


class Sink:
    """In the child: unbuffered writes to a file descriptor.

    The first bytes are announced to the parent (:data:`BEGUN`) before they are written, so
    the parent knows of them before anyone can read them. A failed write is kept in ``error``
    (and raised), so that the caller can tell it from a failing query.
    """

    def __init__(self, fd: int, sender: Connection) -> None:
        self.fd = fd
        self.sender = sender
        self.written = 0
        self.begun = False
        self.error: OSError | None = None

    def write(self, data: bytes | bytearray | memoryview) -> int:
        """Write all of ``data``; the number of bytes."""
        view = memoryview(data).cast("B")
        size = len(view)
        if size and not self.begun:  # before the bytes can reach anyone
            self.sender.send(BEGUN)
            self.begun = True
        try:
            while view:
                done = os.write(self.fd, view)
                self.written += done
                view = view[done:]
        except OSError as error:
            self.error = error
            raise
        return size

    def flush(self) -> None:
        """Nothing to do: every write goes straight to the file descriptor."""


def run_stoppable(function: Callable[[], Result], timeout: float = math.inf) -> Result:
    """``function()`` in a forked child, killed after ``timeout`` seconds or on Ctrl-C.

    ``function`` must return picklable data (no pyoxigraph objects); an exception it raises
    is raised here.

    Raises:
        TimedOut: no answer within ``timeout`` seconds.
        KeyboardInterrupt: Ctrl-C while waiting (a :class:`Stopped`); the child was killed.
        ProcessLost: the child ended without an answer.
    """
    return _run(lambda _sender: function(), timeout, None, None)


def run_writing(
    function: Callable[[Sink], Result], output: BinaryIO, timeout: float = math.inf
) -> Result:
    """``function(sink)`` in a forked child that writes its output through ``sink``.

    The sink writes straight to ``output``'s file descriptor; an ``output`` without one (an
    in-memory buffer, captured output) is fed through a pipe that this process copies to it
    in chunks. ``output`` and the standard streams are flushed first, so nothing written here
    mixes with the child's output. ``function`` returns a small picklable answer.

    Raises:
        TimedOut: no answer within ``timeout`` seconds; ``begun`` tells whether part of the
            output was written.
        Stopped: Ctrl-C while waiting (a ``KeyboardInterrupt``); the child was killed.
        WriteFailed: ``output`` cannot be written here (when copied from a pipe).
        ProcessLost: the child ended without an answer.
    """
    for stream in (sys.stdout, sys.stderr, output):
        if stream is not None:
            try:
                stream.flush()
            except OSError as error:
                raise WriteFailed(error) from None
            except ValueError:  # a closed standard stream: nothing to flush
                pass
    fd = _file_descriptor(output)
    if fd is not None:
        return _run(lambda sender: function(Sink(fd, sender)), timeout, None, None)
    reader, writer = os.pipe()
    try:
        return _run(
            lambda sender: function(Sink(writer, sender)), timeout, writer, (reader, output)
        )
    finally:
        os.close(reader)


def _file_descriptor(output: BinaryIO) -> int | None:
    """The file descriptor of ``output``, or None when it has none."""
    try:
        return output.fileno()
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is both
        return None


def _run(
    function: Callable[[Connection], Result],
    timeout: float,
    writer: int | None,
    relay: tuple[int, BinaryIO] | None,
) -> Result:
    """``function(sender)`` in a forked child; ``relay``: a pipe to copy to an output."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    close = relay[0] if relay is not None else None
    child = context.Process(
        target=_answer, args=(function, sender, close, os.getpid()), daemon=True
    )
    # Ctrl-C waits until the child is known, so that it is always stopped with this process
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        child.start()
    except BaseException:
        receiver.close()
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        raise
    finally:
        sender.close()
        if writer is not None:
            os.close(writer)  # the child holds the pipe's only writing end now
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        ok, value = _wait(receiver, timeout, relay)
    except Stopped:
        raise
    except KeyboardInterrupt:
        raise Stopped() from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if ok:
        return value  # type: ignore[no-any-return]
    raise value


def _wait(
    receiver: Connection, timeout: float, relay: tuple[int, BinaryIO] | None
) -> tuple[bool, Any]:
    """The child's answer: ``(True, result)`` or ``(False, exception)``.

    Copies the relay pipe (if any) to its output until the child closes it.
    """
    deadline = time.monotonic() + timeout
    begun = False
    answer: tuple[bool, Any] | None = None
    watched: list[Connection | int] = [receiver]
    if relay is not None:
        watched.append(relay[0])
    try:
        while watched:
            left = None if math.isinf(timeout) else deadline - time.monotonic()
            ready = wait(watched, left) if left is None or left > 0 else []
            if not ready:
                raise TimedOut(_begun(receiver, begun))
            if receiver in ready:
                try:
                    message = receiver.recv()
                except EOFError:
                    raise _lost(begun) from None
                if message == BEGUN:
                    begun = True
                else:
                    answer = message
                    watched.remove(receiver)
            if relay is not None and relay[0] in ready and not _copy(*relay):
                watched.remove(relay[0])
    except KeyboardInterrupt:
        raise Stopped(_begun(receiver, begun)) from None
    if answer is None:  # pragma: no cover - the loop ends only after the answer
        raise _lost(begun)
    return answer


def _begun(receiver: Connection, begun: bool) -> bool:
    """Whether the child's output had begun, from the messages it sent and those still unread."""
    try:
        while not begun and not receiver.closed and receiver.poll(0):
            begun = receiver.recv() == BEGUN
    except (EOFError, OSError):
        pass
    return begun


def _copy(reader: int, output: BinaryIO) -> bool:
    """Copy one chunk from the pipe ``reader`` to ``output``; False at its end."""
    data = os.read(reader, CHUNK)
    if not data:
        return False
    try:
        output.write(data)
        output.flush()
    except OSError as error:
        raise WriteFailed(error) from None
    return True


def _lost(begun: bool) -> ProcessLost:
    incomplete = "; the output is incomplete" if begun else ""
    return ProcessLost(
        "the query stopped: a child process ended without an answer "
        f"(killed, most often for want of memory){incomplete}"
    )


def _answer(
    function: Callable[[Connection], object], sender: Connection, close: int | None, parent: int
) -> None:
    """In the child: send ``(True, result)`` or ``(False, exception)`` and end at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops the child
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _end_with(parent)
    if close is not None:
        os.close(close)  # the relay pipe's reading end is the parent's
    try:
        answer: tuple[bool, object] = (True, function(sender))
    except Exception as error:  # noqa: BLE001 - handed to the parent to raise
        answer = (False, error)
    try:
        sender.send(answer)
    except Exception as error:  # noqa: BLE001 - an unpicklable answer
        sender.send((False, RuntimeError(f"cannot hand the answer on: {error}")))
    sender.close()
    os._exit(0)  # no exit handlers, no waiting for the threads the call left running


def _end_with(parent: int) -> None:
    """In the child: be killed when the parent ends, however it ends (on Linux)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # no prctl: the parent's exit handler stops the child
            pass
    if os.getppid() != parent:  # the parent ended before the call above
        os._exit(1)
