"""A build whose graph did not change keeps the graph files of the last one, and only then."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT
from prestatiegraaf.errors import ValidationFailed
from prestatiegraaf.pipeline import BuildOptions, BuildResult, build
from prestatiegraaf.publish import graph_files
from prestatiegraaf.rebuild.record import RECORD_NAME
from prestatiegraaf.validate.result import Severity

GRAPH_FILES = ["prestaties.ttl", "prestaties.nt", "prestaties.trig", "prestaties.jsonld"]
REPORTS = ["validation-report.txt", "validation-report.ttl"]


def _options(out: Path, **changes: object) -> BuildOptions:
    return BuildOptions(**{"manifest": EXAMPLES / "manifest.csv", "out_dir": out, **changes})  # type: ignore[arg-type]


def _stamps(out: Path) -> dict[str, tuple[int, int]]:
    return {n: ((out / n).stat().st_ino, (out / n).stat().st_mtime_ns) for n in GRAPH_FILES}


def _contents(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}


def _no_merge(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> int:
        raise AssertionError("the graph was merged again")

    monkeypatch.setattr(graph_files, "merge_part_files", refuse)


def test_a_second_build_keeps_the_graph_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = build(_options(tmp_path))
    assert not first.unchanged
    stamps, contents = _stamps(tmp_path), _contents(tmp_path)
    _no_merge(monkeypatch)
    second = build(_options(tmp_path))
    assert second.unchanged
    assert _stamps(tmp_path) == stamps  # not even rewritten
    assert _contents(tmp_path) == contents
    assert (second.triples, second.sections) == (first.triples, first.sections)
    assert second.files == first.files  # same files, listed in the same order
    assert second.validation == first.validation  # the findings are still reported
    assert second.validation is not None and second.validation.counts["Warning"] == 2


def test_a_changed_source_rebuilds_the_graph(corpus: Path) -> None:
    out = corpus.parent / "out"
    options = BuildOptions(manifest=corpus / "manifest.csv", out_dir=out)
    build(options)
    changed = corpus / "002_83e0883af9086c1a.txt"
    changed.write_text(
        changed.read_text("utf-8").replace("429.000\t1.103.000", "428.000\t1.104.000"), "utf-8"
    )
    result = build(options)
    assert not result.unchanged
    assert "1104000" in (out / "prestaties.ttl").read_text("utf-8")
    assert build(options).unchanged  # and the new graph is kept from then on


@pytest.mark.parametrize("damage", ["edit", "delete", "report"])
def test_a_graph_file_touched_since_is_written_again(tmp_path: Path, damage: str) -> None:
    build(_options(tmp_path))
    contents = _contents(tmp_path)
    if damage == "edit":
        (tmp_path / "prestaties.nt").write_bytes(contents["prestaties.nt"] + b"# edited\n")
    elif damage == "delete":
        (tmp_path / "prestaties.jsonld").unlink()
    else:
        (tmp_path / REPORTS[0]).write_text("edited", "utf-8")
    result = build(_options(tmp_path))
    assert not result.unchanged
    assert _contents(tmp_path) == contents


def test_other_settings_rebuild_the_graph(tmp_path: Path) -> None:
    out, shapes = tmp_path / "out", tmp_path / "shapes"
    build(_options(out))
    shutil.copytree(ROOT / "shapes", shapes)
    assert build(_options(out, shapes=shapes)).unchanged  # the same shapes elsewhere
    (shapes / "extra.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n", "utf-8")
    assert not build(_options(out, shapes=shapes)).unchanged
    assert not build(_options(out, validate=False)).unchanged
    assert not build(_options(out, base="https://data.example.org/pc")).unchanged


def test_a_failed_gate_in_between_leaves_the_published_graph_as_it_was(tmp_path: Path) -> None:
    build(_options(tmp_path))
    contents = _contents(tmp_path)
    with pytest.raises(ValidationFailed):
        build(_options(tmp_path, fail_on=Severity.WARNING))  # its reports go aside
    assert (tmp_path / "failed-build" / "validation-report.txt").is_file()
    assert _contents(tmp_path) == contents
    assert build(_options(tmp_path)).unchanged
    assert not (tmp_path / "failed-build").exists()


def test_without_cache_there_is_no_record(tmp_path: Path) -> None:
    build(_options(tmp_path))
    record = tmp_path / ".cache" / RECORD_NAME
    assert record.is_file()
    assert not build(_options(tmp_path, cache=False)).unchanged
    assert not record.exists()  # the files it described were replaced
    assert not build(_options(tmp_path)).unchanged


def test_a_damaged_record_means_a_full_build(tmp_path: Path) -> None:
    build(_options(tmp_path))
    contents = _contents(tmp_path)
    (tmp_path / ".cache" / RECORD_NAME).write_bytes(b"not a record")
    result: BuildResult = build(_options(tmp_path))
    assert not result.unchanged
    assert _contents(tmp_path) == contents
    assert build(_options(tmp_path)).unchanged
