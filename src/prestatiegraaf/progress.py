"""A one-line progress display for long builds: on a terminal only, silent in CI logs."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


class Progress:
    """Files done of total, sections and triples, redrawn at most ten times a second."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = self.stream.isatty() and not os.environ.get("CI")
        self.enabled = enabled
        self.total = total
        self.files = 0
        self.sections = 0
        self.triples: int | None = None
        self._drawn = 0.0

    def advance(self, files: int = 1, sections: int = 0) -> None:
        """Count finished files and their sections."""
        self.files += files
        self.sections += sections
        self._draw()

    def stage(self, triples: int) -> None:
        """Show the triple count once the graph is built."""
        self.triples = triples
        self._draw(force=True)

    def close(self) -> None:
        """Clear the line."""
        if self.enabled and self._drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()

    def _draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not force and now - self._drawn < 0.1 and self.files < self.total):
            return
        triples = f" · {self.triples:,} triples" if self.triples is not None else ""
        self.stream.write(
            f"\r\033[Kfiles {self.files}/{self.total} · sections {self.sections:,}{triples}"
        )
        self.stream.flush()
        self._drawn = now
