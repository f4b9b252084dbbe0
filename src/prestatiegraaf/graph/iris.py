"""Stage 3, graph: stable, readable IRIs minted from identifiers in the sources.

Instances follow the Dutch URI strategy ``{base}/id/{type}/{reference}``; what one document
says of a prestatie hangs below that description's IRI, so each fact has a predictable name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prestatiegraaf.model import DocumentInfo
from prestatiegraaf.sources.normalize import slug

FIRST_COALITION_YEAR = 2011


def coalition_period(year: int | None) -> str:
    """The coalition period whose budgets cover ``year``: 2017 → ``2015-2019``.

    Provincial elections fall in 2011, 2015, 2019, 2023, ...; the first budget of a new
    coalition is that of the year after the election, so budget years 2016-2019 belong to
    the period 2015-2019.
    """
    if year is None:
        return "onbekend"
    start = FIRST_COALITION_YEAR + 4 * ((year - FIRST_COALITION_YEAR - 1) // 4)
    return f"{start}-{start + 4}"


@dataclass(frozen=True)
class IriMinter:
    """Mints every IRI of the graph under one configurable base."""

    base: str

    def _id(self, kind: str, *parts: str) -> str:
        return "/".join([self.base.rstrip("/"), "id", kind, *parts])

    def document_slug(self, info: DocumentInfo, source: Path) -> str:
        """``begroting-2017``, ``monitor-2016-ii``; for an unknown document the file's stem."""
        if info.known:
            return slug(info.title)
        return "bestand-" + slug(source.stem)

    def document(self, document_slug: str) -> str:
        """The document."""
        return self._id("document", document_slug)

    def source_file(self, document_slug: str, source: Path) -> str:
        """A source file of a document."""
        return self._id("bron", document_slug, slug(source.name))

    def prestatie(self, code: str, period: str) -> str:
        """A prestatie: one code within one coalition period."""
        return self._id("prestatie", period, code)

    def goal(self, code: str, period: str) -> str:
        """A kerntaak (``5``) or beleidsdoel (``5.2``) of a coalition period."""
        kind = "kerntaak" if "." not in code else "beleidsdoel"
        return self._id(kind, period, code)

    def goal_tree(self, period: str) -> str:
        """The concept scheme of the goals of one coalition period."""
        return self._id("doelenboom", period)

    def description(self, document_slug: str, code: str) -> str:
        """What one document says of one prestatie; its facts hang below this IRI."""
        return self._id("prestatiebeschrijving", document_slug, code)

    def actor(self, key: str) -> str:
        """A named actor from the register."""
        return self._id("organisatie", key)

    def person(self, name: str) -> str:
        """A portfolio holder."""
        return self.named("persoon", name)

    def decision(self, identifier: str) -> str:
        """A decision of Provinciale Staten, ``PS/2015/687`` → ``.../besluit/ps-2015-687``."""
        return self.named("besluit", identifier)

    def funding_source(self, key: str) -> str:
        """A funding source of the budget make-up."""
        return self._id("financieringsbron", key)

    def coalition_agreement(self, title: str) -> str:
        """A coalition agreement."""
        return self.named("coalitieakkoord", title)

    def named(self, kind: str, name: str) -> str:
        """A resource of type ``kind`` that documents name (``opgave``, ...), by its name's slug.

        A fact kind whose facts are shared resources mints their IRIs here.
        """
        return self._id(kind, slug(name))

    def dataset(self, name: str) -> str:
        """A dataset (the graph itself, or one of its data cubes)."""
        return self._id("dataset", name)
