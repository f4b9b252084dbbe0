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
        self._folders: dict[Path, Path] = {}
        self._cwd: str | None = None  # the working folder, resolved, with a closing separator

    def __call__(self, path: Path) -> Path:
        """The absolute path with every symbolic link and ``..`` resolved."""
        if ".." in path.parts or not path.name or os.path.islink(path):
            return path.resolve()
        folder = path.parent
        found = self._folders.get(folder)
        if found is None:
            found = self._folders[folder] = folder.resolve()
        return found / path.name

    def shown(self, path: Path) -> str:
        """``path`` as a user would type it: relative to the working folder when inside it."""
        if self._cwd is None:
            self._cwd = os.path.join(Path.cwd().resolve(), "")
        full = str(self(path))
        return full[len(self._cwd) :] if full.startswith(self._cwd) else str(path)
