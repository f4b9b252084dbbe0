"""Stage 1, sources: which files a build reads, and the document a manifest says each belongs to."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from prestatiegraaf.errors import SourceError
from prestatiegraaf.model import DocumentInfo
from prestatiegraaf.paths import PathResolver
from prestatiegraaf.sources import SOURCE_SUFFIXES
from prestatiegraaf.sources.manifest import read_manifest


def collect_sources(
    inputs: Sequence[Path], manifest: Path | None = None
) -> list[tuple[Path, DocumentInfo | None]]:
    """The files to read, each with its document from a manifest where one describes it.

    Folders are searched recursively for text and markdown files; a ``manifest.csv`` in a
    folder describes the files it names. The ``manifest`` given explicitly wins.

    Raises:
        SourceError: an input does not exist or holds no source file, or a folder holds a
            symbolic link to a file outside it.
        ManifestError: a manifest is malformed.

    """
    found, refused = gather_sources(inputs, manifest)
    if refused:
        raise refused[0]
    return found


def gather_sources(
    inputs: Sequence[Path], manifest: Path | None = None
) -> tuple[list[tuple[Path, DocumentInfo | None]], list[SourceError]]:
    """:func:`collect_sources`, with the links out of a folder refused one by one.

    Returns:
        The files to read, and an error for each symbolic link in a folder to a file outside
        it (left out of the files to read, unless the file is also named itself).

    Raises:
        SourceError: an input does not exist or holds no source file.
        ManifestError: a manifest is malformed.
    """
    described: dict[Path, DocumentInfo] = {}
    given: dict[Path, Path] = {}  # resolved path -> the path as the user wrote it
    refused: list[SourceError] = []
    resolved = PathResolver()
    manifests = [manifest] if manifest else []
    for item in inputs:
        if item.is_dir() and (item / "manifest.csv").is_file():
            manifests.insert(0, item / "manifest.csv")
    for listing in manifests:
        for entry in read_manifest(listing):
            key = resolved(entry.path)
            described[key] = entry.document
            given.setdefault(key, entry.path)
    for item in inputs:
        for path in _files(item, refused):
            given.setdefault(resolved(path), path)
    refused = [e for e in refused if e.path is None or resolved(e.path) not in given]  # named too
    return [(path, described.get(key)) for key, path in given.items()], refused


def _files(item: Path, refused: list[SourceError]) -> list[Path]:
    """The source files ``item`` names; links out of a folder go to ``refused`` instead."""
    if not item.exists():
        raise SourceError("file not found", path=item)
    if item.is_file():
        return [item]
    found = sorted(
        p
        for p in item.rglob("*")
        if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES and not p.name.startswith(".")
    )
    if not found:
        raise SourceError(f"folder holds no source files ({', '.join(SOURCE_SUFFIXES)})", path=item)
    inside, kept = item.resolve(), []
    for path in found:
        error = _link_outside(item, inside, path)
        if error is None:
            kept.append(path)
        else:
            refused.append(error)
    return kept


def _link_outside(folder: Path, inside: Path, path: Path) -> SourceError | None:
    """The error for ``path`` in ``folder`` (resolved: ``inside``) if it links to a file outside.

    A build reads what it was given. Links to folders are not searched (``rglob`` does not
    follow them); links to files inside the folder are read as any file there.
    """
    if not path.is_symlink():
        return None
    target = path.resolve()
    if target.is_relative_to(inside):
        return None
    return SourceError(
        f"a symbolic link to a file outside the folder {folder} ({target}); expected "
        "files inside the folder, or the file itself named on the command line",
        path=path,
    )
