"""Command-line interface: a thin layer over the library (options, printing, exit codes).

Exit codes: 0 success, 1 the graph does not conform to the shapes, 2 bad input or usage.
"""

from __future__ import annotations

import logging
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from prestatiegraaf import __version__
from prestatiegraaf.errors import PublisherError
from prestatiegraaf.graph.store import load_data
from prestatiegraaf.model import Channel
from prestatiegraaf.namespaces import DEFAULT_BASE
from prestatiegraaf.pipeline import MAIN_FILE, BuildOptions, build
from prestatiegraaf.query import format_table, read_query, run_query, serialize_results
from prestatiegraaf.resources import example_manifest

app = typer.Typer(
    name="prestatiegraaf",
    help="Publish the P&C documents of the Province of Overijssel as a linked-data graph.\n\n"
    "Exit codes: 0 success, 1 graph does not conform to the shapes, 2 bad input or usage.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class ResultFormat(StrEnum):
    """How query results are printed."""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


def _fail(error: PublisherError) -> typer.Exit:
    typer.echo(f"error: {error}", err=True)
    return typer.Exit(error.exit_code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"prestatiegraaf {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress.")] = False,
) -> None:
    """Publish the P&C documents of the Province of Overijssel as a linked-data graph."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")


@app.command("build")
def build_command(
    sources: Annotated[
        list[Path] | None, typer.Argument(help="Source files or folders (text, markdown).")
    ] = None,
    manifest: Annotated[
        Path | None, typer.Option("--manifest", "-m", help="CSV describing the documents.")
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("output"),
    base: Annotated[str, typer.Option(help="Base IRI of minted resources.")] = DEFAULT_BASE,
    channel: Annotated[
        Channel | None, typer.Option(help="Override channel detection for every source.")
    ] = None,
    encoding: Annotated[str, typer.Option(help="Encoding of the source files.")] = "utf-8",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print no warnings.")] = False,
) -> None:
    """Extract prestaties from P&C documents and write the graph (default: example corpus).

    Example: prestatiegraaf build docs/ --manifest docs/manifest.csv --out out/
    """
    if not sources and manifest is None:
        manifest = example_manifest()
    options = BuildOptions(tuple(sources or ()), manifest, out, base, channel, encoding)
    try:
        result = build(options)
    except PublisherError as error:
        raise _fail(error) from None
    if not quiet:
        for warning in result.warnings:
            typer.echo(f"warning: {warning}", err=True)
    typer.echo(
        f"{len(result.documents)} files, {result.sections} sections, {result.triples} triples"
        f" -> {out / MAIN_FILE}"
    )


@app.command("query")
def query_command(
    query: Annotated[Path, typer.Argument(help="A SPARQL SELECT query file (.rq).")],
    data: Annotated[
        list[Path] | None,
        typer.Option("--data", "-d", help="Turtle file or build folder (repeatable)."),
    ] = None,
    fmt: Annotated[
        ResultFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ResultFormat.table,
) -> None:
    """Run a SPARQL query against built graphs and print the results.

    Example: prestatiegraaf query queries/budget.rq --data output/ --format csv
    """
    try:
        text = read_query(query)
        store = load_data(data or [Path("output")])
        if fmt is ResultFormat.table:
            typer.echo(format_table(run_query(text, store, source=query)))
        else:
            sys.stdout.buffer.write(serialize_results(text, store, fmt.value, source=query))
    except PublisherError as error:
        raise _fail(error) from None
