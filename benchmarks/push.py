"""Push a generated graph into SPARQL stores and time the example queries there and locally.

``python benchmarks/push.py --sections N`` generates N prestatie sections with
``benchmarks/corpus.py`` (default 5,500: about 1.5 million triples), builds them, and

1. starts ``oxigraph serve`` on 127.0.0.1 and pushes the build into it (``push_build``, as
   ``prestatiegraaf push`` does: temporary graphs, read back, swapped in), then pushes it
   again (nothing changed);
2. does the same with Virtuoso open source: the one named by ``PRESTATIEGRAAF_VIRTUOSO_URL``
   (``dba`` password in ``PRESTATIEGRAAF_VIRTUOSO_PASSWORD``), else one started here when
   ``virtuoso-t`` is installed, else none;
3. runs every ``queries/*.rq`` ``--repeat`` times on the embedded engine (pyoxigraph, the
   build loaded in memory, as ``prestatiegraaf query`` does) and on each store (as
   ``prestatiegraaf query --endpoint`` does: the push manifest read, then the query), and
   prints the seconds of each push and the p50/p95 of each query per engine in one table.

The figures are wall-clock seconds on the machine it runs on; they are not checked.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (a sibling module, found through the line above)

from prestatiegraaf.graph.store import load_data  # noqa: E402
from prestatiegraaf.query import read_query, run_query  # noqa: E402
from prestatiegraaf.stores.addresses import StoreKind, store_addresses  # noqa: E402
from prestatiegraaf.stores.client import Credentials, StoreClient  # noqa: E402
from prestatiegraaf.stores.push import push_build  # noqa: E402
from prestatiegraaf.stores.remote_query import run_remote_query  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 600
"""


@dataclass
class Engine:
    """One engine's figures: push seconds and each query's timings."""

    name: str
    push: float | None = None
    push_again: float | None = None
    timings: dict[str, list[float]] = field(default_factory=dict)


@dataclass(frozen=True)
class Store:
    """A running store: where it takes queries, and how to push to it."""

    name: str
    kind: StoreKind
    endpoint: str
    query: str
    credentials: Credentials | None = None


def free_port() -> int:
    """A TCP port free on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def listening(url: str) -> bool:
    """Whether something accepts connections at ``url``'s host and port."""
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "", parts.port or 80), timeout=1):
            return True
    except OSError:
        return False


def wait_for(url: str, process: subprocess.Popen[bytes], what: str, seconds: float = 120) -> None:
    """Wait until ``url`` accepts connections, or fail."""
    deadline = time.monotonic() + seconds
    while not listening(url):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit(f"{what} did not start")
        time.sleep(0.2)


@contextmanager
def oxigraph(work: Path) -> Iterator[Store]:
    """``oxigraph serve`` on a free port of 127.0.0.1, on a folder in ``work``."""
    binary = Path(sys.executable).with_name("oxigraph")
    if not binary.exists():
        raise SystemExit("the oxigraph server is not installed: pip install -e '.[test]'")
    port = free_port()
    process = subprocess.Popen(
        [str(binary), "serve", "--location", str(work / "oxigraph"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url, process, "oxigraph serve")
        yield Store("oxigraph server", StoreKind.oxigraph, url, f"{url}/query")
    finally:
        process.terminate()
        process.wait(60)


@contextmanager
def virtuoso(work: Path) -> Iterator[Store | None]:
    """The Virtuoso named in the environment, or one started here, or None."""
    given = os.environ.get("PRESTATIEGRAAF_VIRTUOSO_URL")
    if given:
        password = os.environ.get("PRESTATIEGRAAF_VIRTUOSO_PASSWORD", "dba")
        yield Store(
            "virtuoso", StoreKind.virtuoso, given, f"{given}/sparql", Credentials("dba", password)
        )
        return
    binary = shutil.which("virtuoso-t")
    if binary is None:
        yield None
        return
    folder = work / "virtuoso"
    folder.mkdir()
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(folder=folder, sql_port=sql_port, http_port=http_port))
    process = subprocess.Popen(
        [binary, "-c", str(ini), "+foreground"], cwd=folder,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{http_port}"
    try:
        wait_for(url, process, "Virtuoso")
        yield Store("virtuoso", StoreKind.virtuoso, url, f"{url}/sparql", Credentials("dba", "dba"))
    finally:
        process.terminate()
        process.wait(120)


def timed(run: Callable[[], object], repeat: int) -> list[float]:
    """Seconds of each of ``repeat`` runs of ``run`` (after one untimed warm-up run)."""
    run()
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - started)
    return seconds


def percentile(values: Sequence[float], fraction: float) -> float:
    """The ``fraction`` percentile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))]


def measure_store(store: Store, build: Path, repeat: int, log: Callable[[str], None]) -> Engine:
    """Push ``build`` into ``store`` twice and time the queries there."""
    engine = Engine(store.name)
    addresses = store_addresses(store.endpoint, store.kind)
    with StoreClient(addresses, credentials=store.credentials, timeout=600) as client:
        for attempt in ("push", "push_again"):
            started = time.perf_counter()
            report = push_build(build, client, progress=False)
            setattr(engine, attempt, time.perf_counter() - started)
            log(f"{store.name}: {report.summary()}")
    for query in QUERIES:
        text = read_query(query)

        def remote(text: str = text) -> object:
            return run_remote_query(text, store.query, credentials=store.credentials, timeout=600)

        engine.timings[query.stem] = timed(remote, repeat)
    return engine


def measure_local(build: Path, repeat: int) -> Engine:
    """Time the queries on the embedded engine, the build loaded in memory."""
    engine = Engine("embedded (pyoxigraph)")
    store = load_data([build])
    for query in QUERIES:
        text = read_query(query)
        engine.timings[query.stem] = timed(lambda text=text: run_query(text, store), repeat)
    return engine


def table(engines: list[Engine]) -> str:
    """One Markdown table: push seconds, then each query's p50/p95 per engine."""
    head = ["", *(e.name for e in engines)]
    rows = [
        ["push (s)", *(_seconds(e.push) for e in engines)],
        ["push again, unchanged (s)", *(_seconds(e.push_again) for e in engines)],
    ]
    for query in QUERIES:
        cells = [f"`{query.name}` p50 / p95 (ms)"]
        for engine in engines:
            found = engine.timings[query.stem]
            cells.append(
                f"{percentile(found, 0.5) * 1e3:.1f} / {percentile(found, 0.95) * 1e3:.1f}"
            )
        rows.append(cells)
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=5500, help="sections generated")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each query")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument("--no-virtuoso", action="store_true", help="leave Virtuoso out")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; print the table."""
    args = parse_args(argv)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="prestatiegraaf-push-bench-") as folder:
        work = Path(folder)
        manifest = corpus.generate_corpus(work / "corpus", args.sections, args.seed)
        build = work / "build"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "prestatiegraaf", "build", "--manifest", str(manifest),
             "--out", str(build), "--quiet"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        triples = sum(1 for _ in (build / "prestaties.nt").open("rb"))
        seconds = time.perf_counter() - started
        log(f"built {args.sections} sections: {triples:,} triples ({seconds:.0f} s)")
        engines = [measure_local(build, args.repeat)]
        with oxigraph(work) as store:
            engines.append(measure_store(store, build, args.repeat, log))
        if not args.no_virtuoso:
            with virtuoso(work) as found:
                if found is None:
                    log("virtuoso: not installed, left out")
                else:
                    engines.append(measure_store(found, build, args.repeat, log))
    print(f"{args.sections} sections, {triples:,} triples, {args.repeat} runs per query\n")
    print(table(engines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
