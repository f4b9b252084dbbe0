"""``prestatiegraaf site``: the served pages as static files, the server rules, all or nothing."""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from prestatiegraaf.cli import app
from prestatiegraaf.errors import OutputError
from prestatiegraaf.graph.store import load_data
from prestatiegraaf.resources import ontology_file
from prestatiegraaf.serve import static_site
from prestatiegraaf.serve.ontology_page import load_ontology
from prestatiegraaf.serve.pages import render_resource, resource_rdf
from prestatiegraaf.serve.site import Site
from prestatiegraaf.serve.static_site import MARKER, SiteOptions, make_site
from prestatiegraaf.serve.views import Context
from test_serve_support import DESCRIPTION, PRESTATIE, build_with_script, fetch

BASE = "https://w3id.org/prestatiegraaf"
HOST = "https://data.example.org"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
SUFFIX_FOR = {  # Accept header -> the file a resource answers with
    BROWSER: ".html",
    None: ".html",
    "*/*": ".html",
    "text/turtle": ".ttl",
    "application/ld+json": ".jsonld",
    "application/n-triples": ".nt",
    "text/turtle;q=1.0, text/html;q=0.5": ".ttl",
    "application/ld+json, text/turtle;q=0.9": ".jsonld",
    "application/rdf+xml, text/turtle;q=0.9, */*;q=0.1": ".ttl",
    "text/html, text/turtle": ".html",
}


@dataclass(frozen=True)
class Built:
    """A build of the example corpus (with a ``<script>`` in a quote) and its site."""

    data: Path
    site: Path
    store: ox.Store


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = tmp_path_factory.mktemp("site")
    data = build_with_script(folder)
    make_site(SiteOptions(data, folder / "site", root="/pg/", host=HOST, jobs=1))
    store = load_data([data / "prestaties.ttl", data / "dataset.ttl"])
    return Built(data, folder / "site", store)


def _iris(path: Path) -> set[str]:
    """The subject and object IRIs under the base's ``/id/`` of an RDF file."""
    fmt = ox.RdfFormat.TURTLE
    return {
        term.value
        for triple in ox.parse(path=str(path), format=fmt)
        for term in (triple.subject, triple.object)
        if isinstance(term, ox.NamedNode) and term.value.startswith(BASE + "/id/")
    }


def test_every_resource_has_its_page_and_its_rdf_files(built: Built) -> None:
    iris = _iris(built.data / "prestaties.ttl") | _iris(built.data / "dataset.ttl")
    assert PRESTATIE in iris and len(iris) > 200
    for iri in iris:
        name = iri.removeprefix(BASE + "/")
        for suffix in (".html", ".ttl", ".jsonld", ".nt"):
            assert (built.site / (name + suffix)).is_file(), name + suffix
    dumps = ("prestaties.ttl", "prestaties.nt", "prestaties.trig", "prestaties.jsonld")
    for name in (*dumps, "dataset.ttl", "index.html", "def.html", "def.ttl", "def.jsonld", MARKER):
        path = built.site / name
        assert path.is_file() and not path.is_symlink() and path.stat().st_size > 0, name
    assert (built.site / "prestaties.ttl").read_bytes() == (
        built.data / "prestaties.ttl"
    ).read_bytes()
    listing = (built.site / "id/prestatie/2015-2019/index.html").read_text("utf-8")
    assert 'href="../../../id/prestatie/2015-2019/5.4.2.html"' in listing


def _triples(data: bytes, fmt: ox.RdfFormat) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(data, fmt)}


def test_the_rdf_files_are_what_the_server_gives(built: Built) -> None:
    for iri in _iris(built.data / "prestaties.ttl"):
        name = iri.removeprefix(BASE + "/")
        turtle = (built.site / (name + ".ttl")).read_bytes()
        assert turtle == resource_rdf(built.store, iri, "turtle")
        stated = {
            ox.Triple(q.subject, q.predicate, q.object)
            for q in built.store.quads_for_pattern(ox.NamedNode(iri), None, None)
        }
        assert _triples(turtle, ox.RdfFormat.TURTLE) == stated
        jsonld = (built.site / (name + ".jsonld")).read_bytes()
        assert _triples(jsonld, ox.RdfFormat.JSON_LD) == stated
        nt = (built.site / (name + ".nt")).read_bytes()
        assert _triples(nt, ox.RdfFormat.N_TRIPLES) == stated


def test_a_page_is_the_served_renderer_with_relative_links(built: Built) -> None:
    site = Site(root="../../../", page_suffix=".html", endpoint=False, index="index.html")
    context = Context(built.store, site, load_ontology(ontology_file()))
    page = (built.site / "id/prestatie/2015-2019/5.2.1.html").read_text("utf-8")
    assert page == render_resource(context, PRESTATIE)
    assert 'href="../../../index.html"' in page and 'href="../../../def.html"' in page
    assert 'href="../../../static/style.css"' in page


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.links += [v for k, v in attrs if k in ("href", "src", "action") and v is not None]
        if values.get("id"):
            self.ids.add(str(values["id"]))


@functools.cache
def _parsed(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text("utf-8"))
    return parser


def test_every_link_is_relative_and_leads_to_a_file_of_the_site(built: Built) -> None:
    pages = list(built.site.rglob("*.html"))
    assert len(pages) > 300
    internal = 0
    for page in pages:
        for link in _parsed(page).links:
            if link.startswith(("http://", "https://")):
                assert Site().path_of(unquote(link)) is None, (page, link)  # shown on the site
                continue
            if link == "data:,":  # the empty icon
                continue
            parts = urlsplit(link)
            assert not parts.scheme and not link.startswith("/"), (page, link)
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file() and built.site in target.parents, (page, link)
            if parts.fragment and target.suffix == ".html":
                assert parts.fragment in _parsed(target).ids, (page, link)
            internal += 1
    assert internal > 5000


def test_text_from_documents_is_shown_as_text(built: Built) -> None:
    name = DESCRIPTION.removeprefix(BASE + "/")
    page = (built.site / (name + ".html")).read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for path in built.site.rglob("*.html"):
        assert "<script" not in path.read_text("utf-8"), path  # no endpoint: no script at all


def _apache(rules: str, path: str, accept: str | None, exists: set[str]) -> str | None:
    """What the ``RewriteCond``/``RewriteRule`` blocks of ``rules`` make of a request."""
    conditions: list[tuple[str, str, str]] = []
    for line in rules.splitlines():
        words = line.split(" ")
        if words[0] == "RewriteCond":
            conditions.append((words[1], words[2], " ".join(words[3:])))
        elif words[0] == "RewriteRule":
            ok = True
            for test, pattern, flags in conditions:
                negate = pattern.startswith("!")
                pattern = pattern.removeprefix("!")
                if test == "%{HTTP_ACCEPT}":
                    hit = re.search(pattern, accept or "", re.I if "NC" in flags else 0)
                elif pattern == "-f":
                    hit = test.replace("%{REQUEST_FILENAME}", path) in exists
                else:
                    raise AssertionError(line)
                ok = ok and (not hit if negate else bool(hit))
            conditions = []
            matched = re.match(words[1], path)
            if ok and matched:
                return matched.expand(words[2].replace("$1", r"\1"))
    return None


def _nginx_suffix(rules: str, accept: str | None) -> str:
    """The ``$prestatiegraaf_suffix`` the ``map`` of the nginx snippet gives."""
    block = rules.split("map $http_accept $prestatiegraaf_suffix {")[1].split("}")[0]
    for pattern, suffix in re.findall(r'"~\*(.+)" (\.\w+);', block):
        if re.search(pattern, accept or "", re.I):
            return suffix
    return re.findall(r"default (\.\w+);", block)[0]


def test_the_server_rules_negotiate_each_format(built: Built) -> None:
    htaccess = (built.site / ".htaccess").read_text("utf-8")
    nginx = (built.site / "nginx.conf").read_text("utf-8")
    offered = ((".ttl", "text/turtle"), (".jsonld", "application/ld+json"),
               (".nt", "application/n-triples"), (".trig", "application/trig"))  # fmt: skip
    for suffix, media in offered:
        assert f"AddType {media} {suffix}" in htaccess
        assert f"{media} {suffix[1:]};" in nginx
    assert "RewriteBase /pg/" in htaccess and "location /pg/ {" in nginx
    assert "try_files $uri $uri$prestatiegraaf_suffix $uri.html $uri/ =404;" in nginx
    name = "id/prestatie/2015-2019/5.2.1"
    files = {name + suffix for suffix in (".html", ".ttl", ".jsonld", ".nt")}
    for accept, suffix in SUFFIX_FOR.items():
        assert _apache(htaccess, name, accept, files) == name + suffix, accept
        assert _nginx_suffix(nginx, accept) == suffix, accept
    assert _apache(htaccess, name + ".ttl", BROWSER, files | {name + ".ttl"}) is None  # a file
    assert _apache(htaccess, "id/nothing", "text/turtle", files) is None


def test_the_w3id_redirect_negotiates_and_leads_to_files_of_the_site(built: Built) -> None:
    rules = (built.site / "w3id" / ".htaccess").read_text("utf-8")
    assert "RewriteEngine on" in rules and "R=303" in rules
    target = HOST + "/pg/"
    for accept, suffix in SUFFIX_FOR.items():
        for path in ("id/prestatie/2015-2019/5.2.1", "def"):
            assert _apache(rules, path, accept, set()) == target + path + suffix
    assert _apache(rules, "prestaties.ttl", None, set()) == target + "prestaties.ttl"
    assert _apache(rules, "id/begrip/", BROWSER, set()) == target + "id/begrip/"
    for iri in [BASE + "/def", *sorted(_iris(built.data / "prestaties.ttl"))[:50]]:
        for accept in SUFFIX_FOR:
            found = _apache(rules, iri.removeprefix(BASE + "/"), accept, set())
            assert found is not None and (built.site / found.removeprefix(target)).is_file()


class _Negotiating(SimpleHTTPRequestHandler):
    """A static file server that follows the site's nginx snippet: ``try_files``."""

    rules = ""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = unquote(urlsplit(self.path).path)
        local = Path(self.directory) / path.lstrip("/")
        if not local.is_file() and not path.endswith("/"):
            for suffix in (_nginx_suffix(self.rules, self.headers.get("Accept")), ".html"):
                if local.with_name(local.name + suffix).is_file():
                    self.path = path + suffix
                    break
        return super().send_head()

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        types = {".ttl": "text/turtle", ".jsonld": "application/ld+json",
                 ".nt": "application/n-triples"}  # fmt: skip
        return types.get(Path(path).suffix) or super().guess_type(path)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def static_server(built: Built) -> Iterator[str]:
    """The site on 127.0.0.1, served the way its nginx snippet says."""
    with serve_folder(built.site) as url:
        yield url


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """A static, negotiating server for ``folder``; yields its address."""
    handler = type("Handler", (_Negotiating,), {"rules": (folder / "nginx.conf").read_text()})
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_the_iri_path_answers_in_every_format_on_a_static_server(
    built: Built, static_server: str
) -> None:
    name = PRESTATIE.removeprefix(BASE + "/")
    for accept, suffix in SUFFIX_FOR.items():
        reply = fetch(static_server + name, accept=accept)
        assert reply.status == 200 and reply.body == (built.site / (name + suffix)).read_bytes()
    turtle = fetch(static_server + "def", accept="text/turtle")
    assert turtle.body == ontology_file().read_bytes()
    assert fetch(static_server, accept=BROWSER).body == (built.site / "index.html").read_bytes()
    assert fetch(static_server + "id/nothing").status == 404


def _site(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "prestatiegraaf", "site", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=cwd)


def _beside(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith("." + out.name))


def test_the_command_writes_with_workers_and_replaces_only_its_own_site(
    built: Built, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    done = _site(built.data, "--out", out, "--jobs", "2", "--host", HOST + "/", "--root", "pg")
    assert done.returncode == 0, done.stderr
    assert "resources" in done.stdout and f"-> {out}" in done.stdout
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == sorted(
        p.relative_to(built.site) for p in built.site.rglob("*")
    )
    for page in ("index.html", "id/prestatie/2015-2019/5.2.1.html", "w3id/.htaccess"):
        assert (out / page).read_bytes() == (built.site / page).read_bytes()
    (out / "stale.html").write_text("left from before")
    again = _site(built.data, "--out", out, "--quiet", "--jobs", "1")
    assert again.returncode == 0 and again.stdout == "", again.stderr
    assert not (out / "stale.html").exists() and (out / "index.html").is_file()
    assert _beside(out) == []

    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep")
    refused = _site(built.data, "--out", foreign)
    assert refused.returncode == 2
    assert refused.stderr.startswith("error: ") and "not made by" in refused.stderr
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"] and _beside(foreign) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing-folder"], "missing-folder"),
        (["DATA", "--out", "FILE/site"], "cannot write the site"),
        (["DATA", "--root", "/a b/"], "--root"),
        (["DATA", "--host", "ftp://x"], "--host"),
        (["DATA", "--base", "not an iri"], "--base"),
        (["DATA", "--base", "http://elsewhere.example/x"], "no resource"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    built: Built, tmp_path: Path, args: list[str], message: str
) -> None:
    (tmp_path / "FILE").write_text("a file, not a folder")
    args = [str(built.data) if a == "DATA" else a for a in args]
    if "--out" not in args:
        args += ["--out", str(tmp_path / "out")]
    done = _site(*args, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.splitlines()) == 1 and message in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["FILE"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failure_midway_leaves_the_earlier_site_whole(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    out = tmp_path / "site"
    shutil.copytree(built.site, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    calls = [0]
    real = static_site.resource_rdf

    def failing(store: ox.Store, iri: str, fmt: str) -> bytes | None:
        calls[0] += 1
        if calls[0] > 100:  # in each worker, after a hundred files
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(store, iri, fmt)

    monkeypatch.setattr(static_site, "resource_rdf", failing)
    with pytest.raises(OutputError, match="No space left on device"):
        make_site(SiteOptions(built.data, out, jobs=jobs))
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert _beside(out) == []


def test_a_build_published_meanwhile_is_not_mixed_into_the_site(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(built.data, data, symlinks=True)
    real = static_site._write_pages

    def publishing(*args: object) -> None:
        real(*args)  # type: ignore[arg-type]
        (data / "current").unlink()  # another build switches the link meanwhile
        (data / "current").symlink_to(os.readlink(built.data / "current") + "-next")

    monkeypatch.setattr(static_site, "_write_pages", publishing)
    with pytest.raises(OutputError, match="the build changed"):
        make_site(SiteOptions(data, tmp_path / "site", jobs=1))
    assert not (tmp_path / "site").exists() and _beside(tmp_path / "site") == []


def test_site_has_help_with_an_example_and_is_in_the_readme() -> None:
    result = CliRunner().invoke(app, ["site", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output
    for option in ("--out", "--base", "--root", "--host", "--jobs"):
        assert option in result.output
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    assert "prestatiegraaf site" in readme
