"""Where each IRI of the graph is shown: the mapping between resource IRIs and site paths.

Resources are minted under ``{base}/id/…`` and the ontology's terms under
``https://w3id.org/prestatiegraaf/def#…``. A site (the server, or a folder of static pages)
shows them at ``{root}id/…`` and ``{root}def#…``, so that browsing stays on the site
wherever it runs. Links are written relative to a configurable ``root``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote

from prestatiegraaf.namespaces import DEFAULT_BASE

_SAFE = "/:@!$&'()*+,;=-._~%"
ONTOLOGY_PATH = "def"


@dataclass(frozen=True)
class Site:
    """The IRI base of the graph and the root path of the site that shows it.

    Attributes:
        base: the base IRI resources were minted under (the build's ``--base``).
        root: the path every site link starts with: ``/`` on a server, a relative path such
            as ``../../`` in a static page.
        page_suffix: appended to the path of every resource page (``.html`` for static files).
        endpoint: whether the site has a SPARQL endpoint and query form to link to.
        index: appended to a link that ends in a folder (the home page, a namespace):
            ``index.html`` for static files, which a browser opens from disk as well.
    """

    base: str = DEFAULT_BASE
    root: str = "/"
    page_suffix: str = ""
    endpoint: bool = True
    index: str = ""

    @property
    def bases(self) -> tuple[str, ...]:
        """The IRI bases shown on this site: the graph's, and the default one of shared terms."""
        own = self.base.rstrip("/")
        return (own,) if own == DEFAULT_BASE else (own, DEFAULT_BASE)

    def path_of(self, iri: str) -> str | None:
        """The site path of ``iri`` (``id/prestatie/…``, ``def#Actie``), None if not shown here."""
        for base in self.bases:
            if iri.startswith(base + "/id/") and len(iri) > len(base) + 4:
                return iri[len(base) + 1 :]
            rest = iri[len(base) :]
            if iri.startswith(base) and (rest == "/def" or rest.startswith("/def#")):
                return rest[1:]
        return None

    def href(self, iri: str) -> str | None:
        """Where a link to ``iri`` points.

        Its page on this site; the IRI itself for other ``http(s)`` IRIs; None for any other
        scheme, which is never a link (``javascript:``, ``data:``).
        """
        path = self.path_of(iri)
        if path is not None:
            return self.link(path, page=True)
        if iri.startswith(("http://", "https://")):
            return quote(iri, safe=_SAFE + "#?")
        return None

    def link(self, path: str, *, page: bool = False) -> str:
        """A link to the site path ``path`` (``sparql``, ``id/…``, ``def#Actie``, ``""``: home).

        With ``page`` the path is a page: a resource or the ontology, which get the page suffix.
        """
        name, hash_, fragment = path.partition("#")
        if not name or name.endswith("/"):
            name += self.index
        elif page and self.page_suffix and (name.startswith("id/") or name == ONTOLOGY_PATH):
            name += self.page_suffix
        target = quote(name, safe=_SAFE) + (hash_ + quote(fragment, safe=_SAFE) if hash_ else "")
        return self.root + target

    def iris_at(self, path: str) -> list[str]:
        """The IRIs a request path (without the root, as received) may name, best first."""
        candidates = [path]
        decoded = unquote(path)
        if decoded != path:
            candidates.append(decoded)
        return [base + "/" + name for name in candidates for base in self.bases]
