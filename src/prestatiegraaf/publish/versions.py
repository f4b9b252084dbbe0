"""Stage 6, publish: a build's files change together, in one atomic step, or not at all.

Every publication is a folder of its own, ``.published/<version>`` inside the output folder,
named by a digest of its files (so the same files give the same name, and an unchanged
publication leaves the folder as it was). The link ``current`` points at the published
version, and each published name in the output folder (``prestaties.ttl``, ``report.txt``,
...) is a link to ``current/<name>``. Publishing is one ``rename`` of a new link over
``current``: a reader, or a build killed at any moment, sees either every file of the previous
publication or every file of the new one, never a mix.

The order of the steps keeps that true when a build is killed between any two of them:

1. the complete new version is made durable and moved to ``.published/<version>``;
2. links are made for names the new version adds (they lead nowhere until step 3);
3. ``current`` is switched (the atomic step);
4. links to names the new version dropped and the previous versions are removed.

An output folder from before versions (regular files) is first moved into a version of its
own, then its files are replaced by links one by one; each link shows the same file as the
regular file did, so that step, too, can be interrupted anywhere. Only folders holding the
build's mark and links the build made (``current/<name>``) are ever removed.
"""

from __future__ import annotations

import filecmp
import hashlib
import logging
import os
import secrets
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from prestatiegraaf.errors import OutputError
from prestatiegraaf.publish.lock import MARK, own_folder, remove_working_folder

log = logging.getLogger(__name__)
VERSIONS = ".published"  # the versions, one folder each
CURRENT = "current"  # the link to the published version
TEMPORARY_LINKS = (".current-*", ".link-*")  # links made, then renamed into place


def publish_version(out_dir: Path, staged: Path, names: Sequence[str]) -> str:
    """Publish the complete folder ``staged`` (holding ``names``) as ``out_dir``'s files.

    ``staged`` is moved away (or removed when its files are already the published ones).
    Returns the name of the published version.

    Raises:
        OutputError: the output folder cannot be written, or holds a file or folder of its
            own where the build needs a link.
    """
    try:
        version = version_name(staged, names)
        versions = out_dir / VERSIONS
        versions.mkdir(exist_ok=True)
        _adopt_regular_files(out_dir, names)
        if current_version(out_dir) == version:
            version = _complete(versions / version, staged, names)
        if current_version(out_dir) != version:
            _make_durable(staged, names)
            target = versions / version
            if target.exists():  # left by a build that stopped before switching to it
                _remove_version(target)
            os.chmod(staged, 0o755)  # made private while it was written; readable once published
            os.rename(staged, target)
            _sync_folder(versions)
        else:
            remove_working_folder(staged)
        _link_names(out_dir, names)
        _switch(out_dir, version)
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else out_dir
        raise OutputError(f"cannot publish: {exc.strerror or exc}", path=where) from exc
    try:
        _remove_stale(out_dir, names, version)
    except OSError as exc:  # published all the same; the next build tries again
        log.warning("%s: the previous version was not removed: %s", out_dir, exc)
    return version


def version_name(folder: Path, names: Iterable[str]) -> str:
    """A digest of the files ``names`` in ``folder``: their names and contents."""
    digest = hashlib.sha256()
    for name in sorted(names):
        with (folder / name).open("rb") as handle:
            content = hashlib.file_digest(handle, "sha256").digest()
        digest.update(name.encode() + b"\0" + content)
    return digest.hexdigest()[:20]


def _complete(published: Path, staged: Path, names: Iterable[str]) -> str:
    """The name to publish ``staged`` under when the published version has its name.

    The name says the contents are the same; the published folder may still lack files (a
    copy of the example output holds only the main file) or hold edited ones. Lacking files
    are moved in (the files there are the same, and the new names are not linked yet); when a
    file differs, the staged folder gets a name of its own.
    """
    wanted = set(names)
    found = {p.name for p in published.iterdir() if p.name != MARK}
    same = found <= wanted and all(
        filecmp.cmp(published / name, staged / name, shallow=False) for name in found
    )
    if not same:  # the published files were edited
        return f"{published.name}-{secrets.token_hex(4)}"
    missing = sorted(wanted - found)
    _make_durable(staged, missing)
    for name in missing:
        os.rename(staged / name, published / name)
    _sync_folder(published)
    return published.name


def current_version(out_dir: Path) -> str | None:
    """The name of the version ``current`` points at, or None when there is none."""
    try:
        target = os.readlink(out_dir / CURRENT)
    except OSError:
        return None
    parent, _, name = target.rpartition("/")
    return name if parent == VERSIONS and (out_dir / VERSIONS / name).is_dir() else None


def published_names(out_dir: Path) -> list[str]:
    """The names of the files of the published version (empty when there is none)."""
    version = current_version(out_dir)
    if version is None:
        return []
    return sorted(p.name for p in (out_dir / VERSIONS / version).iterdir() if p.name != MARK)


def _make_durable(folder: Path, names: Iterable[str]) -> None:
    """Flush the files of ``folder`` to disk before they are published."""
    for name in names:
        handle = os.open(folder / name, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Flush the entries of ``folder`` (renames, new links) to disk, where the system can."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:  # some file systems cannot sync a folder
        pass
    finally:
        os.close(handle)


def _adopt_regular_files(out_dir: Path, names: Sequence[str]) -> None:
    """Turn the regular files of a folder from before versions into a version of their own.

    Only when nothing is published as a version yet: the files named ``names`` are linked
    into a marked version folder, ``current`` is pointed at it and each file is then
    replaced by its link, which shows the same file.
    """
    if current_version(out_dir) is not None:
        return
    regular = [n for n in names if (out_dir / n).is_file() and not (out_dir / n).is_symlink()]
    if not regular:
        return
    folder = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    (folder / MARK).touch()
    for name in regular:
        os.link(out_dir / name, folder / name)
    version = version_name(folder, regular)
    os.chmod(folder, 0o755)
    target = out_dir / VERSIONS / version
    if target.exists():
        _remove_version(target)
    os.rename(folder, target)
    _switch(out_dir, version)
    _link_names(out_dir, regular, replace_files=True)
    log.info("moved %d published files into %s/%s", len(regular), VERSIONS, version)


def _link_names(out_dir: Path, names: Iterable[str], *, replace_files: bool = False) -> None:
    """Make each of ``names`` in ``out_dir`` a link to ``current/<name>``.

    A regular file in the way is replaced only with ``replace_files`` (the build's own
    files, see :func:`_adopt_regular_files`) or when it is a file the build publishes
    under that name anyway; a folder in the way is an error.
    """
    for name in names:
        path = out_dir / name
        wanted = f"{CURRENT}/{name}"
        if path.is_symlink() and os.readlink(path) == wanted:
            continue
        if path.is_dir() and not path.is_symlink():
            raise OutputError(
                f"the output folder holds a folder named {name!r}; the build publishes a file "
                "by that name: move the folder away",
                path=path,
            )
        _replace_with_link(out_dir, wanted, path)
    _sync_folder(out_dir)


def _switch(out_dir: Path, version: str) -> None:
    """Point ``current`` at ``version``: the one step that publishes."""
    path = out_dir / CURRENT
    wanted = f"{VERSIONS}/{version}"
    if path.is_symlink() and os.readlink(path) == wanted:
        return
    if path.exists() and not path.is_symlink():
        raise OutputError(
            f"the output folder holds its own {CURRENT!r}; the build keeps a link by that "
            "name to the published files: move it away",
            path=path,
        )
    _replace_with_link(out_dir, wanted, path, prefix=".current-")
    _sync_folder(out_dir)


def _replace_with_link(out_dir: Path, target: str, path: Path, prefix: str = ".link-") -> None:
    """Replace ``path`` by a link to ``target`` in one rename (a link made beside it first)."""
    temporary = out_dir / f"{prefix}{secrets.token_hex(8)}"
    os.symlink(target, temporary)
    try:
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def _remove_stale(out_dir: Path, names: Sequence[str], version: str) -> None:
    """Remove what the published version no longer needs.

    Links to names it dropped, links left by a stopped build and previous versions go;
    anything without the build's mark stays.
    """
    kept = set(names)
    for path in out_dir.iterdir():
        if not path.is_symlink():
            continue
        target = os.readlink(path)
        made = any(path.match(pattern) for pattern in TEMPORARY_LINKS)
        stale = target == f"{CURRENT}/{path.name}" and path.name not in kept
        if made or stale:
            path.unlink(missing_ok=True)
    for folder in (out_dir / VERSIONS).iterdir():
        if folder.name != version:
            _remove_version(folder)


def _remove_version(folder: Path) -> None:
    """Remove a version folder the build made (see :func:`..lock.remove_working_folder`)."""
    if own_folder(folder):
        remove_working_folder(folder)
    else:
        log.warning("%s: not made by a build; left alone", folder)
