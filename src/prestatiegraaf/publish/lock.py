"""Stage 6, publish: one build at a time in an output folder, and what stopped builds left.

A build holds an exclusive lock on its output folder (``flock`` on the folder itself, so no
lock file is left behind; the system releases it when the process ends, however it ends).
While the lock is held, no other build can be writing there, so staging and parts folders
found in it were left by builds that were killed (out of memory, a CI timeout) and are
removed: at scale they hold gigabytes. Where the folder cannot be locked (no ``flock``, a
file system without locks), builds are not serialised and nothing is removed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from prestatiegraaf.errors import OutputError

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)
LEFTOVERS = (".staging-*", ".parts-*")  # the working folders of a build in its output folder
MARK = ".made-by-prestatiegraaf"  # in every working folder: only those are ever removed


def make_working_folder(out_dir: Path, prefix: str) -> Path:
    """A new working folder of this build in ``out_dir``, marked as the build's own.

    Raises:
        OSError: it cannot be made.
    """
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=out_dir))
    (folder / MARK).touch()
    return folder


@contextlib.contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold ``out_dir`` for one build; first remove what stopped builds left there.

    Raises:
        OutputError: the folder cannot be created or opened, or another build holds it.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        handle = os.open(out_dir, os.O_RDONLY)
    except OSError as exc:
        raise OutputError(f"cannot write the output folder: {exc.strerror}", path=out_dir) from exc
    try:
        if _locked(handle, out_dir):
            _remove_leftovers(out_dir)
        yield
    finally:
        os.close(handle)


def _locked(handle: int, out_dir: Path) -> bool:
    """Lock the folder open as ``handle``; False where the system cannot lock it."""
    if fcntl is None:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise OutputError(
            "another build is writing into this folder; wait until it ends "
            "or build into another one",
            path=out_dir,
        ) from None
    except OSError as exc:  # a file system without locks (some network mounts)
        log.warning("%s: cannot lock the output folder (%s); go on unlocked", out_dir, exc)
        return False
    return True


def remove_working_folder(folder: Path) -> None:
    """Remove a working folder of the build, its mark last.

    A removal that is stopped half-way leaves the mark (or an empty folder), so the next
    build still knows the folder as its own and finishes the removal.
    """
    try:
        for entry in folder.iterdir():
            if entry.name == MARK:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
        (folder / MARK).unlink(missing_ok=True)
        folder.rmdir()
    except OSError as exc:  # gone already, or not removable now: the next build tries again
        log.debug("%s: not removed: %s", folder, exc)


def own_folder(folder: Path) -> bool:
    """True for a folder the build made: it holds the mark, or nothing at all any more."""
    if not folder.is_dir() or folder.is_symlink():
        return False
    return (folder / MARK).is_file() or not any(folder.iterdir())


def _remove_leftovers(out_dir: Path) -> None:
    """Remove the working folders stopped builds left: marked ones only, never a link."""
    found = sorted(p for pattern in LEFTOVERS for p in out_dir.glob(pattern) if own_folder(p))
    for folder in found:
        remove_working_folder(folder)
    if found:
        log.info("removed %d working folders left by builds that were stopped", len(found))
