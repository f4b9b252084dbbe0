"""The published graph kept in an on-disk store in the cache, for builds that patch it.

A build that validates the whole graph also loads it into a pyoxigraph store on disk
(``.cache/store``), next to a note of the graph it holds (the digest of the build's inputs,
:func:`.record.graph_inputs`). A later build whose graph differs in a few triples opens that
store instead of loading the whole graph into memory, applies the change, and validates again
only what the change can reach. The note is removed before the store is changed and written
again once the build is published, so a store left behind by a build that failed or was
stopped is never trusted: the next build validates in memory and makes a new one.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.cache import write_atomically
from prestatiegraaf.serialize import file_blocks

log = logging.getLogger(__name__)
STORE = "store"
NOTE = "store.holds"
MADE = "store.new"
CHUNK = 32 << 20
"""Bytes of N-Triples bulk-loaded at a time: the loader's memory grows with what it is given
(1.5M triples at once: 1.2 GB; in chunks of this size: a quarter of a GB, a sixth slower)."""


class KeptStore:
    """The on-disk store of the last published graph in the cache folder ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def open(self, inputs: str) -> ox.Store | None:
        """The kept store if it holds the graph of ``inputs``; None otherwise."""
        try:
            if (self.folder / NOTE).read_text("ascii") != inputs:
                return None
            return ox.Store(str(self.folder / STORE))
        except (OSError, UnicodeDecodeError) as exc:  # gone, unreadable, or in use
            log.info("kept store not used: %s", exc)
            return None

    def change(
        self, store: ox.Store, removed: Iterable[ox.Triple], added: Iterable[ox.Triple]
    ) -> bool:
        """Apply a change to the opened kept store; it is not trusted until :meth:`keep`.

        False when the change could not be made (the disk is full, the store is damaged):
        the store is then not to be used, and the build validates in memory instead.
        """
        # the warnings log the error's text only: a record holding the error itself would keep
        # this frame, and so the store and its lock, alive after the build has let go of it
        try:
            (self.folder / NOTE).unlink(missing_ok=True)
        except OSError as exc:  # still noted for its graph: left as it is
            log.warning("kept store not used: %s", str(exc))
            return False
        try:
            for triple in removed:
                store.remove(ox.Quad(triple.subject, triple.predicate, triple.object))
            store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in added)
            store.flush()
        except OSError as exc:  # no longer noted, so never trusted half-changed
            log.warning("kept store not used, the graph is validated in memory: %s", str(exc))
            return False
        return True

    def make(self, ntriples: Path) -> None:
        """Load the graph ``ntriples`` into a new store, kept once the build is published."""
        made = self.folder / MADE
        shutil.rmtree(made, ignore_errors=True)
        try:
            store = ox.Store(str(made))
            with ntriples.open("rb") as source:
                for chunk in file_blocks(source, CHUNK):
                    store.bulk_load(input=chunk, format=ox.RdfFormat.N_TRIPLES, lenient=True)
            store.flush()
            del store
        except OSError as exc:  # the store only saves time: the build goes on without it
            log.info("kept store not made: %s", exc)
            shutil.rmtree(made, ignore_errors=True)

    def keep(self, inputs: str) -> None:
        """Note that the store (a new one, if one was made) holds the graph of ``inputs``."""
        made = self.folder / MADE
        try:
            if made.is_dir():
                (self.folder / NOTE).unlink(missing_ok=True)
                shutil.rmtree(self.folder / STORE, ignore_errors=True)
                made.rename(self.folder / STORE)
            if (self.folder / STORE).is_dir():
                write_atomically(self.folder / NOTE, inputs.encode("ascii"))
        except OSError as exc:
            log.info("kept store not kept: %s", exc)

    def discard(self) -> None:
        """Remove a store made by a build that was not published."""
        with contextlib.suppress(OSError):
            shutil.rmtree(self.folder / MADE, ignore_errors=True)
