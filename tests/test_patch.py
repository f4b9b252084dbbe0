"""Graph files patched where a few parts of the graph changed, byte for byte a clean build."""

from __future__ import annotations

import errno
import re
import shutil
from pathlib import Path

import pytest

from prestatiegraaf.pipeline import BuildOptions, BuildResult, build
from prestatiegraaf.publish import graph_files
from prestatiegraaf.rebuild.blocks import BLOCKS, BlocksUnclear, assembled
from prestatiegraaf.rebuild.kept import KeptStore
from prestatiegraaf.rebuild.patch import PatchDeclined, graph_patch
from prestatiegraaf.serialize import (
    jsonld_from_ntriples,
    sorted_part,
    trig_from_ntriples,
    turtle_from_ntriples,
    write_merged_ntriples,
)

GRAPH = "https://w3id.org/prestatiegraaf/id/dataset/prestatiegraaf"
SOURCES = Path(__file__).parent / "data" / "sources"
GRAPH_FILES = ["prestaties.nt", "prestaties.ttl", "prestaties.trig", "prestaties.jsonld"]


def _subject(line: bytes) -> bytes:
    return line[1 : line.index(b"> ")]


def _written(ntriples: bytes) -> dict[str, bytes]:
    """The graph in every format, as the writers of a full build make it."""
    return {
        "nt": ntriples,
        "ttl": turtle_from_ntriples(ntriples),
        "trig": trig_from_ntriples(ntriples, GRAPH),
        "jsonld": jsonld_from_ntriples(ntriples),
    }


@pytest.fixture(scope="module")
def example(seed_build: BuildResult) -> dict[str, bytes]:
    """Every graph file of the example corpus, as a full build writes it."""
    out = seed_build.files[0].parent
    return {suffix: (out / f"prestaties.{suffix}").read_bytes() for suffix in BLOCKS}


def test_the_published_example_uses_the_graph_name_of_these_tests(
    example: dict[str, bytes],
) -> None:
    assert f"<{GRAPH}> {{".encode() in example["trig"]


@pytest.mark.parametrize("suffix", list(BLOCKS))
def test_blocks_follow_the_subjects_of_the_ntriples(example: dict[str, bytes], suffix: str) -> None:
    subjects = list(dict.fromkeys(_subject(line) for line in example["nt"].splitlines()))
    found = [subject for subject, _ in BLOCKS[suffix].blocks(example[suffix])]
    assert found == subjects
    assert len(subjects) == 247
    assert b"https://w3id.org/prestatiegraaf/id/begrip/aspect-acties" in found  # begrip:...


@pytest.mark.parametrize("suffix", list(BLOCKS))
def test_dropping_subjects_gives_what_the_writer_gives_without_them(
    example: dict[str, bytes], suffix: str
) -> None:
    lines = example["nt"].splitlines(keepends=True)
    subjects = list(dict.fromkeys(_subject(line) for line in lines))
    dropped = set(subjects[::3]) | {subjects[0], subjects[-1]}  # the first and the last too
    assert any(a != b and b.startswith(a) for a in dropped for b in subjects)  # .../1, .../1/x
    rest = b"".join(line for line in lines if _subject(line) not in dropped)
    layout = BLOCKS[suffix]
    patched = assembled(
        example[suffix], layout.spliced(example[suffix], [(s, None) for s in sorted(dropped)])
    )
    assert patched == _written(rest)[suffix]
    blocks = dict(layout.blocks(example[suffix]))
    again = [(subject, blocks[subject]) for subject in sorted(dropped)]
    assert assembled(patched, layout.spliced(patched, again)) == example[suffix]  # and back


@pytest.mark.parametrize("suffix", list(BLOCKS))
def test_a_changed_block_is_replaced_in_place(example: dict[str, bytes], suffix: str) -> None:
    lines = example["nt"].splitlines(keepends=True)
    subject = _subject(lines[len(lines) // 2])
    changed = [line for line in lines if _subject(line) == subject][:-1]  # one triple fewer
    others = [line for line in lines if _subject(line) != subject]
    expected = _written(b"".join(sorted_lines(others + changed)))[suffix]
    new = dict(BLOCKS[suffix].blocks(_written(b"".join(changed))[suffix]))
    patched = assembled(
        example[suffix], BLOCKS[suffix].spliced(example[suffix], [(subject, new[subject])])
    )
    assert patched == expected


def sorted_lines(lines: list[bytes]) -> list[bytes]:
    """N-Triples lines in the canonical order (as :func:`sorted_part` and the merge sort)."""
    merged = sorted_part(b"".join(lines))
    from prestatiegraaf.serialize import ntriples_lines

    return ntriples_lines(merged.splitlines()).splitlines(keepends=True)


@pytest.mark.parametrize(
    ("suffix", "data"),
    [
        ("jsonld", b'{"@id":"x"}'),
        ("ttl", b"@prefix pg: <https://w3id.org/prestatiegraaf/def#> .\n"),
        ("trig", b"@prefix pg: <x> .\n\n<g> {\n\t<s> <p> <o> .\n"),
        ("ttl", b"@prefix pg: <x> .\n\nunknown:s <p> <o> .\n"),
        ("nt", b"_:b <p> <o> .\n"),
    ],
)
def test_files_not_laid_out_as_their_format_are_refused(suffix: str, data: bytes) -> None:
    with pytest.raises(BlocksUnclear):
        assembled(data, BLOCKS[suffix].spliced(data, [(b"s", None)]))


def test_the_merge_counts_lines_held_by_more_than_one_part(tmp_path: Path) -> None:
    parts = [
        b"<a> <p> <x> .\n<b> <p> <y> .\n",
        b"<a> <p> <x> .\n",
        b"<a> <p> <x> .\n<b> <p> <y> .\n",
    ]
    shared: dict[bytes, int] = {}
    count = write_merged_ntriples([sorted_part(p) for p in parts], tmp_path / "g.nt", shared)
    assert count == 2
    assert shared == {
        sorted_part(b"<a> <p> <x> .\n")[:-1]: 3,
        sorted_part(b"<b> <p> <y> .\n")[:-1]: 2,
    }


def test_a_patch_keeps_a_line_while_another_part_holds_it(tmp_path: Path) -> None:
    one, two = b"<a> <p> <x> .\n<a> <p> <y> .\n", b"<a> <p> <x> .\n<c> <p> <z> .\n"
    shared: dict[bytes, int] = {}
    write_merged_ntriples([sorted_part(one), sorted_part(two)], tmp_path / "g.nt", shared)
    graph = (tmp_path / "g.nt").read_bytes()
    patch = graph_patch(graph, [sorted_part(one)], [], shared, 3, most=9)
    assert patch.blocks == ((b"a", b"<a> <p> <x> .\n"),)  # <a> <p> <y> went, <x> stays
    assert (patch.shared, patch.triples) == ({}, 2)
    both = graph_patch(graph, [sorted_part(one), sorted_part(two)], [], shared, 3, most=9)
    assert both.blocks == ((b"a", None), (b"c", None))
    came = graph_patch(
        graph, [], [sorted_part(b"<b> <p> <x> .\n<c> <p> <z> .\n")], shared, 3, most=9
    )
    assert came.blocks == ((b"b", b"<b> <p> <x> .\n"), (b"c", b"<c> <p> <z> .\n"))
    assert came.triples == 4  # <c> <p> <z> is not added again: it is held twice now
    assert came.shared == {**shared, sorted_part(b"<c> <p> <z> .\n")[:-1]: 2}


def test_a_patch_that_does_not_fit_the_graph_is_declined() -> None:
    graph = b"<a> <p> <x> .\n"
    with pytest.raises(PatchDeclined):  # more than a quarter of the graph changes
        graph_patch(graph, [], [sorted_part(b"<b> <p> <y> .\n")], {}, 1)
    with pytest.raises(PatchDeclined):  # the part that went held a line the graph lacks
        graph_patch(graph, [sorted_part(b"<a> <p> <y> .\n")], [], {}, 1, most=9)
    with pytest.raises(PatchDeclined):  # a shared line that is not in the graph
        graph_patch(
            graph,
            [],
            [sorted_part(b"<a> <p> <z> .\n")],
            {sorted_part(b"<a> <p> <z> .\n")[:-1]: 2},
            1,
            most=9,
        )


# ---------------------------------------------------------------------------------------------
# Builds
# ---------------------------------------------------------------------------------------------


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}


def _clean(corpus: Path, tmp_path: Path) -> dict[str, bytes]:
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    build(BuildOptions(inputs=(corpus,), out_dir=clean, cache=False))
    return _files(clean)


def _no_merge(monkeypatch: pytest.MonkeyPatch) -> None:
    """Merging the graph whole, validating all of it, or loading it into memory fails the test."""

    def refuse(*_: object, **__: object) -> int:
        raise AssertionError("the graph was merged, validated or loaded whole")

    monkeypatch.setattr(graph_files, "merge_part_files", refuse)
    monkeypatch.setattr(graph_files, "validate_graph", refuse)
    monkeypatch.setattr(graph_files, "ntriples_store", refuse)


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(SOURCES, corpus)
    (corpus / "manifest.csv").unlink()  # files may come and go without a manifest to match
    return corpus


def _build(corpus: Path, out: Path) -> BuildResult:
    return build(BuildOptions(inputs=(corpus,), out_dir=out))


def _rename(source: Path, old: str, new: str) -> None:
    """Edit a source file: a name in it replaced by another."""
    source.write_text(source.read_text("utf-8").replace(old, new), "utf-8")


def _patched_build(corpus: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> BuildResult:
    """A build that must not merge the graph whole."""
    with monkeypatch.context() as patching:
        _no_merge(patching)
        return _build(corpus, out)


def test_files_changed_removed_and_added_are_patched_as_a_clean_build(
    sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    moved = tmp_path / "w1_jaarverslag2018.txt"
    shutil.move(sources / moved.name, moved)
    assert not _build(sources, out).patched
    changed = sources / "roles_variants.txt"
    _rename(changed, "Hester Maij", "Monique van Haaf")
    result = _patched_build(sources, out, monkeypatch)
    assert result.patched and not result.unchanged
    assert _files(out) == _clean(sources, tmp_path)
    assert b"Monique van Haaf" in (out / "prestaties.jsonld").read_bytes()
    shutil.move(moved, sources / moved.name)  # a file came
    (sources / "m_actors.md").unlink()  # and one went
    assert _patched_build(sources, out, monkeypatch).patched
    assert _files(out) == _clean(sources, tmp_path)
    assert _build(sources, out).unchanged  # the record of a patched build is kept too


def test_a_patched_build_reports_what_a_clean_build_reports(
    sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    before = _build(sources, out).validation
    assert before is not None
    monitor = sources / "m_monitor2017.md"
    text = monitor.read_text("utf-8")
    monitor.write_text(re.sub(r"(?m)^(Rood|Oranje|Groen)$", "", text), "utf-8")  # no scores
    after = _patched_build(sources, out, monkeypatch).validation  # validated again in part
    assert after is not None
    assert after.counts["Warning"] > before.counts["Warning"]
    assert _files(out) == _clean(sources, tmp_path)
    monitor.write_text(text, "utf-8")
    assert _patched_build(sources, out, monkeypatch).validation == before
    assert _files(out) == _clean(sources, tmp_path)


def test_a_build_stopped_after_changing_the_kept_store_leaves_it_untrusted(
    sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _build(sources, out)
    note = out / ".cache" / "store.holds"
    assert note.is_file() and (out / ".cache" / "store").is_dir()
    changed = sources / "roles_variants.txt"
    _rename(changed, "Hester Maij", "Monique van Haaf")

    def stop(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as stopping:
        stopping.setattr(graph_files, "revalidate_graph", stop)
        with pytest.raises(KeyboardInterrupt):
            _build(sources, out)
    assert not note.exists()  # the store was changed: not trusted any more
    assert _build(sources, out).patched  # validated in memory, and a new store made
    assert _files(out) == _clean(sources, tmp_path)
    assert note.is_file()
    _rename(changed, "Monique van Haaf", "Hester Maij")
    assert _patched_build(sources, out, monkeypatch).patched  # on the new store
    assert _files(out) == _clean(sources, tmp_path)


class _FullDisk:
    """A kept store whose every write fails, as on a full disk."""

    def __init__(self, store: object) -> None:
        self.store = store

    def remove(self, *_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    extend = flush = remove


def test_a_kept_store_that_cannot_be_changed_is_replaced_by_one_made_anew(
    sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "out"
    _build(sources, out)
    changed = sources / "roles_variants.txt"
    _rename(changed, "Hester Maij", "Monique van Haaf")
    opening = KeptStore.open
    with monkeypatch.context() as failing:
        failing.setattr(KeptStore, "open", lambda self, inputs: _FullDisk(opening(self, inputs)))
        result = _build(sources, out)
    assert result.patched  # the files were patched; the graph validated in memory
    assert "kept store not used" in caplog.text and "No space left" in caplog.text
    assert _files(out) == _clean(sources, tmp_path)
    _rename(changed, "Monique van Haaf", "Hester Maij")
    assert _patched_build(sources, out, monkeypatch).patched  # on the store made anew
    assert _files(out) == _clean(sources, tmp_path)


def test_a_declined_patch_builds_the_graph_whole(
    sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    _build(sources, out)

    def decline(*_: object) -> None:
        raise PatchDeclined("the TriG is not laid out as expected")

    monkeypatch.setattr(graph_files, "write_patched_formats", decline)
    changed = sources / "roles_variants.txt"
    _rename(changed, "Hester Maij", "Monique van Haaf")
    result = _build(sources, out)
    assert not result.patched
    assert _files(out) == _clean(sources, tmp_path)


def test_other_settings_or_much_changed_build_the_graph_whole(
    sources: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "out"
    _build(sources, out)
    other = build(BuildOptions(inputs=(sources,), out_dir=out, base="https://data.example.org/pc"))
    assert not other.patched and not other.unchanged
    assert not _build(sources, out).patched  # and back: the settings differ again
    for path in sorted(sources.glob("w*.txt")):  # the files named in most of the graph
        path.rename(path.with_name(f"renamed_{path.name}"))
    with caplog.at_level("INFO", logger="prestatiegraaf.publish.graph_files"):
        result = _build(sources, out)
    assert not result.patched
    assert "too much of the graph changed" in caplog.text
    assert _files(out) == _clean(sources, tmp_path)
