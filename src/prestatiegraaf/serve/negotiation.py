"""Content negotiation: which of the formats a resource offers an ``Accept`` header prefers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    """A format the server can write: its key, media type and other names clients use."""

    key: str
    media_type: str
    aliases: tuple[str, ...] = ()
    charset: bool = True

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header value."""
        return f"{self.media_type}; charset=utf-8" if self.charset else self.media_type


HTML = Format("html", "text/html", ("application/xhtml+xml",))
RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", ("application/json",)),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml")),
    Format("csv", "text/csv"),
    Format("tsv", "text/tab-separated-values"),
    HTML,
)
GRAPH_FORMATS = (
    Format(
        "turtle",
        "text/turtle",
        ("application/turtle", "application/x-turtle", "text/n3", "text/rdf+n3", "application/n3"),
    ),
    Format("ntriples", "application/n-triples", ("text/plain",)),
    Format("jsonld", "application/ld+json", ("application/x-json+ld", "application/json")),
    HTML,
)
# The short names a ``format`` request parameter may use (also the names SPARQLWrapper sends).
FORMAT_NAMES = {
    "json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "html": "html",
    "turtle": "turtle", "ttl": "turtle", "n3": "turtle",
    "nt": "ntriples", "ntriples": "ntriples", "n-triples": "ntriples",
    "jsonld": "jsonld", "json-ld": "jsonld",
}  # fmt: skip


def _ranges(header: str) -> list[tuple[str, float]]:
    """The media ranges of an ``Accept`` header with their quality, in the client's order."""
    ranges = []
    for part in header.split(","):
        kind, *params = (piece.strip() for piece in part.split(";"))
        if not kind:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        ranges.append((kind.lower(), quality))
    return ranges


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> tuple[float, int]:
    """The quality the most specific matching range gives ``media_type``, and its position."""
    main = media_type.split("/")[0]
    best: tuple[int, float, int] = (-1, 0.0, 0)
    for position, (kind, quality) in enumerate(ranges):
        if kind == media_type:
            specificity = 2
        elif kind == f"{main}/*":
            specificity = 1
        elif kind == "*/*":
            specificity = 0
        else:
            continue
        if specificity > best[0]:
            best = (specificity, quality, position)
    return best[1], best[2]


def choose(header: str | None, offers: Sequence[Format]) -> Format | None:
    """The format of ``offers`` that ``header`` prefers; None when it accepts none of them.

    Ties go to the range the client names first, then to the order of ``offers``; no header
    (or an empty one) accepts the first offer.
    """
    if not header or not header.strip():
        return offers[0] if offers else None
    ranges = _ranges(header)
    best: tuple[float, int, int] | None = None
    chosen = None
    for rank, offer in enumerate(offers):
        for name in (offer.media_type, *offer.aliases):
            quality, position = _quality(name, ranges)
            if quality <= 0:
                continue
            score = (quality, -position, -rank)
            if best is None or score > best:
                best, chosen = score, offer
    return chosen


def by_name(names: Sequence[str], offers: Sequence[Format]) -> Format | None:
    """The first of the ``format`` parameter values that names one of ``offers``."""
    for name in names:
        wanted = FORMAT_NAMES.get(name.strip().lower())
        for offer in offers:
            if offer.key == wanted or name.strip().lower() in (offer.media_type, *offer.aliases):
                return offer
    return None
