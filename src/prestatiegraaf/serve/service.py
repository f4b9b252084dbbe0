"""What the server holds while it runs.

The graph, loaded once and only read, and what is made of it once: the home page, the
ontology page, the example queries.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.errors import PublisherError, SourceError
from prestatiegraaf.graph.store import load_data
from prestatiegraaf.namespaces import DEFAULT_BASE
from prestatiegraaf.resources import ontology_file, queries_dir
from prestatiegraaf.serve.home import DUMPS, Example, example_queries, render_home
from prestatiegraaf.serve.ontology_page import load_ontology, render_ontology
from prestatiegraaf.serve.query_runner import Limits, QueryRunner
from prestatiegraaf.serve.site import Site
from prestatiegraaf.serve.views import Context

STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


class ServeError(PublisherError):
    """The server cannot start: an unusable folder, base or address."""


@dataclass(frozen=True)
class Settings:
    """What ``prestatiegraaf serve`` is asked to do."""

    data: Path = Path("output")
    host: str = "127.0.0.1"
    port: int = 8000
    base: str | None = None
    limits: Limits = field(default_factory=Limits)
    workers: int | None = None
    access_log: bool = True


@dataclass
class Service:
    """The loaded graph and everything the requests read from it."""

    settings: Settings
    store: ox.Store
    context: Context
    ontology: Context
    runner: QueryRunner
    examples: list[Example]
    dumps: list[str]
    graphs: frozenset[str]
    triples: int
    home_page: str = ""
    ontology_page: str = ""
    static: dict[str, tuple[bytes, str]] = field(default_factory=dict)

    @property
    def site(self) -> Site:
        """The site the pages are made for."""
        return self.context.site


def detect_base(store: ox.Store, given: str | None) -> str:
    """The base IRI of the graph's resources: ``given``, or read from the dataset's IRI.

    Raises:
        ServeError: no resource of the graph has an IRI under the base.
    """
    if given is None:
        found = store.query(
            "SELECT ?d WHERE { ?d a <http://www.w3.org/ns/dcat#Dataset> } ORDER BY ?d LIMIT 1"
        )
        assert isinstance(found, ox.QuerySolutions)
        for row in found:
            iri = row[0].value if isinstance(row[0], ox.NamedNode) else ""
            if "/id/dataset/" in iri:
                return iri.split("/id/dataset/")[0]
        given = DEFAULT_BASE
    base = given.rstrip("/")
    probe = store.query(f'ASK {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{base}/id/")) }}')
    if not probe:
        raise ServeError(
            f"no resource of the graph has an IRI under --base {base}; "
            "give the base the graph was built with"
        )
    return base


def graph_files(data: Path) -> list[Path]:
    """The files served of ``data``.

    A build folder's graph and dataset description; any other folder's Turtle files; a file
    as it is.
    """
    main = data / "prestaties.ttl"
    if data.is_dir() and main.is_file():
        extra = ("dataset.ttl", "indicators.ttl")  # the description; measured values, if imported
        return [main] + [data / name for name in extra if (data / name).is_file()]
    return [data]


def load_service(settings: Settings) -> Service:
    """Load the graph of ``settings.data`` and make what the requests need.

    Raises:
        SourceError: the folder is missing, holds no Turtle file or invalid RDF.
        ServeError: the graph is empty or has nothing under the base.
    """
    store = load_data(graph_files(settings.data))
    triples = len(store)
    if triples == 0:
        raise SourceError("the graph is empty; build into the folder first", path=settings.data)
    site = Site(base=detect_base(store, settings.base))
    ontology_store = load_ontology(ontology_file())
    context = Context(store, site, ontology_store)
    ontology = Context(ontology_store, site, ontology_store, language="en")
    folder = settings.data if settings.data.is_dir() else None
    dumps = [name for name in DUMPS if folder is not None and (folder / name).is_file()]
    workers = settings.workers or os.cpu_count() or 2
    service = Service(
        settings=settings,
        store=store,
        context=context,
        ontology=ontology,
        runner=QueryRunner(store, settings.limits, workers),
        examples=example_queries(queries_dir()),
        dumps=dumps,
        graphs=frozenset(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)),
        triples=triples,
    )
    service.home_page = render_home(context, service.examples, dumps)
    service.ontology_page = render_ontology(ontology)
    static = resources.files("prestatiegraaf.serve") / "static"
    for item in static.iterdir():
        suffix = Path(item.name).suffix
        if suffix in STATIC_TYPES:
            service.static[item.name] = (item.read_bytes(), STATIC_TYPES[suffix])
    return service
