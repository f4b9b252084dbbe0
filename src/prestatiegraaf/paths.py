"""Resolving many file paths at once without walking every folder again for every file."""

from __future__ import annotations

import os
from pathlib import Path


class PathResolver:
    """``Path.resolve()`` for many paths, each folder resolved once.

    ``resolve()`` examines every component of a path; for thousands of files in a few folders
    that is most of the time spent collecting sources. A file that is not a symbolic link
    resolves to its resolved folder plus its name, so only folders need the full walk. Folders
    are remembered for the life of the resolver only: make one per batch of paths.
    """

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}  # folder as given -> resolved, both as text
        self._cwd: str | None = None  # the working folder, resolved, with a closing separator

    def __call__(self, path: Path) -> Path:
        """The absolute path with every symbolic link and ``..`` resolved."""
        return Path(self._text(path))

    def shown(self, path: Path) -> str:
        """``path`` as a user would type it: relative to the working folder when inside it."""
        if self._cwd is None:
            self._cwd = os.path.join(Path.cwd().resolve(), "")
        full = self._text(path)
        return full[len(self._cwd) :] if full.startswith(self._cwd) else str(path)

    def _text(self, path: Path) -> str:
        """The resolved path as text.

        Text is far cheaper than a ``Path`` to split, hash and join for thousands of files.
        """
        text = os.fspath(path)
        folder, name = os.path.split(text)
        if not name or name == "." or (".." in text and ".." in path.parts) or os.path.islink(text):
            return str(path.resolve())
        found = self._folders.get(folder)
        if found is None:
            found = self._folders[folder] = str(Path(folder or os.curdir).resolve())
        return os.path.join(found, name)
