"""The command line's shared option types, enumerations and error exits."""

from __future__ import annotations

import math
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from prestatiegraaf.errors import PublisherError


class FailOn(StrEnum):
    """Least severe validation finding that fails."""

    violation = "violation"
    warning = "warning"
    info = "info"


class ReportFormat(StrEnum):
    """How validation results are printed."""

    text = "text"
    turtle = "turtle"
    json = "json"
    junit = "junit"
    github = "github"


class Engine(StrEnum):
    """Which SHACL engine validates."""

    fast = "fast"
    pyshacl = "pyshacl"


class ResultFormat(StrEnum):
    """How query results are printed."""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


def fail(error: PublisherError) -> typer.Exit:
    """Print ``error`` line by line and exit with its code."""
    for line in str(error).splitlines():
        typer.echo(f"error: {line}", err=True)
    return typer.Exit(error.exit_code)


def interrupted() -> typer.Exit:
    """Ctrl-C: one line and exit code 130."""
    typer.echo("error: interrupted", err=True)
    return typer.Exit(130)


AllowService = Annotated[
    bool,
    typer.Option(
        "--allow-service",
        help="Let SPARQL SERVICE query remote endpoints (refused by default).",
    ),
]
Timeout = Annotated[
    float,
    typer.Option(
        "--timeout", min=0.0, help="Seconds a query may run before it is stopped (0: no limit)."
    ),
]

Endpoint = Annotated[
    str | None,
    typer.Option(
        "--endpoint",
        metavar="URL",
        help="Run the query at this SPARQL endpoint instead of on local data.",
    ),
]
User = Annotated[str | None, typer.Option("--user", help="User name for the endpoint.")]
PasswordEnv = Annotated[
    str | None,
    typer.Option(
        "--password-env",
        metavar="VAR",
        help="Environment variable holding the endpoint's password (never printed).",
    ),
]
ExpectMaxRows = Annotated[
    int | None,
    typer.Option(
        "--expect-max-rows",
        min=1,
        metavar="N",
        help="The endpoint cuts results at N rows: a result of N rows is reported as cut.",
    ),
]
AllGraphs = Annotated[
    bool,
    typer.Option(
        "--all-graphs",
        help="Query every graph of the endpoint, not only the ones a push published.",
    ),
]

LinksDir = Annotated[
    Path | None,
    typer.Option(
        "--links",
        metavar="DIR",
        help="Folder of the linksets whose accepted links are published (default: links/).",
    ),
]


FileTimeout = Annotated[
    float,
    typer.Option(
        "--file-timeout",
        metavar="SECONDS",
        min=0.001,
        help="Seconds one file may take to be read, extracted and mapped; a file that takes "
        "longer fails.",
    ),
]
FileMemory = Annotated[
    int,
    typer.Option(
        "--file-memory",
        metavar="MB",
        min=1,
        help="Megabytes of memory one file may take; a file that needs more fails.",
    ),
]


def limit(timeout: float) -> float:
    """A ``--timeout`` as the library takes it: 0 means no limit."""
    return timeout if timeout > 0 else math.inf


class DiffFormat(StrEnum):
    """How a diff is printed."""

    text = "text"
    json = "json"
