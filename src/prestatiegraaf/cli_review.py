"""The command line's commands for people who check the graph: ``evaluate`` and ``actors``.

They are registered on the app in :mod:`.cli`.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from prestatiegraaf.cli_options import DiffFormat, fail
from prestatiegraaf.errors import PublisherError
from prestatiegraaf.evaluate import evaluate, format_evaluation, graph_of_sources
from prestatiegraaf.graph.store import load_data
from prestatiegraaf.review import format_actors, new_actors


def evaluate_command(
    answers: Annotated[
        Path, typer.Argument(help="Folder of answer CSVs, one per question (acties.csv, ...).")
    ],
    data: Annotated[
        list[Path] | None,
        typer.Option(
            "--data",
            "-d",
            help="Built graph to score (default: extract the sources beside the answers).",
        ),
    ] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = (
        DiffFormat.text
    ),
    fail_under: Annotated[
        float | None, typer.Option(help="Exit 1 when the macro F1 is below this (0 to 1).")
    ] = None,
) -> None:
    """Score the competency questions' answers against hand-written answers.

    Without --data, the sources in the folder above ANSWERS (with its manifest.csv) are
    extracted and mapped in memory, unvalidated, and scored.

    Example: prestatiegraaf evaluate tests/data/evaluation/dev/answers --format json
    """
    try:
        problems: list[str] = []
        if data:
            store = load_data(data)
        else:
            store, problems = graph_of_sources(answers.parent)
        result = evaluate(answers, store)
    except PublisherError as error:
        raise fail(error) from None
    for problem in problems:
        typer.echo(f"warning: {problem}", err=True)
    if fmt is DiffFormat.json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(format_evaluation(result), nl=False)
    if fail_under is not None and result.macro_f1 < fail_under:
        raise typer.Exit(1)


class ActorsFormat(StrEnum):
    """How the actors to review are printed."""

    table = "table"
    csv = "csv"


def actors_command(
    data: Annotated[
        list[Path] | None,
        typer.Option("--data", "-d", help="Turtle file or build folder (repeatable)."),
    ] = None,
    fmt: Annotated[ActorsFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ActorsFormat.table
    ),
    min_confidence: Annotated[
        float,
        typer.Option(
            "--min-confidence",
            min=0.0,
            max=1.0,
            help="Only actors whose most confident mention reaches this (0 to 1).",
        ),
    ] = 0.0,
) -> None:
    """List the actors a built graph names that are not in the actor register, to review.

    One row per actor: name, key (register it as actor:<key> in ontology/actoren.ttl), class,
    how it was recognised, lowest and highest confidence, mentions, prestaties, and up to
    three places where it is named. Most mentioned first.

    Example: prestatiegraaf actors --data output/ --min-confidence 0.8
    """
    try:
        found = new_actors(load_data(data or [Path("output")]), min_confidence)
    except PublisherError as error:
        raise fail(error) from None
    sys.stdout.write(format_actors(found, fmt.value))
