"""The ``import-indicator`` command: measured values of indicators into a build folder.

It is registered on the app in :mod:`.cli`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from prestatiegraaf.cli_options import fail
from prestatiegraaf.errors import PublisherError
from prestatiegraaf.import_indicator import import_indicator
from prestatiegraaf.namespaces import DEFAULT_BASE

_ABSOLUTE = re.compile(r"^https?://[^\s/]+")


def import_indicator_command(
    file: Annotated[
        Path,
        typer.Argument(help="CSV with the columns indicator,area,period,value,unit,source."),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", help="Build folder (writes indicators.ttl there) or a .ttl file."
        ),
    ] = Path("output"),
    base: Annotated[str, typer.Option(help="Base IRI of the graph's resources.")] = DEFAULT_BASE,
) -> None:
    """Load measured values of indicators as RDF Data Cube observations.

    Every row is checked first; nothing is written when one is wrong.

    Example: prestatiegraaf import-indicator metingen.csv --out output/
    """
    if not _ABSOLUTE.match(base):
        typer.echo(f"error: --base {base!r} is not an absolute IRI (e.g. {DEFAULT_BASE})", err=True)
        raise typer.Exit(2)
    try:
        written, count = import_indicator(file, out, base)
    except PublisherError as error:
        raise fail(error) from None
    typer.echo(f"{count} observation{'s' * (count != 1)} written to {written}")


def register_indicator(app: typer.Typer) -> None:
    """Add the ``import-indicator`` command to ``app``."""
    app.command("import-indicator")(import_indicator_command)
