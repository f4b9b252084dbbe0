"""Stage 6, publish: output files replaced all at once, or not at all.

Files are first written into a staging folder inside the output folder; only when every one
of them is complete are they moved in place (an atomic rename each), so a failed build leaves
the previous output untouched. Large files are written straight into the staging folder by
the code that makes them, so they never have to be held in memory whole.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType

from prestatiegraaf.errors import OutputError
from prestatiegraaf.publish.lock import make_working_folder


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

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

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
