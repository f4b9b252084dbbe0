"""Builds killed at a chosen step of their publish step, for ``test_atomic_publish.py``.

Run as a script, it reads jobs from standard input, one a line (``corpus<TAB>out<TAB>step``),
builds each in a child forked from itself, and writes one line back: the child's exit code
(minus the signal when it was killed) and the number of publish steps it took. The children
are forked from this fresh process, which never opened an on-disk store: forking the test
process itself would copy the locks of the store threads earlier tests left running.

A publish step is a file-system change (rename, link, removal, ...) in the output folder,
counted from the first rename out of a staging folder on; the build's working folders (cache,
parts) are not part of the publication. At step ``step`` the child is killed before the step
is taken; with step 0 it is only counted.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

from prestatiegraaf.errors import PublisherError
from prestatiegraaf.options import BuildOptions
from prestatiegraaf.pipeline import build

STEPS = frozenset(
    {"os.rename", "os.symlink", "os.link", "os.remove", "os.rmdir", "os.chmod", "shutil.rmtree",
     "os.mkdir"}
)  # fmt: skip
"""The audit events of the steps that change the file system."""


def publish_steps(
    out: Path, kill_at: int
) -> tuple[Callable[[str, tuple[object, ...]], None], list[int]]:
    """An audit hook that counts the publish steps in ``out`` and kills at ``kill_at``."""
    seen = [0]
    started = [False]
    prefix = str(out)

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event not in STEPS:
            return
        paths = [os.fsdecode(a) for a in args if isinstance(a, str | bytes | os.PathLike)]
        if not started[0]:
            started[0] = event == "os.rename" and any("/.staging-" in p for p in paths)
        inside = [p for p in paths if p.startswith(prefix)]
        working = any("/.cache" in p or "/.parts-" in p for p in inside)
        if started[0] and inside and not working:
            seen[0] += 1
            if seen[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)

    return hook, seen


def build_killed(corpus: Path, out: Path, kill_at: int) -> tuple[int, int]:
    """Build ``corpus`` into ``out`` in a forked child killed at publish step ``kill_at``."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: build, say how many steps it took, and end at once
        code = 3
        try:
            os.close(reader)
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 1)  # standard output is the answer channel of the parent
            hook, seen = publish_steps(out, kill_at)
            sys.addaudithook(hook)
            try:
                build(BuildOptions(inputs=(corpus,), out_dir=out))
                code = 0
            except PublisherError:
                code = 2
            os.write(writer, str(seen[0]).encode())
        finally:
            os._exit(code)
    os.close(writer)
    with os.fdopen(reader, "rb") as answer:
        steps = answer.read()
    _, status = os.waitpid(pid, 0)
    code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
    return code, int(steps or 0)


def main() -> None:
    """Answer each job of standard input with ``code steps``."""
    for line in sys.stdin:
        corpus, out, step = line.rstrip("\n").split("\t")
        code, steps = build_killed(Path(corpus), Path(out), int(step))
        sys.stdout.write(f"{code} {steps}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
