"""``prestatiegraaf link --review``: the decisions to review, and the reviewer's answers.

Proposed, ambiguous and unverified links are listed as a table or CSV, one row each with its
id; ``--accept ID`` (or ``ID=IRI`` to choose a candidate) and ``--reject ID`` write the
decision back to the linkset file the link came from.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from prestatiegraaf.errors import PublisherError
from prestatiegraaf.link.linkset import (
    ACCEPTED,
    AMBIGUOUS,
    NEEDS_REVIEW,
    PROPOSED,
    REJECTED,
    Link,
    read_linksets,
    write_linkset,
)

TO_REVIEW = (PROPOSED, AMBIGUOUS, NEEDS_REVIEW)
COLUMNS = ("id", "status", "subject", "object", "method", "confidence", "candidates", "note")


class ReviewError(PublisherError):
    """A review answer names no link to review, or a candidate the link does not have."""


def to_review(folder: Path) -> list[Link]:
    """The links awaiting a reviewer, by id."""
    links = [link for links in read_linksets(folder).values() for link in links]
    return sorted((link for link in links if link.status in TO_REVIEW), key=lambda link: link.id)


def _row(link: Link) -> tuple[str, ...]:
    return (link.id, link.status, link.subject, link.obj or "", link.method,
            f"{link.confidence:.2f}", " ".join(link.candidates), link.note or "")  # fmt: skip


def review_csv(links: Sequence[Link]) -> str:
    """The links as CSV with a header line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(_row(link) for link in links)
    return buffer.getvalue()


def review_table(links: Sequence[Link]) -> str:
    """The links as an aligned table (empty columns shown as ``-``)."""
    rows = [COLUMNS, *[tuple(v or "-" for v in _row(link)) for link in links]]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
             for row in rows]  # fmt: skip
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def apply_review(
    folder: Path, accept: Sequence[str], reject: Sequence[str], today: str | None = None
) -> list[Link]:
    """Accept (``ID`` or ``ID=IRI``) and reject (``ID``) links; the changed links.

    Raises:
        ReviewError: an id names no link to review, a link without an object is accepted
            without choosing one, or the chosen IRI is not one of its candidates.
    """
    day = today or date.today().isoformat()
    files = read_linksets(folder)
    where = {link.id: (path, i) for path, links in files.items() for i, link in enumerate(links)}
    answers = [(item, ACCEPTED) for item in accept] + [(item, REJECTED) for item in reject]
    changed: list[Link] = []
    for answer, status in answers:
        key, _, chosen = answer.partition("=")
        if key not in where:
            raise ReviewError(f"no link with id {key} (see prestatiegraaf link --review)")
        path, index = where[key]
        link = files[path][index]
        if link.status not in TO_REVIEW:
            raise ReviewError(f"link {key} is {link.status}, not awaiting review")
        if status == ACCEPTED and chosen and link.candidates and chosen not in link.candidates:
            raise ReviewError(f"{chosen} is not a candidate of link {key}")
        if status == ACCEPTED and not (chosen or link.obj):
            raise ReviewError(f"link {key} has no object: accept it as {key}=IRI")
        files[path][index] = link.decided(status, chosen or None, day)
        changed.append(files[path][index])
    for path in {where[item.id][0] for item in changed}:
        write_linkset(path, files[path])
    return changed
