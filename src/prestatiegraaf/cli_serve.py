"""The ``serve`` and ``site`` commands: an endpoint and linked-data pages, served or static."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from prestatiegraaf.cli_options import fail, interrupted, limit
from prestatiegraaf.errors import PublisherError

_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+")


def serve_command(
    data: Annotated[
        Path, typer.Argument(help="Build folder (or Turtle/N-Triples file) to serve.")
    ] = Path("output"),
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="Port to listen on (0: any free port).")
    ] = 8000,
    base: Annotated[
        str | None,
        typer.Option(
            help="Base IRI of the graph's resources (default: the one it was built with)."
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.0, help="Seconds a query may run (0: no limit).")
    ] = 30.0,
    max_rows: Annotated[
        int,
        typer.Option("--max-rows", min=0, help="Most rows or triples a query gives (0: no limit)."),
    ] = 10_000,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Queries evaluated at once (default: all cores)."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Log no access lines.")] = False,
) -> None:
    """Serve a built graph: a SPARQL endpoint at /sparql and a page for every resource.

    The graph is loaded once and only read. Queries that update, LOAD, call SERVICE or name
    a graph the dataset does not hold are refused; a query is stopped after --timeout seconds
    and its answer cut after --max-rows rows (the response says so). SIGTERM or Ctrl-C stops
    the server gracefully (exit code 0).

    Example: prestatiegraaf build && prestatiegraaf serve
    """
    from prestatiegraaf.serve.query_runner import Limits
    from prestatiegraaf.serve.server import bind, run
    from prestatiegraaf.serve.service import Settings, load_service

    if base is not None and not _IRI.fullmatch(base):
        typer.echo(f"error: --base {base!r} is not an absolute IRI", err=True)
        raise typer.Exit(2)
    settings = Settings(
        data, host, port, base, Limits(limit(timeout), max_rows), workers, access_log=not quiet
    )
    try:
        service = load_service(settings)
        sock = bind(host, port)
    except PublisherError as error:
        raise fail(error) from None
    except KeyboardInterrupt:
        raise interrupted() from None

    def announce(url: str) -> None:
        typer.echo(
            f"Serving {data} ({service.triples} triples) at {url} — SPARQL endpoint {url}sparql; "
            "Ctrl-C stops"
        )

    run(service, sock, announce)
    typer.echo("stopped", err=True)


_ROOT = re.compile(r"/(?:[A-Za-z0-9._~-]+/)*")
_HOST = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d+)?")


def site_command(
    data: Annotated[
        Path, typer.Argument(help="Build folder (or Turtle/N-Triples file) to publish.")
    ] = Path("output"),
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder to write the site to (replaced whole).")
    ] = Path("site"),
    base: Annotated[
        str | None,
        typer.Option(
            help="Base IRI of the graph's resources (default: the one it was built with)."
        ),
    ] = None,
    root: Annotated[
        str, typer.Option(help="URL path the site is served at, for the server rules.")
    ] = "/",
    host: Annotated[
        str | None,
        typer.Option(
            help="Scheme and host the site is served at, for the w3id.org redirect "
            "(e.g. https://data.example.org)."
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Processes rendering pages (default: all cores)."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
) -> None:
    """Write the pages of `serve` as static files, for any static web host.

    A page and Turtle, JSON-LD and N-Triples files for every resource, listings of every
    folder, the home page, the ontology documentation and the build's files, with the web
    server rules for content negotiation (.htaccess, nginx.conf) and a w3id.org redirect
    (w3id/.htaccess). The site is written beside --out and renamed into place when whole; a
    folder is only replaced when an earlier `site` made it.

    Example: prestatiegraaf site output --out site --root /prestatiegraaf/
    """
    from prestatiegraaf.serve.static_site import DEFAULT_HOST, SiteOptions, make_site

    if base is not None and not _IRI.fullmatch(base):
        typer.echo(f"error: --base {base!r} is not an absolute IRI", err=True)
        raise typer.Exit(2)
    if not root.startswith("/"):
        root = "/" + root
    if not root.endswith("/"):
        root += "/"
    if not _ROOT.fullmatch(root):
        typer.echo(f"error: --root {root!r} is not a URL path such as /prestatiegraaf/", err=True)
        raise typer.Exit(2)
    if host is not None and not _HOST.fullmatch(host.rstrip("/")):
        typer.echo(f"error: --host {host!r} is not a scheme and host such as https://example.org",
                   err=True)  # fmt: skip
        raise typer.Exit(2)
    options = SiteOptions(data, out, base, root, (host or DEFAULT_HOST).rstrip("/"), jobs)
    try:
        result = make_site(options)
    except PublisherError as error:
        raise fail(error) from None
    except KeyboardInterrupt:
        raise interrupted() from None
    for iri in result.skipped:
        typer.echo(f"warning: no page for {iri}: its IRI names no file of the site", err=True)
    if not quiet:
        typer.echo(
            f"{result.resources} resources, {result.listings} listings, {result.files} files "
            f"-> {out} (w3id.org redirect to {result.w3id_target})"
        )
    if host is None and not quiet:
        typer.echo("note: give --host to point w3id/.htaccess at the site's real address")


def register_serve(app: typer.Typer) -> None:
    """Add the ``serve`` and ``site`` commands to ``app``."""
    app.command("serve")(serve_command)
    app.command("site")(site_command)
