"""Stage 6, publish: output files replaced all at once, or not at all.

Files are first written into a staging folder inside the output folder; only when every one
of them is complete are they published, so a failed build leaves the previous output
untouched. A build's publication (:class:`Publication`) changes in one atomic step
(:mod:`.versions`); reports of failed builds (:func:`write_files`) are moved in place file by
file. Large files are written straight into the staging folder by the code that makes them,
so they never have to be held in memory whole.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Self

from prestatiegraaf.errors import OutputError
from prestatiegraaf.publish.lock import make_working_folder, remove_working_folder
from prestatiegraaf.publish.versions import publish_version


class Staging:
    """A staging folder for the files of one output folder.

    Use it as a context manager: files written with :meth:`write` or into :meth:`path` are
    moved into the output folder by :meth:`commit`; whatever was not committed is removed.

    Raises:
        OutputError: the output folder cannot be created or written.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.names: list[str] = []
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            self.folder = make_working_folder(out_dir, ".staging-")
        except OSError as exc:
            raise OutputError(
                f"cannot write the output folder: {exc.strerror}", path=out_dir
            ) from exc

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.folder.exists():  # not published (a version moves it away)
            remove_working_folder(self.folder)

    def path(self, name: str) -> Path:
        """Where to write the file ``name``; it is published with the others."""
        if name not in self.names:
            self.names.append(name)
        return self.folder / name

    def write(self, name: str, data: bytes) -> None:
        """Stage the file ``name`` with ``data``."""
        target = self.path(name)
        try:
            target.write_bytes(data)
        except OSError as exc:
            raise OutputError(f"cannot write {name}: {exc.strerror}", path=self.out_dir) from exc

    def commit(self) -> list[Path]:
        """Move every staged file into the output folder; returns their paths."""
        written: list[Path] = []
        try:
            for name in self.names:
                os.replace(self.folder / name, self.out_dir / name)
                written.append(self.out_dir / name)
        except OSError as exc:
            raise OutputError(
                f"cannot write {exc.filename}: {exc.strerror}", path=self.out_dir
            ) from exc
        return written


class Publication(Staging):
    """The staging folder of a build's publication: every file changes in one atomic step.

    Files of the previous publication that the build keeps as they are are carried over
    with :meth:`keep`; :meth:`commit` publishes the folder as a new version
    (:func:`~prestatiegraaf.publish.versions.publish_version`).
    """

    def __init__(self, out_dir: Path) -> None:
        super().__init__(out_dir)
        self.kept: list[str] = []

    def keep(self, name: str) -> None:
        """Carry the published file ``name`` over into this publication unchanged.

        Raises:
            OutputError: the file is gone or cannot be linked or copied.
        """
        source, target = (self.out_dir / name).resolve(), self.folder / name
        try:
            try:
                os.link(source, target)  # the same file: same size and modification time
            except OSError:
                shutil.copy2(source, target)
        except OSError as exc:
            raise OutputError(f"cannot keep {name}: {exc.strerror}", path=self.out_dir) from exc
        self.kept.append(name)

    def commit(self) -> list[Path]:
        """Publish the staged and kept files together; returns the paths of the staged ones."""
        publish_version(self.out_dir, self.folder, self.names + self.kept)
        return [self.out_dir / name for name in self.names]


def write_files(
    files: Mapping[str, bytes] | Iterable[tuple[str, bytes]], out_dir: Path
) -> list[Path]:
    """Write every file of ``files`` (name → bytes) into ``out_dir``, all or none.

    ``files`` may be produced lazily: each file is written as soon as it is made.

    Raises:
        OutputError: ``out_dir`` cannot be created or written.

    """
    items = files.items() if isinstance(files, Mapping) else files
    with Staging(out_dir) as staging:
        for name, data in items:
            staging.write(name, data)
            del data
        return staging.commit()
