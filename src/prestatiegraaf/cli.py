"""Command-line interface: a thin layer over the library (options, printing, exit codes).

Exit codes: 0 success, 1 the graph does not conform to the shapes, 2 bad input or usage,
3 an internal error (see :mod:`.__main__`), 130 interrupted.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from pathlib import Path
from typing import Annotated

import typer

from prestatiegraaf.cli_options import (
    AllGraphs,
    AllowService,
    DiffFormat,
    Endpoint,
    Engine,
    ExpectMaxRows,
    FailOn,
    FileMemory,
    FileTimeout,
    LinksDir,
    PasswordEnv,
    ReportFormat,
    ResultFormat,
    Timeout,
    User,
    fail,
    interrupted,
    limit,
)
from prestatiegraaf.cli_review import actors_command, evaluate_command
from prestatiegraaf.compare import diff_documents, format_diff
from prestatiegraaf.errors import OutputError, PublisherError, QueryError
from prestatiegraaf.file_limits import DEFAULT_MEMORY_MB, DEFAULT_SECONDS, FileLimits
from prestatiegraaf.graph.store import load_data
from prestatiegraaf.model import Channel
from prestatiegraaf.namespaces import DEFAULT_BASE
from prestatiegraaf.pipeline import BuildOptions, build
from prestatiegraaf.publish.graph_files import MAIN_FILE, REPORT_FILE
from prestatiegraaf.query import read_query, stream_results
from prestatiegraaf.resources import example_manifest
from prestatiegraaf.stores.remote_query import query_endpoint
from prestatiegraaf.validate.formats import FORMATTERS, format_finding, format_github, format_text
from prestatiegraaf.validate.result import Severity, ValidationResult, validate_files
from prestatiegraaf.validate.time_limit import Stopped
from prestatiegraaf.version import __version__

app = typer.Typer(
    name="prestatiegraaf",
    help="Publish the P&C documents of the Province of Overijssel as a linked-data graph.\n\n"
    "Exit codes: 0 success, 1 graph does not conform to the shapes, 2 bad input or usage, "
    "3 internal error (a bug), 130 interrupted.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+")


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
        list[Path] | None,
        typer.Argument(help="Source files or folders (text, markdown, HTML, PDF)."),
    ] = None,
    manifest: Annotated[
        Path | None, typer.Option("--manifest", "-m", help="CSV describing the documents.")
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("output"),
    base: Annotated[str, typer.Option(help="Base IRI of minted resources.")] = DEFAULT_BASE,
    channel: Annotated[
        Channel | None, typer.Option(help="Override channel detection for every source.")
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(help="Encoding of text and HTML files (default: UTF-8 or the page charset)."),
    ] = None,
    shapes: Annotated[
        Path | None, typer.Option(help="Folder of SHACL shapes (default: the project's).")
    ] = None,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Least severe finding that stops publishing.")
    ] = FailOn.violation,
    skip_validation: Annotated[
        bool, typer.Option("--skip-validation", help="Publish without validating.")
    ] = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="Worker processes (default: all cores).")
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Extract every file again, ignoring the cache.")
    ] = False,
    keep_going: Annotated[
        bool,
        typer.Option("--keep-going", help="Publish the files that could be read when others fail."),
    ] = False,
    quarantine: Annotated[
        bool,
        typer.Option(
            "--quarantine",
            help="Publish the descriptions that conform; leave out and report those that do not.",
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print no warnings.")] = False,
    file_timeout: FileTimeout = DEFAULT_SECONDS,
    file_memory: FileMemory = DEFAULT_MEMORY_MB,
    links: LinksDir = None,
) -> None:
    """Extract prestaties from P&C documents, validate and publish the graph.

    With no sources and no manifest the bundled example corpus is built. A graph with
    violations is not published: its reports go to OUT/failed-build/ and the exit code is 1.
    With --quarantine the descriptions with violations are left out and listed in the
    reports, and the rest is published (exit code 0). A file that takes longer than
    --file-timeout or more memory than --file-memory fails like an unreadable one.

    Example: prestatiegraaf build docs/ --manifest docs/manifest.csv --out out/
    """
    if not _IRI.fullmatch(base):
        typer.echo(f"error: --base {base!r} is not an absolute IRI (e.g. {DEFAULT_BASE})", err=True)
        raise typer.Exit(2)
    if not sources and manifest is None:
        manifest = example_manifest()
    options = BuildOptions(
        tuple(sources or ()), manifest, out, base, channel, encoding,
        validate=not skip_validation,
        keep_going=keep_going,
        workers=jobs,
        cache=not no_cache, shapes=shapes, fail_on=Severity(fail_on.value.capitalize()),
        quarantine=quarantine, limits=FileLimits(file_timeout, file_memory), links=links,
    )  # fmt: skip
    try:
        result = build(options)
    except PublisherError as error:
        raise fail(error) from None
    if not quiet:
        for warning in result.warnings:
            typer.echo(f"warning: {warning}", err=True)
        if result.validation is not None:
            _print_warnings(result.validation)
    for failure in result.failures:
        typer.echo(f"error: {failure.message} (skipped: --keep-going)", err=True)
    if result.left_out:
        if not quiet:
            for item in result.left_out:
                found = len(item.findings)
                typer.echo(f"warning: {item.file}: {item.code} ({item.document}) left out: "
                           f"{found} finding{'s' if found != 1 else ''}", err=True)  # fmt: skip
        count = len(result.left_out)
        typer.echo(
            f"warning: {count} description{'s' if count != 1 else ''} left out of the published "
            f"graph (--quarantine); report in {out / REPORT_FILE}",
            err=True,
        )
    failed = f", {len(result.failures)} failed" if result.failures else ""
    kept = "; graph unchanged since the last build, its files kept" if result.unchanged else ""
    if result.patched:
        kept = "; graph files patched where the changed files' part of the graph changed"
    left = f" ({len(result.left_out)} left out)" if result.left_out else ""
    typer.echo(
        f"{len(result.documents)} files{failed}, {result.sections} sections{left}, "
        f"{result.triples} triples -> {out / MAIN_FILE} (coverage: {out / 'report.txt'}){kept}"
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
    allow_service: AllowService = False,
    timeout: Timeout = 60.0,
    endpoint: Endpoint = None,
    user: User = None,
    password_env: PasswordEnv = None,
    expect_max_rows: ExpectMaxRows = None,
    all_graphs: AllGraphs = False,
) -> None:
    """Run a SPARQL query against built graphs, or at an endpoint, and print the results.

    Results are printed as they come (a table once all its rows are known). SERVICE (a query
    sent to another endpoint) is refused unless --allow-service; a query that runs longer
    than --timeout seconds is stopped (exit code 2). With --endpoint the query runs at that
    SPARQL endpoint (on the graphs `push` published there); a result the endpoint cut short
    is printed and then reported (exit code 2).

    Example: prestatiegraaf query queries/budget.rq --data output/ --format csv
    """
    try:
        if endpoint is not None:
            if data:
                raise QueryError("--data and --endpoint exclude each other: query one or the other")
            query_endpoint(
                query, endpoint, fmt.value, sys.stdout.buffer, timeout=limit(timeout),
                user=user, password_env=password_env, expect_max_rows=expect_max_rows,
                allow_service=allow_service, all_graphs=all_graphs,
            )  # fmt: skip
            return
        output = getattr(sys.stdout, "buffer", None)
        if output is None:  # started with standard output closed
            raise OutputError("standard output is closed: nowhere to print the results")
        text = read_query(query)
        store = load_data(data or [Path("output")])
        stream_results(
            text, store, fmt.value, output, source=query,
            allow_service=allow_service, timeout=limit(timeout),
        )  # fmt: skip
    except PublisherError as error:
        raise fail(error) from None
    except KeyboardInterrupt as stop:
        if isinstance(stop, Stopped) and stop.begun:  # part of the results was printed
            typer.echo("error: interrupted; the output is incomplete", err=True)
            raise typer.Exit(130) from None
        raise interrupted() from None


def _print_warnings(result: ValidationResult) -> None:
    counts = result.counts
    for finding in result.findings:
        if finding.severity is Severity.WARNING:
            typer.echo(f"warning: {format_finding(finding)}", err=True)
    typer.echo(
        f"validation: {counts['Violation']} violations, {counts['Warning']} warnings, "
        f"{counts['Info']} infos",
        err=True,
    )


@app.command("validate")
def validate_command(
    data: Annotated[
        list[Path] | None, typer.Argument(help="Turtle/N-Triples files or build folders.")
    ] = None,
    shapes: Annotated[
        Path | None, typer.Option(help="Folder or file of SHACL shapes (default: the project's).")
    ] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", "-f", help="Report format.")] = (
        ReportFormat.text
    ),
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Least severe finding that fails (exit 1).")
    ] = FailOn.violation,
    lang: Annotated[str, typer.Option(help="Language of the messages (en or nl).")] = "en",
    engine: Annotated[Engine, typer.Option(help="fast (built in) or pyshacl (full SHACL).")] = (
        Engine.fast
    ),
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to a file.")
    ] = None,
    allow_service: AllowService = False,
    timeout: Timeout = 60.0,
) -> None:
    """Validate graphs against the SHACL shapes; exit 0 conforms, 1 does not, 2 bad input.

    SPARQL constraints with SERVICE are refused unless --allow-service; a constraint's query
    that runs longer than --timeout seconds stops the validation (exit code 2).

    Example: prestatiegraaf validate output/prestaties.ttl --format junit -o report.xml
    """
    try:
        if output is not None and not output.parent.is_dir():
            raise OutputError(
                f"cannot write the report: folder {output.parent} does not exist", path=output
            )
        level = Severity(fail_on.value.capitalize())
        result = validate_files(
            data or [Path("output")], shapes, level, engine=engine.value,
            allow_service=allow_service, timeout=limit(timeout),
        )  # fmt: skip
    except PublisherError as error:
        raise fail(error) from None
    except KeyboardInterrupt:
        raise interrupted() from None
    shown = str((data or [Path("output")])[0])
    if fmt is ReportFormat.github:
        report = format_github(result, lang, shown)
    else:
        report = FORMATTERS[fmt.value](result, lang)
    if output is not None:
        try:
            output.write_text(report, encoding="utf-8")
        except OSError as exc:
            problem = OutputError(f"cannot write the report: {exc.strerror}", path=output)
            raise fail(problem) from None
        typer.echo(format_text(result, lang).splitlines()[-1])
    else:
        sys.stdout.write(report)
    raise typer.Exit(0 if result.conforms else 1)


@app.command("diff")
def diff_command(
    document_a: Annotated[str, typer.Argument(help="Earlier document, e.g. 'Begroting 2017'.")],
    document_b: Annotated[str, typer.Argument(help="Later document, e.g. 'Monitor 2017-II'.")],
    code: Annotated[str | None, typer.Option(help="Only this prestatie code.")] = None,
    data: Annotated[
        list[Path] | None,
        typer.Option("--data", "-d", help="Turtle file or build folder (repeatable)."),
    ] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = (
        DiffFormat.text
    ),
) -> None:
    """Show what changed for each prestatie between two documents.

    Example: prestatiegraaf diff "Begroting 2017" "Monitor 2016-II" --code 5.2.1
    """
    try:
        diff = diff_documents(load_data(data or [Path("output")]), document_a, document_b, code)
    except PublisherError as error:
        raise fail(error) from None
    if fmt is DiffFormat.json:
        typer.echo(json.dumps(diff.as_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(format_diff(diff), nl=False)


app.command("evaluate")(evaluate_command)
app.command("actors")(actors_command)

from prestatiegraaf.cli_serve import register_serve  # noqa: E402 - registered after the others

register_serve(app)

from prestatiegraaf.cli_push import register_push  # noqa: E402 - registered after the others

register_push(app)

from prestatiegraaf.cli_indicator import register_indicator  # noqa: E402 - registered after the others

register_indicator(app)

from prestatiegraaf.cli_link import register_link  # noqa: E402 - registered after the others

register_link(app)
