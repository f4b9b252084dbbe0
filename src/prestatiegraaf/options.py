"""What a build is asked to do, and the settings besides its inputs that its output depends on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.file_limits import FileLimits
from prestatiegraaf.model import Channel
from prestatiegraaf.namespaces import DEFAULT_BASE
from prestatiegraaf.rebuild.record import files_digest
from prestatiegraaf.resources import shapes_dir
from prestatiegraaf.validate.result import Severity
from prestatiegraaf.validate.shapes import shape_files


@dataclass(frozen=True)
class BuildOptions:
    """What to build and how."""

    inputs: tuple[Path, ...] = ()
    manifest: Path | None = None
    out_dir: Path = Path("output")
    base: str = DEFAULT_BASE
    channel: Channel | None = None
    encoding: str | None = None  # None: UTF-8 for text, the page's own charset for HTML
    validate: bool = True
    keep_going: bool = False
    workers: int | None = None  # None: every core this process may use
    cache: bool = True
    shapes: Path | None = None
    fail_on: Severity = Severity.VIOLATION
    quarantine: bool = False  # publish the descriptions that conform, leave out the others
    limits: FileLimits = FileLimits()  # the time and memory one file may take
    links: Path | None = None  # the linksets whose accepted links are published (default links/)

    @property
    def failed_folder(self) -> Path:
        """Where a build that publishes nothing writes its reports, beside the published ones."""
        return self.out_dir / "failed-build"

    @property
    def cache_folder(self) -> Path:
        """Where the build keeps what it made of each file, and the record of its last graph."""
        return self.out_dir / ".cache"

    def settings(self) -> list[str]:
        """Everything besides the parts that the graph files and their validation depend on."""
        settings = [self.base, f"pyoxigraph {ox.__version__}", f"validate {self.validate}"]
        if self.validate:
            shapes = shape_files(self.shapes or shapes_dir())
            settings += [f"fail on {self.fail_on.value}", files_digest(shapes)]
        return settings
