"""``prestatiegraaf site``: the pages of ``serve`` as a folder of static files.

The same renderers as the server (:mod:`.pages`, :mod:`.home`, :mod:`.ontology_page`) with a
:class:`.Site` of relative links, ``.html`` pages and no endpoint. Layout, for
``…/id/prestatie/2015-2019/5.2.1``::

    index.html                              the home page
    id/prestatie/2015-2019/5.2.1.html       the resource's page
    id/prestatie/2015-2019/5.2.1.ttl        … and what the graph says of it (.jsonld, .nt)
    id/prestatie/2015-2019/index.html       a listing of the resources in each folder
    def.html, def.ttl, def.jsonld, def.nt   the ontology
    prestaties.ttl, .nt, .trig, .jsonld, dataset.ttl, report.txt, …   the build's files
    static/style.css                        the style sheet
    .htaccess, nginx.conf, w3id/.htaccess   content negotiation (:mod:`.site_rules`)

so that the IRI's path, with the rules, answers as the server does. The site is written into
a temporary folder beside ``--out`` and renamed into place when it is whole; a folder is only
replaced when an earlier ``site`` made it (it holds :data:`MARKER`).
"""

from __future__ import annotations

import bisect
import dataclasses
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox

from prestatiegraaf.errors import OutputError, SourceError
from prestatiegraaf.graph.store import load_data
from prestatiegraaf.namespaces import DEFAULT_BASE
from prestatiegraaf.resources import ontology_file, queries_dir
from prestatiegraaf.serve.home import DUMPS, example_queries, render_home
from prestatiegraaf.serve.ontology_page import load_ontology, render_ontology
from prestatiegraaf.serve.pages import MAX_INDEX, render_index, render_resource, resource_rdf
from prestatiegraaf.serve.service import detect_base, graph_files
from prestatiegraaf.serve.site import Site
from prestatiegraaf.serve.site_rules import apache_rules, nginx_rules, w3id_rules
from prestatiegraaf.serve.site_workers import Counter, run_all
from prestatiegraaf.serve.views import Context

MARKER = ".prestatiegraaf-site"
RDF_FILES = ((".ttl", "turtle"), (".jsonld", "jsonld"), (".nt", "ntriples"))
DEFAULT_HOST = "https://example.org"
_WORKING = re.compile(r"^\.(?P<name>.+)\.(?:site|old)-(?P<pid>\d+)-")


@dataclass(frozen=True)
class SiteOptions:
    """What ``prestatiegraaf site`` is asked to do.

    Attributes:
        data: the build folder (or a Turtle file) to publish.
        out: the folder the site is written to.
        base: the base IRI of the graph's resources (default: the one it was built with).
        root: the URL path the site is served at (for the server rules).
        host: the scheme and host the site is served at (for the w3id.org redirect).
        jobs: processes rendering pages (default: all cores).
    """

    data: Path = Path("output")
    out: Path = Path("site")
    base: str | None = None
    root: str = "/"
    host: str = DEFAULT_HOST
    jobs: int | None = None


@dataclass(frozen=True)
class SiteResult:
    """What was written."""

    out: Path
    resources: int
    listings: int
    files: int
    skipped: list[str]
    w3id_target: str


@dataclass(frozen=True)
class Plan:
    """The pages of a site: resources by site path, folders with the subjects they list."""

    resources: dict[str, str]
    listings: dict[str, tuple[str, list[ox.NamedNode]]]
    skipped: list[str]


def page_file(path: str) -> str:
    """The file of the page at site path ``path`` (as :meth:`.Site.link` links to it)."""
    name = unquote(path)
    return name + "index.html" if name.endswith("/") else name + ".html"


def _usable(path: str) -> bool:
    """Whether ``path`` names a file inside the site (no ``..``, no encoded ``/``)."""
    name = unquote(path)
    parts = name.rstrip("/").split("/")
    return (
        name.count("/") == path.count("/")
        and "\0" not in name
        and all(part not in ("", ".", "..") for part in parts)
    )


def plan_site(store: ox.Store, site: Site) -> Plan:
    """Every resource IRI the site shows, and every folder of pages that lists resources."""
    resources_at: dict[str, str] = {}
    skipped: set[str] = set()
    seen: set[str] = set()
    subjects: set[str] = set()
    for quad in store:
        for term in (quad.subject, quad.predicate, quad.object):
            if isinstance(term, ox.NamedNode) and term.value not in seen:
                seen.add(term.value)
                path = site.path_of(term.value)
                if path is None or not path.startswith("id/"):
                    continue
                if "#" in path or not _usable(path):
                    skipped.add(term.value)
                elif path not in resources_at or term.value.startswith(site.base + "/"):
                    resources_at[path] = term.value  # the graph's own base wins, as on the server
        if isinstance(quad.subject, ox.NamedNode):
            subjects.add(quad.subject.value)
    ordered = sorted(subjects)
    listings: dict[str, tuple[str, list[ox.NamedNode]]] = {}
    folders = {path[: i + 1] for path in resources_at for i, c in enumerate(path) if c == "/"}
    for folder in sorted(folders - set(resources_at)):
        for base in site.bases:
            prefix = f"{base}/{folder}"
            start = bisect.bisect_left(ordered, prefix)
            under = []
            for iri in ordered[start : start + MAX_INDEX + 1]:
                if not iri.startswith(prefix):
                    break
                under.append(ox.NamedNode(iri))
            if under:
                listings[folder] = (prefix, under)
                break
    return Plan(resources_at, listings, sorted(skipped))


def _build_version(data: Path) -> str | None:
    """The build a build folder's top-level names point to now (its ``current`` link)."""
    try:
        return os.readlink(data / "current")
    except OSError:
        return None


class _Writer:
    """Writes files below a folder, making the folders it needs once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.made: set[Path] = set()
        self.count = 0

    def write(self, name: str, data: bytes | str) -> None:
        target = self.root / name
        if target.parent not in self.made:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(target.parent)
        with target.open("wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        self.count += 1


def check_target(out: Path) -> None:
    """Refuse an ``--out`` that is not a folder, or one with files an earlier run did not make.

    Raises:
        OutputError: ``out`` is a file, or a non-empty folder without :data:`MARKER`.
    """
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise OutputError("is not a folder; give a new or an earlier site's folder", path=out)
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise OutputError(
            "is not empty and was not made by `prestatiegraaf site`; refusing to replace it",
            path=out,
        )


def _remove_leftovers(out: Path) -> None:
    """Remove the working folders of runs into ``out`` whose process is gone."""
    for entry in out.parent.iterdir():
        found = _WORKING.match(entry.name)
        if found and found["name"] == out.name and entry.is_dir():
            try:
                os.kill(int(found["pid"]), 0)
            except ProcessLookupError:
                shutil.rmtree(entry, ignore_errors=True)
            except PermissionError:
                pass


def make_site(options: SiteOptions) -> SiteResult:
    """Write the static site of ``options.data`` into ``options.out``, whole or not at all.

    Raises:
        SourceError: the data is missing, empty or not RDF.
        ServeError: nothing in the graph is under the base.
        OutputError: ``--out`` is refused or cannot be written, or the build changed meanwhile.
    """
    out = options.out.absolute()
    check_target(out)
    version = _build_version(options.data)
    store = load_data(graph_files(options.data))
    if len(store) == 0:
        raise SourceError("the graph is empty; build into the folder first", path=options.data)
    base = detect_base(store, options.base)
    site = Site(base=base, root="", page_suffix=".html", endpoint=False, index="index.html")
    ontology_store = load_ontology(ontology_file())
    context = Context(store, site, ontology_store)
    plan = plan_site(store, site)
    target = options.host.rstrip("/") + options.root
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(out)
        work = Path(tempfile.mkdtemp(prefix=f".{out.name}.site-{os.getpid()}-", dir=out.parent))
        mask = os.umask(0o022)
        os.umask(mask)
        work.chmod(0o777 & ~mask)  # a folder like any other, not one for this user only
    except OSError as error:
        raise OutputError(f"cannot write the site: {error.strerror or error}", path=out) from None
    try:
        writer = _Writer(work)
        _write_fixed(writer, options, context, ontology_store, target)
        fixed = writer.count
        _write_pages(writer, plan, context, options.jobs or os.cpu_count() or 1)
        if _build_version(options.data) != version:
            raise OutputError(
                "the build changed while the site was made; run `prestatiegraaf site` again",
                path=options.data,
            )
        check_target(out)
        _swap(work, out)
    except OSError as error:
        shutil.rmtree(work, ignore_errors=True)
        raise OutputError(f"cannot write the site: {error}", path=out) from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    files = fixed + len(plan.resources) * (1 + len(RDF_FILES)) + len(plan.listings)
    return SiteResult(out, len(plan.resources), len(plan.listings), files, plan.skipped, target)


def _write_fixed(
    writer: _Writer, options: SiteOptions, context: Context, ontology: ox.Store, target: str
) -> None:
    """The home page, the ontology, the build's files, the style sheet and the rules."""
    folder = options.data if options.data.is_dir() else None
    dumps = [name for name in DUMPS if folder is not None and (folder / name).is_file()]
    for name in dumps:
        assert folder is not None
        writer.write(name, (folder / name).read_bytes())  # the file's content, not a link
    writer.write("index.html", render_home(context, example_queries(queries_dir()), dumps))
    ontology_context = Context(ontology, context.site, ontology, language="en")
    writer.write("def.html", render_ontology(ontology_context))
    writer.write("def.ttl", ontology_file().read_bytes())
    for name, fmt in (("def.jsonld", ox.RdfFormat.JSON_LD), ("def.nt", ox.RdfFormat.N_TRIPLES)):
        writer.write(name, ox.serialize(ontology, format=fmt) or b"")
    static = resources.files("prestatiegraaf.serve") / "static"
    for item in static.iterdir():
        if item.is_file() and not item.name.startswith("."):
            writer.write(f"static/{item.name}", item.read_bytes())
    writer.write(".htaccess", apache_rules(options.root))
    writer.write("nginx.conf", nginx_rules(options.root))
    writer.write("w3id/.htaccess", w3id_rules(DEFAULT_BASE, target))
    writer.write(".nojekyll", "")  # GitHub Pages: publish the files as they are
    writer.write(
        MARKER,
        "Made by `prestatiegraaf site`; the next run into this folder replaces it whole.\n",
    )


def _write_pages(writer: _Writer, plan: Plan, context: Context, jobs: int) -> None:
    """Every resource's page and RDF files, and every folder's listing."""
    contexts: dict[int, Context] = {}

    def at(path: str) -> Context:
        depth = path.count("/")
        if depth not in contexts:  # one per depth; they share the labels found
            site = dataclasses.replace(context.site, root="../" * depth)
            contexts[depth] = dataclasses.replace(context, site=site)
        return contexts[depth]

    def resource(path: str) -> None:
        iri = plan.resources[path]
        writer.write(page_file(path), render_resource(at(path), iri) or "")
        for suffix, fmt in RDF_FILES:
            writer.write(unquote(path) + suffix, resource_rdf(context.store, iri, fmt) or b"")

    def listing(path: str) -> None:
        prefix, subjects = plan.listings[path]
        writer.write(page_file(path), render_index(at(path), prefix, subjects) or "")

    work: list[tuple[Callable[[str], None], str]] = [
        *((resource, path) for path in sorted(plan.resources)),
        *((listing, path) for path in sorted(plan.listings)),
    ]
    counter = Counter(len(work), "pages")
    try:
        run_all(work, lambda item: item[0](item[1]), jobs, counter)
    finally:
        counter.close()


def _swap(work: Path, out: Path) -> None:
    """Put the finished site ``work`` at ``out``, replacing an earlier one."""
    if not out.exists():
        os.rename(work, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-{os.getpid()}-", dir=out.parent))
    os.rename(out, old / "site")
    try:
        os.rename(work, out)
    except OSError:
        os.rename(old / "site", out)
        raise
    shutil.rmtree(old, ignore_errors=True)
