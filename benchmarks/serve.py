"""Load test of ``prestatiegraaf serve``, beside ``oxigraph serve`` on the same graph.

    python benchmarks/serve.py output/ --seconds 30 --clients 32

starts ``prestatiegraaf serve DATA`` on a free port of 127.0.0.1 and lets ``--clients``
concurrent clients (asyncio and httpx) send requests for ``--seconds``, each the next of a
fixed mix: the example queries of ``queries/*.rq`` at ``/sparql`` (JSON results), resource
pages (HTML), resources as Turtle, and the home page. Then the same clients send only the
example queries, to the same server and to ``oxigraph serve-read-only`` on a store loaded
(``oxigraph load``) with the same files. Resources are a fixed sample (``--seed``) of the
prestaties, descriptions, actions, actors and documents of the graph.

Prints, per run and kind of request: requests, errors, p50/p95/p99 latency in milliseconds
and requests per second, and each server's memory (the resident sets of its process and its
child processes, from ``/proc``) before and after. Exit code 1 when any request failed
(a status other than 200, or no answer).

Both servers answer in full: prestatiegraaf with ``--max-rows 0``, as oxigraph has no limit.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
QUERIES = HERE.parent / "queries"
JSON_RESULTS = "application/sparql-results+json"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
# one round of the mixed load: kind and how many of each
MIX = (("sparql", 4), ("page", 3), ("turtle", 2), ("home", 1))
CLASSES = ("Prestatie", "Prestatiebeschrijving", "Actie", "Actor", "Document")


@dataclass(frozen=True)
class Request:
    """One request of the load: its kind, URL path and query, and Accept header."""

    kind: str
    path: str
    params: dict[str, str] | None
    accept: str


@dataclass
class Run:
    """The latencies (seconds) and errors of one run, per kind."""

    name: str
    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    first_error: str = ""
    memory_before_mb: float = 0.0
    memory_after_mb: float = 0.0


def free_port() -> int:
    """A TCP port of 127.0.0.1 nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def tree_rss_mb(pid: int) -> float:
    """The resident sets of ``pid`` and all its descendants, in MB (Linux ``/proc``)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total / 1024


def wait_listening(url: str, process: subprocess.Popen[bytes], seconds: float = 300) -> None:
    """Wait until ``url`` answers; fail when the process ends first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server ended with exit code {process.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            httpx.get(url, timeout=5)
            return
        time.sleep(0.2)
    raise SystemExit(f"the server did not answer at {url} in {seconds:g} s")


@contextlib.contextmanager
def running(command: Sequence[str], url: str, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A server process started with ``command``, stopped (SIGTERM) afterwards."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_listening(url, process)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def example_queries() -> dict[str, str]:
    """The example queries, by file name."""
    return {path.stem: path.read_text("utf-8") for path in sorted(QUERIES.glob("*.rq"))}


def sample_resources(url: str, per_class: int, seed: int) -> list[str]:
    """Paths of a fixed sample of resources of each class, read from the endpoint."""
    found: list[str] = []
    for name in CLASSES:
        query = (
            f"SELECT ?s WHERE {{ ?s a <https://w3id.org/prestatiegraaf/def#{name}> }} "
            f"ORDER BY ?s LIMIT {per_class * 20}"
        )
        reply = httpx.get(url + "sparql", params={"query": query}, headers={"Accept": JSON_RESULTS})
        reply.raise_for_status()
        iris = [b["s"]["value"] for b in reply.json()["results"]["bindings"]]
        chosen = random.Random(f"{seed} {name}").sample(iris, min(per_class, len(iris)))
        found += ["id/" + iri.split("/id/", 1)[1] for iri in chosen]
    return found


def requests_for(kinds: Sequence[str], queries: dict[str, str], resources: list[str],
                 endpoint: str) -> list[Request]:  # fmt: skip
    """The requests of one cycle of the load, in a fixed order."""
    made: list[Request] = []
    sparql = [Request("sparql", endpoint, {"query": q}, JSON_RESULTS) for q in queries.values()]
    pages = [Request("page", path, None, BROWSER) for path in resources]
    turtle = [Request("turtle", path, None, "text/turtle") for path in resources]
    pools = {"sparql": sparql, "page": pages, "turtle": turtle,
             "home": [Request("home", "", None, BROWSER)]}  # fmt: skip
    rounds = max(len(pool) for kind, pool in pools.items() if kind in kinds)
    for index in range(rounds):
        for kind, count in MIX:
            if kind in kinds:
                pool = pools[kind]
                made += [pool[(index * count + i) % len(pool)] for i in range(count)]
    return made


async def load(url: str, requests: list[Request], clients: int, seconds: float,
               run: Run) -> None:  # fmt: skip
    """``clients`` clients sending ``requests`` in turn for ``seconds``."""
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    timeout = httpx.Timeout(120.0)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=timeout) as client:
        deadline = time.monotonic() + seconds

        async def one_client(number: int) -> None:
            index = number * len(requests) // clients  # each client starts elsewhere
            while time.monotonic() < deadline:
                request = requests[index % len(requests)]
                index += 1
                started = time.perf_counter()
                try:
                    reply = await client.get(
                        request.path, params=request.params, headers={"Accept": request.accept}
                    )
                    await reply.aread()
                    failed = "" if reply.status_code == 200 else f"status {reply.status_code}"
                except httpx.HTTPError as error:
                    failed = f"{type(error).__name__}: {error}"
                elapsed = time.perf_counter() - started
                if failed:
                    run.errors[request.kind] = run.errors.get(request.kind, 0) + 1
                    run.first_error = run.first_error or f"{request.kind} {request.path}: {failed}"
                else:
                    run.latencies.setdefault(request.kind, []).append(elapsed)

        await asyncio.gather(*(one_client(n) for n in range(clients)))


def measure(name: str, url: str, pid: int, requests: list[Request], options: Any) -> Run:
    """One run: warm up (each distinct request once), then the timed load."""
    run = Run(name, options.seconds)
    run.memory_before_mb = tree_rss_mb(pid)
    distinct = list({(r.path, json.dumps(r.params), r.accept): r for r in requests}.values())
    for request in distinct:
        httpx.get(url + request.path, params=request.params, headers={"Accept": request.accept},
                  timeout=300).raise_for_status()  # fmt: skip
    asyncio.run(load(url, requests, options.clients, options.seconds, run))
    run.memory_after_mb = tree_rss_mb(pid)
    return run


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of ``values`` (not empty), in milliseconds."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return 1000 * ordered[rank - 1]


def table(run: Run) -> str:
    """A Markdown table of a run."""
    lines = [f"**{run.name}** ({run.seconds:g} s; memory {run.memory_before_mb:.0f} MB before, "
             f"{run.memory_after_mb:.0f} MB after)", "",
             "| requests | n | errors | p50 ms | p95 ms | p99 ms | req/s |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]  # fmt: skip
    kinds = sorted(set(run.latencies) | set(run.errors))
    everything = [value for kind in kinds for value in run.latencies.get(kind, [])]
    for kind, values in [*((k, run.latencies.get(k, [])) for k in kinds), ("all", everything)]:
        errors = sum(run.errors.values()) if kind == "all" else run.errors.get(kind, 0)
        cells = [f"{percentile(values, s):.0f}" if values else "-" for s in (0.5, 0.95, 0.99)]
        rate = (len(values) + errors) / run.seconds
        label = f"**{kind}**" if kind == "all" else kind
        lines.append(f"| {label} | {len(values)} | {errors} | {' | '.join(cells)} | {rate:.1f} |")
    return "\n".join(lines)


def summary(run: Run) -> dict[str, Any]:
    """A run as JSON."""
    kinds = {}
    for kind, values in run.latencies.items():
        kinds[kind] = {"n": len(values), "errors": run.errors.get(kind, 0),
                       **{f"p{int(s * 100)}_ms": round(percentile(values, s), 1)
                          for s in (0.5, 0.95, 0.99)}}  # fmt: skip
    return {"name": run.name, "seconds": run.seconds, "kinds": kinds,
            "errors": sum(run.errors.values()), "first_error": run.first_error,
            "memory_before_mb": round(run.memory_before_mb, 1),
            "memory_after_mb": round(run.memory_after_mb, 1)}  # fmt: skip


def graph_files(data: Path) -> list[Path]:
    """The files both servers load: the graph and the dataset description."""
    if data.is_file():
        return [data]
    main = data / "prestaties.nt" if (data / "prestaties.nt").is_file() else data / "prestaties.ttl"
    return [main] + [data / "dataset.ttl"] * (data / "dataset.ttl").is_file()


def bench(options: Any) -> list[Run]:
    """Every run the options ask for."""
    queries = example_queries()
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="serve-bench-") as work_name:
        work = Path(work_name)
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        command = [sys.executable, "-m", "prestatiegraaf", "serve", str(options.data),
                   "--port", str(port), "--quiet", "--max-rows", "0"]  # fmt: skip
        with running(command, url + "health", work / "prestatiegraaf.log") as server:
            resources = sample_resources(url, options.per_class, options.seed)
            mixed = requests_for(("sparql", "page", "turtle", "home"), queries, resources, "sparql")
            runs.append(measure("prestatiegraaf serve, mixed", url, server.pid, mixed, options))
            only = requests_for(("sparql",), queries, [], "sparql")
            runs.append(measure("prestatiegraaf serve, queries", url, server.pid, only, options))
        if options.skip_oxigraph:
            return runs
        oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
        store = work / "oxigraph"
        for path in graph_files(options.data):
            subprocess.run([oxigraph, "load", "--location", str(store), "--file", str(path)],
                           check=True, capture_output=True)  # fmt: skip
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        command = [oxigraph, "serve-read-only", "--location", str(store),
                   "--bind", f"127.0.0.1:{port}"]  # fmt: skip
        with running(command, url, work / "oxigraph.log") as server:
            only = requests_for(("sparql",), queries, [], "query")
            runs.append(
                measure("oxigraph serve-read-only, queries", url, server.pid, only, options)
            )
    return runs


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="build folder (or Turtle/N-Triples file)")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each run")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients")
    parser.add_argument("--per-class", type=int, default=40, help="resources sampled per class")
    parser.add_argument("--seed", type=int, default=1, help="seed of the resource sample")
    parser.add_argument("--skip-oxigraph", action="store_true", help="no oxigraph run")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    options = parser.parse_args(argv)
    if not options.data.exists():
        parser.error(f"{options.data} does not exist")
    started, busy = time.monotonic(), os.getloadavg()[0]
    runs = bench(options)
    if options.json:
        print(json.dumps({"data": str(options.data), "clients": options.clients,
                          "cpus": os.cpu_count(), "load_average_before": busy,
                          "runs": [summary(run) for run in runs]}, indent=2))  # fmt: skip
    else:
        print(f"{options.data}: {options.clients} clients, {os.cpu_count()} cores, "
              f"load average {busy:.1f} before, {time.monotonic() - started:.0f} s\n")  # fmt: skip
        for run in runs:
            print(table(run) + "\n")
    for run in runs:
        if run.errors:
            print(f"error: {run.name}: {sum(run.errors.values())} failed requests, "
                  f"the first: {run.first_error}", file=sys.stderr)  # fmt: skip
    return 1 if any(run.errors for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
