"""Subject blocks of the graph files: found by subject, and replaced without rewriting the rest.

Every graph file lists the subjects in the order of their IRIs (see :mod:`..serialize`) and
writes the statements of one subject as one block that depends on nothing around it: a run of
lines in N-Triples, a paragraph in Turtle and TriG, a node object in JSON-LD. So a file can be
searched by subject like a sorted list, and a graph that changed in a few subjects is written
by copying the old file around the new blocks of those subjects.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from prestatiegraaf.namespaces import PREFIXES

_PREFIXES = {name.encode(): iri.encode() for name, iri in PREFIXES.items()}
_NODE = b'{"@id":"'


class BlocksUnclear(ValueError):
    """A file does not have the layout of its format, so its blocks cannot be found."""


class Data(Protocol):
    """The bytes of a file: ``bytes`` or an ``mmap``."""

    def __len__(self) -> int: ...
    def __getitem__(self, index: slice, /) -> bytes: ...
    def find(self, sub: bytes, start: int = ..., end: int = ..., /) -> int:
        """Where ``sub`` first occurs from ``start`` to ``end``; -1 if nowhere."""


class Blocks:
    """The subject blocks of one format, in a file's bytes ``data``."""

    separator = b""  # between two blocks
    mark = b"\n"  # where one block ends and the next begins ...
    offset = 1  # ... which starts this many bytes after the mark

    def body(self, data: Data) -> tuple[int, int]:
        """Where the blocks begin and end (header and footer are outside)."""
        return 0, len(data)

    def subject(self, data: Data, start: int) -> bytes:
        """The IRI of the subject of the block at ``start``."""
        raise NotImplementedError

    def start_from(self, data: Data, at: int, begin: int, end: int) -> int:
        """The first block start at or after ``at`` (``end`` if none)."""
        if at <= begin:
            return begin
        found = data.find(self.mark, max(at - self.offset, begin), end)
        return end if found < 0 else found + self.offset

    def end_of(self, data: Data, start: int, end: int) -> int:
        """Where the block at ``start`` ends (before the separator)."""
        found = data.find(self.mark, start, end)
        return end if found < 0 else found + self.offset - len(self.separator)

    def find(self, data: Data, subject: bytes, low: int, body: tuple[int, int]) -> int:
        """The first block at or after ``low`` whose subject is not before ``subject``.

        A binary search over byte positions: the first block start at or after a position
        grows with the position, and the subjects with the blocks.
        """
        begin, end = body
        high = end
        while low < high:
            middle = (low + high) // 2
            start = self.start_from(data, middle, begin, end)
            if start < end and self.subject(data, start) < subject:
                low = start + 1
            else:
                high = middle
        return self.start_from(data, low, begin, end)

    def blocks(self, data: Data) -> Iterator[tuple[bytes, bytes]]:
        """Each subject and its block, in the order of the file."""
        begin, end = self.body(data)
        at = begin
        while at < end:
            stop = self.end_of(data, at, end)
            yield self.subject(data, at), data[at:stop]
            at = stop + len(self.separator) if stop < end else end

    def spliced(
        self, data: Data, new: Iterable[tuple[bytes, bytes | None]]
    ) -> Iterator[bytes | slice]:
        """``data`` with the block of each subject in ``new`` replaced, added or dropped.

        Args:
            data: the file as it was.
            new: subjects in the file's order, each with its new block (None: no block).

        Yields:
            New bytes, and slices of ``data`` kept as they were (see :func:`assembled`).

        Raises:
            BlocksUnclear: ``data`` is not laid out as this format promises.
        """
        begin, end = self.body(data)
        yield slice(0, begin)
        cursor, wrote = begin, False
        for subject, block in new:
            at = self.find(data, subject, cursor, (begin, end))
            if at > cursor:
                if wrote:
                    yield self.separator
                yield slice(cursor, at - len(self.separator) if at < end else end)
                wrote = True
            cursor = at
            if at < end and self.subject(data, at) == subject:
                stop = self.end_of(data, at, end)
                cursor = stop + len(self.separator) if stop < end else end
            if block:
                yield self.separator + block if wrote else block
                wrote = True
        if cursor < end:
            if wrote:
                yield self.separator
            yield slice(cursor, end)
            wrote = True
        if not wrote:
            raise BlocksUnclear("no statements would be left")
        yield slice(end, len(data))


def assembled(data: Data, pieces: Iterable[bytes | slice]) -> bytes:
    """The bytes of :meth:`Blocks.spliced` in memory."""
    return b"".join(piece if isinstance(piece, bytes) else data[piece] for piece in pieces)


class NTriplesBlocks(Blocks):
    """N-Triples: a block is the run of lines of one subject."""

    def subject(self, data: Data, start: int) -> bytes:
        """The subject of the line at ``start``."""
        if data[start : start + 1] != b"<":
            raise BlocksUnclear(f"no subject IRI at byte {start}")
        stop = data.find(b"> ", start)
        if stop < 0:
            raise BlocksUnclear(f"no subject IRI at byte {start}")
        return data[start + 1 : stop]

    def end_of(self, data: Data, start: int, end: int) -> int:
        """The start of the first line after ``start`` with another subject (or ``end``)."""
        subject = self.subject(data, start)
        at = start
        while at < end and self.subject(data, at) == subject:
            line_end = data.find(b"\n", at, end)
            at = end if line_end < 0 else line_end + 1
        return at

    def start_from(self, data: Data, at: int, begin: int, end: int) -> int:
        """The first line at or after ``at``: the binary search runs over lines."""
        if at <= begin or data[at - 1 : at] == b"\n":
            return at
        found = data.find(b"\n", at, end)
        return end if found < 0 else found + 1


class TurtleBlocks(Blocks):
    """Turtle: a block is a paragraph; a blank line separates subjects."""

    separator = b"\n"
    mark = b"\n\n"
    offset = 2
    indent = b""

    def body(self, data: Data) -> tuple[int, int]:
        """The paragraphs after the prefixes."""
        header = data.find(b"\n\n")  # the prefixes end at the first blank line
        if header < 0:
            raise BlocksUnclear("no statements after the prefixes")
        return header + 2, len(data)

    def subject(self, data: Data, start: int) -> bytes:
        """The first term of the paragraph, an IRI or a name with one of the fixed prefixes."""
        begin = start + len(self.indent)
        stop = data.find(b" ", begin, begin + 4096)
        token = data[begin:stop] if stop > begin else b""
        if b"\\" in token or data[start:begin] != self.indent:
            raise BlocksUnclear(f"no plain subject at byte {start}")
        if token.startswith(b"<") and token.endswith(b">"):
            return token[1:-1]
        prefix, colon, local = token.partition(b":")
        if not colon or prefix not in _PREFIXES:
            raise BlocksUnclear(f"no known subject at byte {start}")
        return _PREFIXES[prefix] + local


class TrigBlocks(TurtleBlocks):
    """TriG as this program writes it: the Turtle paragraphs, indented, in one graph."""

    indent = b"\t"

    def body(self, data: Data) -> tuple[int, int]:
        """The paragraphs inside the graph block."""
        prefixes, _ = super().body(data)
        opening = data.find(b" {\n", prefixes)
        if opening < 0 or data[len(data) - 2 : len(data)] != b"}\n":
            raise BlocksUnclear("no graph block")
        return opening + 3, len(data) - 2


class JsonLdBlocks(Blocks):
    """JSON-LD as :mod:`..publish.jsonld` writes it: a block is the node object of a subject.

    The context comes first; in ``"@graph"`` every node object is one line (a JSON string
    holds no line break), so a comma and a line break only occur between two of them.
    """

    separator = b",\n"
    mark = b",\n"
    offset = 2
    opening = b'\n"@graph": [\n'
    closing = b"\n]}\n"

    def body(self, data: Data) -> tuple[int, int]:
        """The node objects inside ``"@graph"``."""
        opening = data.find(self.opening)
        end = len(data) - len(self.closing)
        if opening < 0 or end < opening + len(self.opening) or data[end:] != self.closing:
            raise BlocksUnclear("not a JSON-LD document with one node object a line in @graph")
        return opening + len(self.opening), end

    def subject(self, data: Data, start: int) -> bytes:
        """The ``@id`` of the node object at ``start``."""
        if data[start : start + len(_NODE)] != _NODE:
            raise BlocksUnclear(f"no node object at byte {start}")
        begin = start + len(_NODE)
        stop = data.find(b'"', begin)
        iri = data[begin:stop] if stop > begin else b"\\"
        if b"\\" in iri:
            raise BlocksUnclear(f"no plain subject at byte {start}")
        return iri


BLOCKS: dict[str, Blocks] = {
    "nt": NTriplesBlocks(),
    "ttl": TurtleBlocks(),
    "trig": TrigBlocks(),
    "jsonld": JsonLdBlocks(),
}
"""The blocks of each graph file, by suffix."""
