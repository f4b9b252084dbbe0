"""The ``push`` command: publish a build to a SPARQL store (Graph Store Protocol)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from prestatiegraaf.cli_options import fail, interrupted
from prestatiegraaf.errors import PublisherError
from prestatiegraaf.stores.addresses import StoreKind, Swap, store_addresses
from prestatiegraaf.stores.client import StoreClient, credentials_from_env
from prestatiegraaf.stores.push import CHUNK_BYTES, push_build


def push_command(
    data: Annotated[Path, typer.Argument(help="The build folder to push.")] = Path("output"),
    endpoint: Annotated[
        str,
        typer.Option(
            "--endpoint",
            help="The store: its server address (Oxigraph, Virtuoso, QLever), dataset "
            "(Fuseki) or repository (GraphDB).",
        ),
    ] = "",
    store: Annotated[
        StoreKind,
        typer.Option(help="Kind of store, for its addresses (auto: Oxigraph for a bare server)."),
    ] = StoreKind.auto,
    graph_store: Annotated[
        str | None, typer.Option("--graph-store", help="Graph Store Protocol address.")
    ] = None,
    update: Annotated[
        str | None, typer.Option("--update-endpoint", help="SPARQL Update address.")
    ] = None,
    query: Annotated[
        str | None, typer.Option("--query-endpoint", help="SPARQL Query address.")
    ] = None,
    swap: Annotated[
        Swap | None,
        typer.Option(help="move (MOVE GRAPH) or rewrite (DELETE/INSERT, stores without MOVE)."),
    ] = None,
    user: Annotated[str | None, typer.Option("--user", help="User name for the store.")] = None,
    password_env: Annotated[
        str | None,
        typer.Option(
            "--password-env",
            metavar="VAR",
            help="Environment variable holding the password (or the token, for QLever).",
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds each request may take.")
    ] = 60.0,
    chunk_mb: Annotated[
        float, typer.Option("--chunk-mb", min=0.01, help="Megabytes sent per request at most.")
    ] = CHUNK_BYTES / (1 << 20),
) -> None:
    """Push a build to a SPARQL store: one named graph per document, replaced all at once.

    Each source document's facts go to a graph of their own, what the documents share to a
    shared graph, the ontology and the dataset description to one each. Graphs that changed
    are sent under temporary names, read back and checked (triple counts, RDFC-1.0 hashes)
    and swapped in by one update that also deletes the graphs of documents no longer in the
    build: a push that fails half-way leaves the published graphs as they were, and running
    it again completes it. Credentials come from the environment only (docs/stores.md).

    Example: prestatiegraaf push output --endpoint http://127.0.0.1:7878
    """
    if not endpoint:
        typer.echo("error: --endpoint is required (the store's address)", err=True)
        raise typer.Exit(2)
    try:
        addresses = store_addresses(
            endpoint, store, graph_store=graph_store, update=update, query=query, swap=swap
        )
        with StoreClient(
            addresses, credentials=credentials_from_env(user, password_env), timeout=timeout
        ) as client:
            report = push_build(data, client, chunk_bytes=max(1, int(chunk_mb * (1 << 20))))
    except PublisherError as error:
        raise fail(error) from None
    except KeyboardInterrupt:
        raise interrupted() from None
    typer.echo(report.summary())


def register_push(app: typer.Typer) -> None:
    """Add the ``push`` command to ``app``."""
    app.command("push")(push_command)
