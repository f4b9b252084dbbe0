"""The ``link`` command: reconcile resources against a SPARQL endpoint, and review the links."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from prestatiegraaf.cli_options import fail, interrupted
from prestatiegraaf.errors import PublisherError
from prestatiegraaf.link.reconcile import WIKIDATA, run_link
from prestatiegraaf.link.review import apply_review, review_csv, review_table, to_review
from prestatiegraaf.link.subjects import KINDS, TYPE_NAMES, kinds_of
from prestatiegraaf.resources import links_dir


class ReviewFormat(StrEnum):
    """How the links to review are printed."""

    table = "table"
    csv = "csv"


def link_command(
    links: Annotated[
        Path | None,
        typer.Option("--links", metavar="DIR", help="Folder of the linksets (default: links/)."),
    ] = None,
    endpoint: Annotated[
        str, typer.Option("--endpoint", metavar="URL", help="SPARQL endpoint to reconcile with.")
    ] = WIKIDATA,
    types: Annotated[
        list[str] | None,
        typer.Option(
            "--types",
            help=f"What to reconcile: {', '.join(TYPE_NAMES)} (comma-separated; default all).",
        ),
    ] = None,
    data: Annotated[
        Path,
        typer.Option("--data", metavar="PATH", help="Built graph of the people and places."),
    ] = Path("output"),
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds each request may take.")
    ] = 30.0,
    review: Annotated[
        bool, typer.Option("--review", help="List the links to review; --accept/--reject decide.")
    ] = False,
    fmt: Annotated[
        ReviewFormat, typer.Option("--format", "-f", help="How --review prints.")
    ] = ReviewFormat.table,
    accept: Annotated[
        list[str] | None,
        typer.Option("--accept", metavar="ID[=IRI]", help="Accept a link (or one candidate)."),
    ] = None,
    reject: Annotated[
        list[str] | None, typer.Option("--reject", metavar="ID", help="Reject a link.")
    ] = None,
) -> None:
    """Link actors, people and places to Wikidata (or another endpoint), or review the links.

    Actors come from the actor register; people (portfolio holders) and places from the built
    graph --data. Decisions, "no match" included, are kept in the linksets, so a second run
    asks nothing for them; only accepted links are published by build (docs/linking.md).

    Example: prestatiegraaf link --types people; prestatiegraaf link --review --accept ID
    """
    folder = links or links_dir()
    names = [name.strip() for given in types or [] for name in given.split(",") if name.strip()]
    try:
        kinds = kinds_of(names) if names else KINDS
    except ValueError as unknown:
        typer.echo(f"error: unknown --types {unknown} (use {', '.join(TYPE_NAMES)})", err=True)
        raise typer.Exit(2) from None
    try:
        if review or accept or reject:
            if accept or reject:
                changed = apply_review(folder, accept or [], reject or [])
                for link in changed:
                    typer.echo(f"{link.id}: {link.status} {link.obj or ''}".rstrip())
                return
            pending = to_review(folder)
            shown = review_csv(pending) if fmt is ReviewFormat.csv else review_table(pending)
            typer.echo(shown, nl=False)
            return
        # Asked for by default, people and places are left out when there is no build yet.
        graph = [data] if names or data.exists() else None
        if graph is None:
            typer.echo(f"note: no built graph at {data}: people and places left out", err=True)
        run = run_link(folder, endpoint=endpoint, kinds=kinds, timeout=timeout, data=graph)
    except PublisherError as error:
        raise fail(error) from None
    except KeyboardInterrupt:
        raise interrupted() from None
    typer.echo(run.summary())


def register_link(app: typer.Typer) -> None:
    """Add the ``link`` command to ``app``."""
    app.command("link")(link_command)
