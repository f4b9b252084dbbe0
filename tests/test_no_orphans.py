"""No worker or helper process outlives a build, even one killed with ``kill -9``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _marked(mark: str) -> set[int]:
    """The processes whose environment carries ``mark``."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if mark.encode() in environ:
            found.add(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_workers_end_when_the_build_is_killed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, str(BENCHMARKS / "corpus.py"), "--sections", "300", "--out", str(corpus)],
        check=True,
        capture_output=True,
    )
    mark = f"PRESTATIEGRAAF_TEST_MARK={uuid.uuid4().hex}"
    env = {**os.environ, mark.split("=")[0]: mark.split("=")[1]}
    build = subprocess.Popen(
        [sys.executable, "-m", "prestatiegraaf", "build", str(corpus), "--out",
         str(tmp_path / "out"), "--no-cache", "--jobs", "2"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while len(_marked(mark) - {build.pid}) < 3 and build.poll() is None:  # server + 2 workers
        assert time.monotonic() < deadline, "no workers started"
        time.sleep(0.05)
    assert build.poll() is None, "the build ended before its workers could be seen"
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 10
    while _marked(mark) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _marked(mark) == set()
