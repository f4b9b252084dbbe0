"""Child processes: a call run apart, and workers that die."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from conftest import EXAMPLES, Poison
from prestatiegraaf import batch, pipeline
from prestatiegraaf.batch import Job, process_batch
from prestatiegraaf.cache import ExtractionCache
from prestatiegraaf.child_process import run_apart
from prestatiegraaf.errors import ProcessLost


def test_the_result_comes_from_another_process() -> None:
    assert run_apart("asking", os.getpid) != os.getpid()
    assert run_apart("dividing", divmod, 17, 5) == (3, 2)


def test_an_exception_in_the_child_is_raised_here() -> None:
    with pytest.raises(ZeroDivisionError):
        run_apart("dividing", divmod, 1, 0)


def test_a_child_that_dies_is_reported_not_waited_for() -> None:
    with pytest.raises(ProcessLost, match="^counting stopped: a child process ended"):
        run_apart("counting", len, Poison())


def test_a_worker_that_dies_stops_the_batch_with_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "PARALLEL_FROM", 2)
    jobs = [Job(Poison(), None, None, None, "https://example.org")] * 3  # type: ignore[arg-type]
    with pytest.raises(ProcessLost, match="^reading the source files stopped"):
        process_batch(jobs, parts=tmp_path, workers=2)


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cycle_collector_is_paused_and_left_as_it_was(enabled: bool) -> None:
    before = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with batch.collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(KeyError), batch.collector_paused():
            raise KeyError("stop")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if before else gc.disable)()


def test_cached_documents_load_with_the_collector_paused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache, seen = ExtractionCache(tmp_path / "cache"), []
    jobs = [Job(path, None, None, None, "https://example.org") for path in EXAMPLES.glob("*.txt")]
    process_batch(jobs, parts=tmp_path, workers=1, cache=cache)
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda *a: seen.append(gc.isenabled()) or real_get(*a))
    assert len(process_batch(jobs, parts=tmp_path, workers=1, cache=cache)) == 3
    assert seen == [False, False, False]
    assert gc.isenabled()


def test_loaded_documents_are_set_aside_only_inside_a_long_lived_scope(tmp_path: Path) -> None:
    cache = ExtractionCache(tmp_path / "cache")
    jobs = [Job(path, None, None, None, "https://example.org") for path in EXAMPLES.glob("*.txt")]
    process_batch(jobs, parts=tmp_path, workers=1, cache=cache)
    assert gc.get_freeze_count() == 0  # outside the scope nothing is frozen
    with batch.long_lived():
        documents = [o.document for o in process_batch(jobs, parts=tmp_path, workers=1,
                                                         cache=cache)]  # fmt: skip
        assert documents and all(gc.is_tracked(d) for d in documents)
        assert not _collected(documents)  # out of the collector's reach
    assert gc.get_freeze_count() == 0
    assert _collected(documents) == {id(d) for d in documents}


@pytest.mark.parametrize("fails", [False, True])
def test_a_build_keeps_its_documents_aside_until_it_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fails: bool
) -> None:
    frozen: list[int] = []
    real = pipeline.coverage_report

    def report(*args: object, **kwargs: object) -> object:
        frozen.append(gc.get_freeze_count())
        if fails:
            raise RuntimeError("stopped")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "coverage_report", report)
    options = pipeline.BuildOptions(inputs=(EXAMPLES,), out_dir=tmp_path / "out", workers=1)
    if fails:
        with pytest.raises(RuntimeError):
            pipeline.build(options)
    else:
        pipeline.build(options)
    assert frozen and frozen[0] > 0
    assert gc.get_freeze_count() == 0


def _collected(objects: list[object]) -> set[int]:
    """The ids of ``objects`` that the cycle collector looks at."""
    seen = {id(o) for o in gc.get_objects()}
    return {id(o) for o in objects} & seen
