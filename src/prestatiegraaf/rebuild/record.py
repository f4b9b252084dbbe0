"""What the last build published, so that a build whose graph did not change can keep it.

After a build has published its graph, a record in the cache folder notes a digest of
everything the graph files depend on (each part of the graph, the program, the options, the
shapes) and the size and modification time of every graph file it wrote. A later build that
arrives at the same digest, and finds those files as it left them, keeps them instead of
merging, validating and writing the graph again. Any doubt means a full build: a record that
is missing, unreadable, or from another program, or a file that was touched since.

The record also names the stored parts the graph was merged from and counts the lines that
more than one part holds, so that a build in which only a few parts changed can patch the
files instead of writing them again (:mod:`.patch`).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from prestatiegraaf.cache import keep_entry, pickled, program_fingerprint, read_entry
from prestatiegraaf.validate.result import ValidationResult

RECORD_NAME = "published-graph.record"


@dataclass(frozen=True)
class PublishedGraph:
    """The graph files a build published, and what they were made from."""

    inputs: str  # see :func:`graph_inputs`
    triples: int
    files: tuple[tuple[str, int, int], ...]  # name, size in bytes, modification time in ns
    validation: ValidationResult | None
    settings: str = ""  # see :func:`settings_digest`
    parts: tuple[str, ...] = ()  # the file names of the stored parts, when all were stored
    shared: dict[bytes, int] | None = None  # lines in more than one part, and in how many

    def still_in(self, out_dir: Path) -> bool:
        """True when every recorded file is in ``out_dir`` as the build left it."""
        for name, size, modified in self.files:
            try:
                found = (out_dir / name).stat()
            except OSError:
                return False
            if (found.st_size, found.st_mtime_ns) != (size, modified):
                return False
        return True

    @property
    def names(self) -> list[str]:
        """The names of the recorded files, in the order they were published."""
        return [name for name, _, _ in self.files]


def graph_inputs(parts: Sequence[Path], stored: Path, settings: str) -> str:
    """A digest of what the graph files are made of.

    Args:
        parts: the parts of the graph, in the order they are merged. A part kept in the
            ``stored`` folder is named by its content (the cache key of its source), so its
            name stands for it; any other part counts by its bytes.
        stored: the cache folder.
        settings: the digest of everything else the files depend on (program, options,
            shapes, versions; see :func:`settings_digest`).
    """
    digest = hashlib.sha256(settings.encode())
    for part in parts:
        digest.update(b"\x01")
        digest.update(part.name.encode() if part.parent == stored else _file_digest(part))
    return digest.hexdigest()


def settings_digest(settings: Iterable[str]) -> str:
    """A digest of the program and of ``settings`` (see :func:`graph_inputs`)."""
    digest = hashlib.sha256(program_fingerprint().encode())
    for setting in settings:
        digest.update(b"\x00" + setting.encode())
    return digest.hexdigest()


def files_digest(files: Iterable[Path]) -> str:
    """A digest of the names and bytes of ``files`` (such as the shapes)."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\x00" + _file_digest(path))
    return digest.hexdigest()


def _file_digest(path: Path) -> bytes:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").digest()


def published_graph(
    inputs: str,
    triples: int,
    out_dir: Path,
    names: Sequence[str],
    validation: ValidationResult | None,
    *,
    settings: str = "",
    parts: tuple[str, ...] = (),
    shared: dict[bytes, int] | None = None,
) -> PublishedGraph:
    """The record of the files ``names`` just published in ``out_dir``.

    Args:
        inputs: the digest of :func:`graph_inputs`.
        triples: the triples of the graph.
        out_dir: the output folder.
        names: the files of the graph and its validation reports.
        validation: the findings.
        settings: the digest of :func:`settings_digest`.
        parts: the names of the stored parts the graph was merged from, when every part was
            stored (the files can then be patched by a later build).
        shared: the lines in more than one part and their counts, likewise.

    Raises:
        OSError: a file cannot be found.
    """
    stats = [(name, (out_dir / name).stat()) for name in names]
    files = tuple((name, found.st_size, found.st_mtime_ns) for name, found in stats)
    return PublishedGraph(inputs, triples, files, validation, settings, parts, shared)


def read_record(folder: Path) -> PublishedGraph | None:
    """The record kept in ``folder``; None when there is none or it cannot be trusted."""
    record = read_entry(folder / RECORD_NAME, PublishedGraph)
    if record is None or not all(hasattr(record, field.name) for field in fields(record)):
        return None  # kept by a version of the program without some of the fields
    return record


def keep_record(folder: Path, record: PublishedGraph) -> None:
    """Keep ``record`` in ``folder``; failing to only costs the next build its shortcut."""
    with contextlib.suppress(OSError):  # reported by keep_entry when the file is written
        folder.mkdir(parents=True, exist_ok=True)
    keep_entry(folder / RECORD_NAME, pickled(record))


def forget_record(folder: Path) -> None:
    """Remove the record in ``folder``: the files it describes are about to be replaced.

    Raises:
        OSError: the record exists and cannot be removed (the build must not go on then, or
            a later build could keep files this one is replacing).
    """
    with contextlib.suppress(FileNotFoundError):
        (folder / RECORD_NAME).unlink()
