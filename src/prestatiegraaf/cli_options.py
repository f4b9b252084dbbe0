"""The command line's shared option types, enumerations and error exits."""

from __future__ import annotations

import math
from enum import StrEnum
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


def limit(timeout: float) -> float:
    """A ``--timeout`` as the library takes it: 0 means no limit."""
    return timeout if timeout > 0 else math.inf


class DiffFormat(StrEnum):
    """How a diff is printed."""

    text = "text"
    json = "json"
