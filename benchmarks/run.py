"""End-to-end benchmark of prestatiegraaf on a generated corpus, with plain-library baselines.

``python benchmarks/run.py --sections N`` generates N realistic prestatie sections
(``benchmarks/corpus.py``) and measures each step in a process of its own
(``benchmarks/step.py``), so the peak memory of a step is that step's:

1. extraction: load, extract and map every source to its part of the graph, file by file, as
   the build's worker processes do (no cache; also with one worker process),
2. merging the parts with the cross-document part into one sorted graph (also reported: the
   mapping done again in one process, ``serial_map_seconds``),
3. validation with the project's shapes (built-in engine on a pyoxigraph store),
4. serialisation as Turtle, N-Triples, JSON-LD and TriG,
5. loading a pyoxigraph store (``bulk_load`` of the N-Triples),
6. every competency query in ``queries/*.rq`` (p50 and p95 over ``--repeat`` runs), and
   each again without its ORDER BY (same rows; ``unsorted_p50``, ``unsorted_p95``),
7. the whole ``prestatiegraaf build``: cold, again with nothing changed, and again after one
   sentence of one source file changed (incremental rebuild).

Unless ``--skip-baseline`` is given the same work is done the plain way: an rdflib ``Graph``
filled with ``Graph.add``, rdflib's Turtle and N-Triples serialisers, rdflib's SPARQL engine
and pySHACL with default settings (on two samples of whole descriptions when the graph exceeds
``--baseline-validate-limit`` triples, extrapolated along the line through both and marked so).

``--json`` prints ``{"metadata": {...}, "steps": [{"step", "seconds", "peak_rss_mb",
"triples", "baseline_seconds"?, "speedup"?, ...}, ...]}`` instead of the table.
``--scaling 1000,5000,20000`` runs the steps at each size and fits the exponent of cost
against size (least squares on log-log) per step.

Peak memory (``peak_rss_mb``) is the largest resident set of the step's process, as the
operating system reports it when the process ends. ``peak_tree_rss_mb`` is the largest sum of
the resident sets of the step's process and the worker processes it started, sampled ten times
a second (Linux only).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import math
import os
import platform
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (a sibling module, found through the line above)

HERE = Path(__file__).resolve().parent
STEP_SCRIPT = HERE / "step.py"
Row = dict[str, Any]


@dataclass(frozen=True)
class Spec:
    """A row of the report: which step computes it, what it needs, what it compares with."""

    label: str
    step: str
    needs: str | None = None
    baseline: str | None = None


SPECS = [
    Spec("extract+map per file", "extract"),
    Spec("extract+map (1 worker)", "extract-serial"),
    Spec("merge graph", "map", needs="extract"),
    Spec("validate", "validate", needs="map", baseline="baseline-validate"),
    Spec("serialize turtle", "serialize-turtle", needs="map", baseline="baseline-serialize-turtle"),
    Spec(
        "serialize ntriples",
        "serialize-ntriples",
        needs="map",
        baseline="baseline-serialize-ntriples",
    ),
    Spec("serialize jsonld", "serialize-jsonld", needs="map"),
    Spec("serialize trig", "serialize-trig", needs="map"),
    Spec("load store", "load", needs="map", baseline="baseline-load"),
    Spec("query", "query", needs="map", baseline="baseline-query"),
    Spec("build", "build"),
    Spec("build (nothing changed)", "build-unchanged", needs="build"),
    Spec("build (one file changed)", "build-one-file", needs="build"),
]
BASELINE_NOTES = {
    "baseline-load": "rdflib Graph.add",
    "baseline-serialize-turtle": "rdflib turtle",
    "baseline-serialize-ntriples": "rdflib nt",
    "baseline-query": "rdflib SPARQL",
    "baseline-validate": "pySHACL defaults",
}


@dataclass(frozen=True)
class Options:
    """Settings of one benchmark run."""

    workdir: Path
    repeat: int
    baseline_repeat: int
    skip_baseline: bool
    validate_limit: int
    workers: int | None
    timeout: float
    query_budget: float
    quiet: bool


def log(options: Options, message: str) -> None:
    """Progress on standard error (the table or JSON goes to standard output)."""
    if not options.quiet:
        print(message, file=sys.stderr, flush=True)


def session_rss_mb(session: int) -> float | None:
    """Resident memory of every process in a session, summed (Linux ``/proc``; else None)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            if int(fields[3]) != session:  # field 6 of stat: the session id
                continue
            total += int((entry / "statm").read_text().split()[1]) * page
        except (OSError, ValueError, IndexError):
            continue
    return total / (1024 * 1024)


def _kill(process: subprocess.Popen[bytes]) -> None:
    """End the step process and the workers it started (its own process group)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def run_step(step: str, options: Options, workdir: Path, manifest: Path) -> Row:
    """Run ``step.py STEP`` in a new process and return its result with its peak memory."""
    results, logs = workdir / "results", workdir / "logs"
    results.mkdir(parents=True, exist_ok=True)
    logs.mkdir(parents=True, exist_ok=True)
    name = step
    result_file = results / f"{name}.json"
    result_file.unlink(missing_ok=True)
    baseline = step.startswith("baseline")
    repeat = options.baseline_repeat if baseline else options.repeat
    command = [
        sys.executable,
        str(STEP_SCRIPT),
        step,
        "--workdir",
        str(workdir),
        "--result",
        str(result_file),
        "--manifest",
        str(manifest),
        "--repeat",
        str(repeat),
        "--validate-limit",
        str(options.validate_limit),
        "--query-budget",
        str(options.query_budget),
    ]
    if options.workers:
        command += ["--workers", str(options.workers)]
    started = time.perf_counter()
    timed_out = False
    tree_peak: float | None = None
    with (logs / f"{name}.out").open("wb") as out, (logs / f"{name}.err").open("wb") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, start_new_session=True)
        try:
            while True:
                pid, status, usage = os.wait4(process.pid, os.WNOHANG)
                if pid:
                    break
                tree = session_rss_mb(process.pid)
                if tree is not None:
                    tree_peak = max(tree_peak or 0.0, tree)
                if options.timeout and time.perf_counter() - started > options.timeout:
                    timed_out = True
                    _kill(process)
                    pid, status, usage = os.wait4(process.pid, 0)
                    break
                time.sleep(0.1)
        except BaseException:
            _kill(process)
            raise
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    row: Row = {
        "peak_rss_mb": round(usage.ru_maxrss / scale, 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
        "wall_seconds": round(wall, 3),
    }
    result: Row = {}
    with contextlib.suppress(OSError, ValueError):
        result = json.loads(result_file.read_text(encoding="utf-8"))
    if timed_out:
        row["error"] = f"timed out after {options.timeout:.0f} s"
    elif process.returncode != 0 or "error" in result or "seconds" not in result:
        row["error"] = (
            result.get("error")
            or _last_line(logs / f"{name}.err")
            or (f"exit status {process.returncode}")
        )
    if "error" in row:
        row["log"] = str((logs / f"{name}.err").relative_to(options.workdir))
        return row
    peak_self = result.pop("rss_peak_self_mb", 0)
    row["peak_rss_mb"] = max(row["peak_rss_mb"], peak_self)
    if tree_peak is not None:
        row["peak_tree_rss_mb"] = round(tree_peak, 1)
    return {**result, **row}


def _last_line(path: Path) -> str:
    with contextlib.suppress(OSError):
        lines = [ln for ln in path.read_text(errors="replace").splitlines() if ln.strip()]
        return lines[-1][:300] if lines else ""
    return ""


def run_all(options: Options, workdir: Path, manifest: Path, sections: int) -> list[Row]:
    """Every step (and baseline) on one corpus; a failed step is reported, never raised."""
    rows: list[Row] = []
    done: dict[str, Row] = {}
    for spec in SPECS:
        row: Row = {"step": spec.label}
        needed = done.get(spec.needs) if spec.needs else None
        if spec.needs and (needed is None or "error" in needed):
            row["error"] = f"skipped: needs {spec.needs}"
        else:
            row.update(run_step(spec.step, options, workdir, manifest))
        done[spec.step] = row
        log(options, f"  [{sections}] {_progress(row)}")
        if spec.baseline and not options.skip_baseline and "error" not in row:
            base = run_step(spec.baseline, options, workdir, manifest)
            log(options, f"  [{sections}] {_progress({'step': spec.baseline, **base})}")
            _merge_baseline(row, base, spec.baseline)
        rows.append(row)
        if spec.step == "query":
            rows.extend(_query_rows(row))
    return rows


def _progress(row: Row) -> str:
    if "error" in row:
        return f"{row['step']}: FAILED: {row['error']}"
    return f"{row['step']}: {row['seconds']:.3f} s, {row['peak_rss_mb']:.0f} MB"


def _merge_baseline(row: Row, base: Row, step: str) -> None:
    """Add the baseline's time, memory and speedup to a project row."""
    if "error" in base:
        row["baseline_error"] = base["error"]
        return
    row["baseline"] = BASELINE_NOTES[step]
    row["baseline_seconds"] = base["seconds"]
    row["baseline_peak_rss_mb"] = base["peak_rss_mb"]
    if row["seconds"] > 0:
        row["speedup"] = base["seconds"] / row["seconds"]
    extra = {
        k: v
        for k, v in base.items()
        if k
        in (
            "extrapolated",
            "extrapolation",
            "sample_triples",
            "sample_seconds",
            "sample_descriptions",
            "descriptions",
            "small_sample_triples",
            "small_sample_seconds",
            "small_sample_descriptions",
            "shared_triples",
            "linear_in_triples_seconds",
            "conforms",
            "queries",
        )
    }
    if extra:
        row["baseline_details"] = extra
    if base.get("extrapolated"):
        row["extrapolated"] = True


def _query_rows(row: Row) -> list[Row]:
    """One row per competency query: p50 as seconds, p95 beside it."""
    if "error" in row:
        return []
    baseline = row.get("baseline_details", {}).get("queries", {})
    out = []
    for name, figures in row.get("queries", {}).items():
        entry: Row = {
            "step": f"query {name}",
            "seconds": figures["p50"],
            "p50": figures["p50"],
            "p95": figures["p95"],
            "runs": figures["runs"],
            "rows": figures["rows"],
            **{k: figures[k] for k in ("unsorted_p50", "unsorted_p95") if k in figures},
            "peak_rss_mb": row["peak_rss_mb"],
            "triples": row.get("triples"),
        }
        if name in baseline:
            base = baseline[name]
            entry.update(
                baseline="rdflib SPARQL",
                baseline_seconds=base["p50"],
                baseline_p95=base["p95"],
                baseline_runs=base["runs"],
            )
            if figures["p50"] > 0:
                entry["speedup"] = base["p50"] / figures["p50"]
            if base["rows"] != figures["rows"]:
                entry["baseline_rows"] = base["rows"]
        out.append(entry)
    return out


# ---------------------------------------------------------------------------------------------
# Corpus, metadata and output
# ---------------------------------------------------------------------------------------------


def make_corpus(options: Options, folder: Path, sections: int, seed: int) -> tuple[Path, Row]:
    """Generate the corpus; return its manifest and a description of it."""
    started = time.perf_counter()
    manifest = corpus.generate_corpus(folder, sections, seed)
    seconds = time.perf_counter() - started
    plan = corpus.plan_corpus(sections, seed)
    styles: dict[str, int] = {}
    for file in plan.files:
        styles[file.style] = styles.get(file.style, 0) + 1
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    info = {
        "sections": plan.sections,
        "files": len(plan.files),
        "multi_section_files": sum(1 for f in plan.files if len(f.sections) > 1),
        "styles": dict(sorted(styles.items())),
        "bytes": size,
        "seed": seed,
        "generate_seconds": round(seconds, 3),
    }
    log(
        options,
        f"corpus: {info['sections']} sections in {info['files']} files, "
        f"{size / 1e6:.1f} MB ({seconds:.1f} s)",
    )
    return manifest, info


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _commit() -> str | None:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=HERE,
            check=True,
            capture_output=True,
            text=True,
            timeout=10,
        )
        return done.stdout.strip() or None
    return None


def run_metadata(options: Options, argv: Sequence[str]) -> Row:
    """Where and with what the benchmark ran."""
    usable: int | None
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": shlex.join(["python", "benchmarks/run.py", *argv]),
        "machine": {
            "cores": os.cpu_count(),
            "usable_cores": usable,
            "platform": platform.platform(),
            "processor": platform.machine(),
        },
        "python": platform.python_version(),
        "versions": {
            name: _version(name) for name in ("prestatiegraaf", "pyoxigraph", "rdflib", "pyshacl")
        },
        "commit": _commit(),
        "repeat": options.repeat,
        "baseline_repeat": None if options.skip_baseline else options.baseline_repeat,
        "baseline_validate_limit": None if options.skip_baseline else options.validate_limit,
        "workers": options.workers,
    }


def _num(value: Any, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        if value == 0:
            return "0"
        magnitude = math.floor(math.log10(abs(value)))
        return f"{value:.{max(0, digits - 1 - magnitude)}f}"
    return str(value)


def _mb(value: Any) -> str:
    return "-" if value is None else f"{value:.1f}"


def format_table(rows: list[Row]) -> str:
    """A readable table: step, seconds, peak RSS, triples, baseline seconds, speedup, notes."""
    header = ["step", "seconds", "peak RSS MB", "triples", "baseline s", "speedup", "notes"]
    lines = [header]
    for row in rows:
        notes = _notes(row)
        if "error" in row:
            lines.append([row["step"], "FAILED", "-", "-", "-", "-", row["error"]])
            continue
        speedup = row.get("speedup")
        baseline = row.get("baseline_seconds")
        lines.append(
            [
                row["step"],
                _num(row["seconds"]),
                _mb(row.get("peak_rss_mb")),
                _num(row.get("triples")),
                (_num(baseline) + ("*" if row.get("extrapolated") else "")) if baseline else "-",
                f"{speedup:.1f}x" if speedup else "-",
                notes,
            ]
        )
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    out = []
    for index, line in enumerate(lines):
        cells = [
            str(c).ljust(w) if i in (0, 6) else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip())
        if index == 0:
            out.append("  ".join("-" * w for w in widths))
    if any(row.get("extrapolated") for row in rows):
        out.append(
            "* pySHACL ran on two samples of whole descriptions; time extrapolated along the line"
            " through both"
        )
    return "\n".join(out)


def _notes(row: Row) -> str:
    parts = []
    if "sections" in row and row["step"].startswith("extract"):
        parts.append(f"{row['sections']} sections, {row.get('files')} files")
        if row.get("failures"):
            parts.append(f"{row['failures']} failed")
    if row["step"] == "query" and "queries" in row:
        parts.append(f"sum of p50 over {len(row['queries'])} queries")
    if "p95" in row:
        parts.append(f"p95 {_num(row['p95'])} s, {row['rows']} rows")
        if "unsorted_p95" in row:
            parts.append(f"without ORDER BY p95 {_num(row['unsorted_p95'])} s")
        if "baseline_p95" in row:
            parts.append(f"rdflib p95 {_num(row['baseline_p95'])} s")
    tree = row.get("peak_tree_rss_mb")
    if tree and tree > 1.1 * row.get("peak_rss_mb", 0):
        parts.append(f"{tree:.0f} MB with worker processes")
    if "bytes" in row:
        parts.append(f"{row['bytes'] / 1e6:.1f} MB")
    if row.get("changed_file"):
        parts.append(f"after changing {row['changed_file']}")
    if row.get("graph_files_kept"):
        parts.append("graph files kept")
    if "results" in row and isinstance(row["results"], dict):
        parts.append(", ".join(f"{v} {k.lower()}" for k, v in row["results"].items()))
    details = row.get("baseline_details", {})
    if "sample_triples" in details:
        parts.append(
            f"pySHACL samples: {details['small_sample_triples']} triples in "
            f"{details['small_sample_seconds']:.0f} s, {details['sample_triples']} in "
            f"{details['sample_seconds']:.0f} s ({details['sample_descriptions']} of "
            f"{details['descriptions']} descriptions, {details['shared_triples']} shared triples)"
        )
    if row.get("baseline_error"):
        parts.append(f"baseline failed: {row['baseline_error']}")
    return "; ".join(parts)


def fit_exponent(sizes: Sequence[float], costs: Sequence[float]) -> float | None:
    """Slope of log(cost) against log(size) by least squares (None for fewer than 2 points)."""
    points = [(math.log(n), math.log(c)) for n, c in zip(sizes, costs, strict=True) if c > 0]
    if len(points) < 2:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    var = sum((x - mean_x) ** 2 for x, _ in points)
    if var == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / var


def scaling_table(sizes: list[int], runs: dict[int, list[Row]]) -> tuple[str, Row]:
    """Seconds and peak memory per step at each size, with fitted exponents."""
    labels: list[str] = []
    for size in sizes:
        for row in runs[size]:
            if row["step"] not in labels:
                labels.append(row["step"])
    exponents: Row = {}
    header = [
        "step",
        *[f"s @{n}" for n in sizes],
        "exponent",
        *[f"MB @{n}" for n in sizes],
        "MB exponent",
    ]
    lines = [header]
    for label in labels:
        found = {n: next((r for r in runs[n] if r["step"] == label), None) for n in sizes}
        ok = {n: r for n, r in found.items() if r and "error" not in r}
        seconds = [ok[n]["seconds"] for n in sizes if n in ok]
        memory = [ok[n]["peak_rss_mb"] for n in sizes if n in ok]
        good = [n for n in sizes if n in ok]
        time_exp = fit_exponent(good, seconds)
        mem_exp = fit_exponent(good, memory)
        exponents[label] = {"time": time_exp, "memory": mem_exp}
        lines.append(
            [
                label,
                *[_num(ok[n]["seconds"]) if n in ok else "FAILED" for n in sizes],
                _num(time_exp, 2),
                *[_mb(ok[n]["peak_rss_mb"]) if n in ok else "-" for n in sizes],
                _num(mem_exp, 2),
            ]
        )
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    out = []
    for index, line in enumerate(lines):
        out.append(
            "  ".join(
                str(c).ljust(w) if i == 0 else str(c).rjust(w)
                for i, (c, w) in enumerate(zip(line, widths, strict=True))
            )
        )
        if index == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out), exponents


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(
        description="Benchmark prestatiegraaf on a generated corpus.",
        epilog="Example: python benchmarks/run.py --sections 1000 --json",
    )
    size = parser.add_mutually_exclusive_group(required=True)
    size.add_argument("--sections", type=int, help="number of generated sections")
    size.add_argument("--scaling", help="comma-separated sizes, e.g. 1000,5000,20000")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--skip-baseline", action="store_true", help="do not run the rdflib/pySHACL baselines"
    )
    parser.add_argument("--repeat", type=int, default=20, help="runs per query (default 20)")
    parser.add_argument(
        "--baseline-repeat", type=int, default=3, help="runs per query with rdflib (default 3)"
    )
    parser.add_argument(
        "--baseline-validate-limit",
        type=int,
        default=200_000,
        help="largest graph pySHACL validates whole, and the size of its larger sample "
        "beyond that (default 200000)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        help="folder for the corpus and intermediate files (kept); "
        "default: a temporary folder, removed afterwards",
    )
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED, help="corpus seed")
    parser.add_argument(
        "--workers", type=int, help="extraction worker processes (default: the project's default)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=7200,
        help="seconds before a step is stopped (0: never; default 7200)",
    )
    parser.add_argument(
        "--query-budget",
        type=float,
        default=300,
        help="seconds after which a query is not repeated (default 300)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress on standard error")
    args = parser.parse_args(argv)
    if args.sections is not None and args.sections < 1:
        parser.error("--sections must be at least 1")
    if args.scaling is not None:
        try:
            args.sizes = sorted({int(part) for part in args.scaling.split(",") if part.strip()})
        except ValueError:
            parser.error("--scaling takes comma-separated whole numbers, e.g. 1000,5000,20000")
        if not args.sizes or min(args.sizes) < 1:
            parser.error("--scaling sizes must be at least 1")
    if args.repeat < 1 or args.baseline_repeat < 1:
        parser.error("--repeat and --baseline-repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; exit status 1 when a step failed, 2 for bad usage."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    temporary = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="prestatiegraaf-bench-")) if temporary else args.workdir
    workdir = workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    options = Options(
        workdir,
        args.repeat,
        args.baseline_repeat,
        args.skip_baseline,
        args.baseline_validate_limit,
        args.workers,
        args.timeout,
        args.query_budget,
        args.quiet,
    )
    meta = run_metadata(options, argv)
    try:
        if args.scaling is not None:
            return _scaling(options, args, meta)
        return _single(options, args, meta)
    finally:
        if temporary:
            shutil.rmtree(workdir, ignore_errors=True)


def _single(options: Options, args: argparse.Namespace, meta: Row) -> int:
    manifest, info = make_corpus(options, options.workdir / "corpus", args.sections, args.seed)
    meta["corpus"] = info
    rows = run_all(options, options.workdir, manifest, args.sections)
    meta["sections"] = args.sections
    if args.json:
        print(json.dumps({"metadata": meta, "steps": rows}, indent=2, default=str))
    else:
        print(
            f"prestatiegraaf benchmark: {args.sections} sections, "
            f"{meta['corpus']['files']} files; {meta['date']}; "
            f"{meta['machine']['usable_cores']} cores"
        )
        print(format_table(rows))
    return 1 if any("error" in row for row in rows) else 0


def _scaling(options: Options, args: argparse.Namespace, meta: Row) -> int:
    runs: dict[int, list[Row]] = {}
    corpora: Row = {}
    for size in args.sizes:
        folder = options.workdir / f"n{size}"
        manifest, corpora[str(size)] = make_corpus(options, folder / "corpus", size, args.seed)
        runs[size] = run_all(options, folder, manifest, size)
        for leftover in ("graph.nt", "extracted.pickle"):
            (folder / leftover).unlink(missing_ok=True)
    table, exponents = scaling_table(args.sizes, runs)
    meta["corpus"] = corpora
    if args.json:
        payload = {
            "metadata": meta,
            "sizes": args.sizes,
            "runs": {str(n): rows for n, rows in runs.items()},
            "exponents": exponents,
        }
        print(json.dumps(payload, indent=2, default=str))
    else:
        print(
            f"prestatiegraaf scaling: sections {', '.join(map(str, args.sizes))}; "
            f"{meta['date']}; {meta['machine']['usable_cores']} cores"
        )
        print(table)
        print("exponent: slope of log(seconds) and log(peak MB) against log(sections)")
    failed = any("error" in row for rows in runs.values() for row in rows)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
