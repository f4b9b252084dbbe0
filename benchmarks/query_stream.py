"""Time and memory of ``prestatiegraaf query`` for a very large result, in every format.

A SELECT of ``--rows`` rows (a cross join of two VALUES lists: an IRI and a number per row)
runs through the command line in a fresh process per format, its output sent to /dev/null
and to a file; the file's rows are counted.

    python benchmarks/query_stream.py --rows 10000000

Prints, per format and output, the rows, the seconds (wall clock and CPU) and the peak memory
(resident set) of the command and its child processes.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FORMATS = ("table", "csv", "tsv", "json")
WIDTH = 1000  # values of ?s; ?n has rows / WIDTH values
ROW_MARK = {"table": b"\n", "csv": b"\r\n", "tsv": b"\n", "json": b'"s":{'}
EXTRA_LINES = {"table": 3, "csv": 1, "tsv": 1, "json": 0}  # header, dashes, row count


def cross_join(rows: int) -> str:
    """A SELECT of ``rows`` rows (a multiple of 1,000): every ?s with every ?n."""
    subjects = " ".join(f"<http://example.org/s{i}>" for i in range(WIDTH))
    numbers = " ".join(str(n) for n in range(rows // WIDTH))
    return f"SELECT ?s ?n WHERE {{ VALUES ?s {{ {subjects} }} VALUES ?n {{ {numbers} }} }}\n"


def run(query: Path, data: Path, fmt: str, target: Path) -> tuple[int, float, float, float]:
    """Exit code, seconds, CPU seconds and peak MB of one query whose output goes to ``target``."""
    command = [sys.executable, "-m", "prestatiegraaf", "query", str(query), "--data", str(data),
               "--format", fmt, "--timeout", "0"]  # fmt: skip
    start = time.perf_counter()
    with target.open("wb") as out:
        process = subprocess.Popen(command, stdout=out)
        # the usage of this process and of the children it waited for (the forked query)
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return process.returncode, time.perf_counter() - start, cpu, usage.ru_maxrss / 1024


def count_rows(path: Path, fmt: str) -> int:
    """The rows in a results file, read in chunks."""
    mark, found, tail = ROW_MARK[fmt], 0, b""
    with path.open("rb") as results:
        while chunk := results.read(1 << 20):
            joined = tail + chunk
            found += joined.count(mark)
            tail = chunk[-(len(mark) - 1) :] if len(mark) > 1 else b""
    return found - EXTRA_LINES[fmt]


def main() -> None:
    """Run every format to /dev/null and to a file; print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="rows (multiple of 1000)")
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    args = parser.parse_args()
    print("| format | output | rows | seconds | CPU seconds | peak RSS MB | output MB |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |", flush=True)
    with tempfile.TemporaryDirectory(prefix="query-stream-") as folder:
        query, data = Path(folder) / "cross.rq", Path(folder) / "one.nt"
        query.write_text(cross_join(args.rows), encoding="utf-8")
        data.write_text('<http://example.org/s> <http://example.org/p> "1" .\n', encoding="utf-8")
        results = Path(folder) / "results"
        for fmt in args.formats:
            for name, target in (("/dev/null", Path(os.devnull)), ("file", results)):
                code, seconds, cpu, peak = run(query, data, fmt, target)
                if code != 0:
                    sys.exit(f"{fmt} to {name}: exit code {code}")
                rows = f"{count_rows(results, fmt):,}" if target == results else ""
                size = f"{results.stat().st_size / 1e6:,.0f}" if target == results else ""
                figures = f"{seconds:.1f} | {cpu:.1f} | {peak:,.0f}"
                print(f"| {fmt} | {name} | {rows} | {figures} | {size} |", flush=True)
            results.unlink()


if __name__ == "__main__":
    main()
