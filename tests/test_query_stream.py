"""``prestatiegraaf query`` streams its results (issue 19): flat memory in every format, first
bytes before the query ends, and a write error, a time limit or Ctrl-C part-way is an error
that says the output is incomplete, never exit 0."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import re
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from prestatiegraaf.errors import OutputError, QueryError
from prestatiegraaf.query import format_table, run_query, serialize_results, stream_results

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ["table", "csv", "tsv", "json"]
PAD = "x" * 120  # wide cells: the output is far larger than the memory allowed to grow
N_A, N_B = 1000, 500  # 500,000 rows of about 130 bytes
ALLOWED_GROWTH = 20 << 20  # bytes of peak memory above a query with one row
SAFETY_CAP = 2 << 30  # address space: a regression may fail, but not swamp the machine
HEADERS = {
    "table": b"a" + b" " * (len(PAD) + 5) + b"b\n",  # ?a is as wide as PAD + "a999"
    "csv": b"a,b\r\n",
    "tsv": b"?a\t?b\n",
    "json": b'{"head":{"vars":["a","b"]},"results":{"bindings":[{"a":',
}
ROW = {"table": b"\n", "csv": b"\r\n", "tsv": b"\n", "json": b'"a":{'}
W3C = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}


# 20,000 rows at once, then a join of four patterns (400**4 tries) that finds nothing
SLOW = (
    "SELECT ?x WHERE { { VALUES ?x { " + " ".join(str(i) for i in range(20000)) + " } } UNION { "
    "?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . BIND(?c AS ?x) "
    'FILTER(CONCAT(STR(?c), STR(?f), STR(?i), STR(?l)) = "never") } }'
)


def cross_join(n_a: int, n_b: int, pad: str = PAD) -> str:
    """A SELECT of ``n_a * n_b`` rows: every ?a with every ?b."""
    a = " ".join(f'"{pad}a{i}"' for i in range(n_a))
    b = " ".join(f'"b{j}"' for j in range(n_b))
    return f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {a} }} VALUES ?b {{ {b} }} }}\n"


@dataclass
class Run:
    """What one run of the command printed, seen chunk by chunk."""

    code: int
    err: str
    size: int
    rows: int  # occurrences of the format's row mark
    head: bytes
    tail: bytes
    sha256: str
    peak_rss: int  # bytes, the largest of the command and its children


class Digest:
    """A writer that keeps only the size, the hash, the first and the last bytes."""

    def __init__(self, mark: bytes) -> None:
        self.mark = mark
        self.size = self.rows = 0
        self.head = self.tail = b""
        self.hash = hashlib.sha256()

    def write(self, data: bytes) -> int:
        data = bytes(data)
        joined = self.tail[-(len(self.mark) - 1) :] + data if len(self.mark) > 1 else data
        self.rows += joined.count(self.mark)
        self.size += len(data)
        self.hash.update(data)
        if len(self.head) < 200:
            self.head = (self.head + data)[:200]
        self.tail = (self.tail + data)[-400:]
        return len(data)

    def flush(self) -> None:
        pass


def run_cli(*args: str, address_space: int = SAFETY_CAP, mark: bytes = b"\n") -> Run:
    """Run ``prestatiegraaf args`` with its output read from a pipe as it comes."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    process = subprocess.Popen(
        [sys.executable, "-m", "prestatiegraaf", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=cap,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    digest = Digest(mark)
    while chunk := process.stdout.read(1 << 16):
        digest.write(chunk)
    err = process.stderr.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    process.stdout.close()
    process.stderr.close()
    return Run(
        process.returncode, err, digest.size, digest.rows, digest.head, digest.tail,
        digest.hash.hexdigest(), usage.ru_maxrss * 1024,
    )  # fmt: skip


@contextmanager
def started(*args: str) -> Iterator[subprocess.Popen[bytes]]:
    """The command line, in a process group of its own that is killed whole at the end."""
    process = subprocess.Popen(
        [sys.executable, "-m", "prestatiegraaf", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    try:
        yield process
    finally:
        with suppress(ProcessLookupError):  # a failed test leaves no query running
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()


def one_error_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Data (400 subjects with one value each) and queries of many, some and one row."""
    folder = tmp_path_factory.mktemp("stream")
    (folder / "data.nt").write_text(
        "".join(f'<http://example.org/s{i}> <http://example.org/p> "{i}" .\n' for i in range(400))
    )
    (folder / "big.rq").write_text(cross_join(N_A, N_B))
    (folder / "medium.rq").write_text(cross_join(N_A, 50))
    (folder / "one.rq").write_text(cross_join(1, 1))
    (folder / "slow.rq").write_text(SLOW)
    return folder


@pytest.fixture(scope="module")
def baseline(folder: Path) -> int:
    """Peak memory of the command for a query of one row."""
    run = run_cli("query", str(folder / "one.rq"), "-d", str(folder / "data.nt"), "-f", "csv")
    assert run.code == 0 and run.rows == 2
    return run.peak_rss


@pytest.mark.parametrize("fmt", FORMATS)
def test_half_a_million_rows_stream_in_flat_memory(fmt: str, folder: Path, baseline: int) -> None:
    run = run_cli(
        "query", str(folder / "big.rq"), "-d", str(folder / "data.nt"), "-f", fmt,
        mark=ROW[fmt],
    )  # fmt: skip
    assert run.code == 0, run.err
    assert run.err == ""
    rows = N_A * N_B
    assert run.size > 3 * ALLOWED_GROWTH  # holding the output would break the limit below
    assert run.peak_rss - baseline < ALLOWED_GROWTH, (run.peak_rss >> 20, baseline >> 20)
    assert run.head.startswith(HEADERS[fmt])
    if fmt == "table":  # header, dashes, the rows, the count
        assert run.rows == 2 + rows + 1
        assert run.tail.endswith(f"\n({rows} rows)\n".encode())
        last = run.tail.splitlines()[-2].decode()
        assert re.fullmatch(rf"{PAD}a\d+  b\d+", last), last
        return
    # the same bytes as pyoxigraph serializes in one process
    reference = Digest(ROW[fmt])
    solutions = ox.Store().query((folder / "big.rq").read_text())
    assert isinstance(solutions, ox.QuerySolutions)
    solutions.serialize(reference, W3C[fmt])  # type: ignore[arg-type]
    assert run.size == reference.size
    assert run.tail == reference.tail
    assert run.sha256 == reference.hash.hexdigest()
    assert run.rows == rows + (1 if fmt != "json" else 0)  # the header line, or none


def test_table_rows_match_the_csv_rows(folder: Path) -> None:
    """The table's last row is the csv's last row; every column is aligned."""
    text = cross_join(3, 5000, pad="")  # more rows than one batch: widths span the batches
    text = text.replace('"b4999"', '"b4999-the-widest-cell"')
    query = folder / "align.rq"
    query.write_text(text)
    args = ("query", str(query), "-d", str(folder / "data.nt"))
    table = subprocess.run([sys.executable, "-m", "prestatiegraaf", *args],
                           capture_output=True, text=True, check=True).stdout  # fmt: skip
    csv_out = subprocess.run([sys.executable, "-m", "prestatiegraaf", *args, "-f", "csv"],
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
    lines = table.splitlines()
    width = max(len(f"a{i}") for i in range(3))
    assert lines[0] == "a" + " " * (width + 1) + "b"
    assert lines[1] == "-" * width + "  " + "-" * len("b4999-the-widest-cell")
    assert lines[-1] == "(15000 rows)"
    rows = [line.split(",") for line in csv_out.splitlines()[1:]]
    assert lines[2:-1] == [f"{a.ljust(width)}  {b}" for a, b in rows]
    assert table == format_table(run_query(text, ox.Store())) + "\n"


def test_first_bytes_arrive_before_the_query_ends_then_the_time_limit_stops_it(
    folder: Path,
) -> None:
    """Rows come out while the query still runs; stopped part-way, the error says so."""
    query = folder / "slow.rq"
    start = time.monotonic()
    with started("query", str(query), "-d", str(folder / "data.nt"), "-f", "csv",
                 "--timeout", "3") as process:  # fmt: skip
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline()
        assert first == b"x\r\n"
        assert process.poll() is None  # the query runs on
        out = first + process.stdout.read()
        err = process.stderr.read().decode()
        assert process.wait(timeout=30) == 2
    assert time.monotonic() - start >= 3
    assert one_error_line(err) == (
        f"error: {query}: the query ran longer than 3 s (--timeout); the output is incomplete"
    )
    rows = out.split(b"\r\n")[1:-1]  # the last may be cut short
    assert rows == [str(i).encode() for i in range(len(rows))] and len(rows) > 1000


def test_ctrl_c_part_way_says_the_output_is_incomplete(folder: Path) -> None:
    args = ("query", str(folder / "slow.rq"), "-d", str(folder / "data.nt"), "-f", "tsv")
    with started(*args, "--timeout", "30") as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline() == b"?x\n"
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 130
        err = process.stderr.read().decode()
    assert one_error_line(err) == "error: interrupted; the output is incomplete"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", FORMATS)
def test_a_full_disk_is_exit_2(fmt: str, folder: Path) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "prestatiegraaf", "query", str(folder / "one.rq"),
             "-d", str(folder / "data.nt"), "-f", fmt],
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=60,
        )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == "error: cannot write the results: No space left on device\n"


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_a_closed_pipe_is_exit_2(fmt: str, folder: Path) -> None:
    args = ("query", str(folder / "medium.rq"), "-d", str(folder / "data.nt"), "-f", fmt)
    with started(*args) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.read(100)  # the reader goes away after the first bytes
        process.stdout.close()
        assert process.wait(timeout=30) == 2
        err = process.stderr.read().decode()
    assert one_error_line(err) == "error: cannot write the results: Broken pipe"


def test_a_file_too_large_is_exit_2(folder: Path, tmp_path: Path) -> None:
    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))

    target = tmp_path / "results.csv"
    with target.open("wb") as out:
        done = subprocess.run(
            [sys.executable, "-m", "prestatiegraaf", "query", str(folder / "medium.rq"),
             "-d", str(folder / "data.nt"), "-f", "csv"],
            stdout=out, stderr=subprocess.PIPE, text=True, timeout=60, preexec_fn=small_files,
        )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr == "error: cannot write the results: File too large\n"
    assert target.stat().st_size == 1 << 20


# the library: a file object without a file descriptor is fed through a pipe ----------------


def test_streaming_to_a_buffer_equals_the_results_in_memory() -> None:
    text = cross_join(40, 50, pad="p")
    store = ox.Store()
    for fmt in ("csv", "tsv", "json"):
        buffer = io.BytesIO()
        streamed = stream_results(text, store, fmt, buffer, timeout=10)
        assert buffer.getvalue() == serialize_results(text, store, fmt)
        assert streamed.size == len(buffer.getvalue())
    buffer = io.BytesIO()
    streamed = stream_results(text, store, "table", buffer, timeout=10)
    assert buffer.getvalue().decode() == format_table(run_query(text, store)) + "\n"
    assert streamed.rows == 2000


def test_what_was_written_before_comes_first(tmp_path: Path) -> None:
    """Bytes this process buffered are flushed before the child writes to the same file."""
    target = tmp_path / "out.csv"
    with target.open("wb") as out:
        out.write(b"before\n")
        stream_results(cross_join(2, 2, pad=""), ox.Store(), "csv", out, timeout=10)
        out.write(b"after\n")
    lines = target.read_bytes().split(b"\n")
    assert lines[0] == b"before" and lines[1] == b"a,b\r" and lines[-2:] == [b"after", b""]
    assert len(lines) == 1 + 1 + 4 + 2


class Full(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("timeout", [None, 10.0])
def test_a_write_error_in_this_process_is_an_output_error(timeout: float | None) -> None:
    with pytest.raises(OutputError, match="^cannot write the results: No space left on device$"):
        stream_results(cross_join(20, 20), ox.Store(), "csv", Full(), timeout=timeout)


def test_a_time_limit_without_output_says_nothing_is_incomplete() -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
        f"VALUES ?v{i} {{ {' '.join(map(str, range(300)))} }}" for i in range(4)
    ) + " }"  # fmt: skip
    with pytest.raises(QueryError, match=r"^the query ran longer than 0.5 s \(--timeout\)$"):
        stream_results(query, ox.Store(), "csv", io.BytesIO(), timeout=0.5)


def test_the_query_ends_with_the_command_however_it_ends(folder: Path) -> None:
    """Killed outright, the command leaves no child that runs on and holds its output."""
    args = ("query", str(folder / "slow.rq"), "-d", str(folder / "data.nt"), "--timeout", "30")
    with started(*args, "-f", "csv") as process:  # (a time limit ends a test that fails)
        assert process.stdout is not None
        assert process.stdout.readline() == b"x\r\n"  # the child is writing
        process.kill()
        try:
            process.communicate(timeout=10)  # the pipes close: no process holds them
        except subprocess.TimeoutExpired:
            pytest.fail("the query's child process outlived the command")


def test_standard_output_closed_is_one_line_and_exit_2() -> None:
    """Started with ``>&-``: nothing can be printed, which is said, never a bug report."""
    done = subprocess.run(
        [sys.executable, "-m", "prestatiegraaf", "query", str(ROOT / "queries" / "budget.rq"),
         "--data", str(ROOT / "output")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=120, check=False,
        preexec_fn=lambda: os.close(1),
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "error: standard output is closed: nowhere to print the results"
    ]
