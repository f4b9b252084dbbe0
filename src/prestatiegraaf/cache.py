"""Build cache: a source file is only extracted and mapped again when it or the program changed.

Each entry is keyed by the SHA-256 of the file's bytes, the program fingerprint (version plus a
hash of the package's own source files, so a code change invalidates everything) and the
options that influence extraction and mapping (document, channel, encoding, base IRI). Entries
are written atomically to ``<out>/.cache/``; a damaged or foreign entry is ignored and rebuilt.

Entries are Python pickles, and unpickling runs code, so every entry is signed: an HMAC-SHA256
with a key kept outside the output folder (``$XDG_CACHE_HOME/prestatiegraaf/cache.key``, else
``~/.cache/prestatiegraaf/cache.key``, made once with mode 0600), over the pickle and the part
of the graph it goes with. An entry whose signature does not check out — planted, tampered
with, from another machine, or with its part changed — is never unpickled: it is made again.
Where the key cannot be kept, nothing is cached.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import os
import pickle
import re
import secrets
import tempfile
from functools import cache
from pathlib import Path
from typing import TypeVar

from prestatiegraaf.model import Channel, DocumentInfo
from prestatiegraaf.resources import actor_register_file, code_lists_file, ontology_file
from prestatiegraaf.version import __version__

log = logging.getLogger(__name__)
_OURS = re.compile(r"^(?:made-)?[0-9a-f]{64}$")  # the names of entries and parts
_PACKAGE = Path(__file__).resolve().parent
T = TypeVar("T")


@cache
def program_fingerprint() -> str:
    """The version and a hash of every module and data file the extraction depends on."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    for data in (actor_register_file(), code_lists_file(), ontology_file()):
        digest.update(data.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(
    path: Path,
    document: DocumentInfo | None,
    channel: Channel | None,
    encoding: str | None,
    base: str,
) -> str:
    """The key of what the build makes of ``path`` under these options.

    The path is part of the key: the facts and the graph name the file they came from, so
    two files with the same bytes are two entries.
    """
    digest = hashlib.sha256(path.read_bytes())
    options = f"|{path}|{program_fingerprint()}|{document!r}|{channel}|{encoding}|{base}"
    digest.update(options.encode())
    return digest.hexdigest()


class ExtractionCache:
    """What the build made of each file, stored by key in a folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str, kind: type[T]) -> T | None:
        """The entry stored under ``key`` if it is a ``kind``; None when absent or unreadable.

        The entry's signature covers its part of the graph too (see :func:`keep_entry`).
        """
        return read_entry(self.entry_path(key), kind, self.part_path(key))

    def part_path(self, key: str) -> Path:
        """Where the part of the graph made from the file of ``key`` is kept."""
        with contextlib.suppress(OSError):  # reported when the part cannot be written
            self.folder.mkdir(parents=True, exist_ok=True)
        return self.folder / f"{key}.nt"

    def entry_path(self, key: str) -> Path:
        """Where the entry of ``key`` is kept (a pickle, see :func:`keep_entry`)."""
        return self.folder / f"{key}.pickle"

    def prune(self, keep: set[str]) -> None:
        """Remove entries of files that are no longer part of the build.

        Only files named as the build names them are touched: anything else in the folder
        (a user's own ``notes.nt``) stays.
        """
        try:
            entries = list(os.scandir(self.folder))  # one listing: glob stats every name
        except OSError:
            return
        for entry in entries:
            stem, dot, suffix = entry.name.rpartition(".")
            if dot and suffix in ("pickle", "nt") and stem not in keep and _OURS.match(stem):
                Path(entry.path).unlink(missing_ok=True)


def read_entry(path: Path, kind: type[T], part: Path | None = None) -> T | None:
    """The entry at ``path`` if its signature checks out and it is a ``kind``; else None.

    ``part`` is the file the signature also covers (the entry's part of the graph).
    """
    try:
        stored = path.read_bytes()
        signature, data = stored[: len(_MAGIC) + 32], stored[len(_MAGIC) + 32 :]
        if not hmac.compare_digest(signature, _sign(data, part)):
            log.info("ignoring cache entry %s: its signature does not check out", path.name)
            return None
        found = pickle.loads(data)  # noqa: S301 - signed by this program (see module doc)
    except FileNotFoundError:
        return None
    except Exception:  # a damaged entry is made again, never trusted  # noqa: BLE001
        log.info("ignoring unreadable cache entry %s", path.name)
        return None
    return found if isinstance(found, kind) else None


def pickled(entry: object) -> bytes:
    """``entry`` as the cache stores it (and as it travels between processes)."""
    return pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)


def keep_entry(path: Path, data: bytes, part: Path | None = None) -> None:
    """Store the pickled entry ``data`` at ``path``, signed; a write failure only costs speed.

    The signature also covers the file ``part`` (the entry's part of the graph, already
    written), so a part changed afterwards makes the entry void.
    """
    try:
        write_atomically(path, _sign(data, part) + data)
    except (OSError, CacheKeyMissing) as error:  # an optimisation: never fail the build for it
        log.info("cache not written: %s", error)


class CacheKeyMissing(Exception):
    """The key that signs cache entries cannot be read or made."""


_MAGIC = b"pgcache1"


def _sign(data: bytes, part: Path | None) -> bytes:
    """The signature of an entry: a fixed tag and the HMAC of its data (and its part's digest).

    Raises:
        CacheKeyMissing: there is no key.
        OSError: ``part`` cannot be read.
    """
    mac = hmac.new(cache_secret(), data, hashlib.sha256)
    if part is not None:
        mac.update(hashlib.sha256(part.read_bytes()).digest())
    return _MAGIC + mac.digest()


def key_file() -> Path:
    """Where the key that signs cache entries is kept: outside every output folder."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "prestatiegraaf" / "cache.key"


@cache
def cache_secret() -> bytes:
    """The key that signs cache entries, made on first use (32 random bytes, mode 0600).

    Raises:
        CacheKeyMissing: the key can neither be read nor made.
    """
    path = key_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(handle, "wb") as out:
                out.write(secrets.token_bytes(32))
        key = path.read_bytes()
    except OSError as error:
        raise CacheKeyMissing(f"no key to sign the cache with at {path}: {error}") from error
    if len(key) < 32:
        raise CacheKeyMissing(f"the key at {path} is too short; remove it to make a new one")
    return key


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one.

    Raises:
        OSError: the file cannot be written.
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
