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
        SourceError: an input does not exist or holds no source file.
        ManifestError: a manifest is malformed.

    """
    described: dict[Path, DocumentInfo] = {}
    given: dict[Path, Path] = {}  # resolved path -> the path as the user wrote it
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
        for path in _files(item):
            given.setdefault(resolved(path), path)
    return [(path, described.get(key)) for key, path in given.items()]


def _files(item: Path) -> list[Path]:
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
    links = [path for path in found if path.is_symlink()]
    if links:
        _refuse_links_outside(item, links)
    return found


def _refuse_links_outside(folder: Path, links: list[Path]) -> None:
    """Refuse a symbolic link in ``folder`` to a file outside it: a build reads what it was given.

    Links to folders are not searched (``rglob`` does not follow them); links to files inside
    the folder are read as any file there.

    Raises:
        SourceError: a link points outside ``folder``.

    """
    inside = folder.resolve()
    for link in links:
        target = link.resolve()
        if not target.is_relative_to(inside):
            raise SourceError(
                f"a symbolic link to a file outside the folder {folder} ({target}); expected "
                "files inside the folder, or the file itself named on the command line",
                path=link,
            )
