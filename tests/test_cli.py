"""The command line: exit codes, one-line errors for bad input, atomic and stable output."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, QUERIES, ROOT, Poison
from prestatiegraaf.cli import app

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_build_default_is_the_example_corpus(tmp_path: Path) -> None:
    code, out, _ = invoke("build", "--out", str(tmp_path))
    assert code == 0
    assert "3 files, 3 sections" in out
    assert (tmp_path / "prestaties.ttl").stat().st_size > 1000


def _published(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_build_is_byte_identical_twice(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert invoke("build", "--out", str(first))[0] == 0
    assert invoke("build", "--out", str(second), "--no-cache")[0] == 0
    published = _published(first)
    assert {
        "prestaties.ttl",
        "prestaties.nt",
        "prestaties.trig",
        "prestaties.jsonld",
        "dataset.ttl",
        "report.json",
        "report.txt",
    } <= set(published)
    assert published == _published(second)
    code, out, _ = invoke("build", "--out", str(first))  # now from the cache
    assert code == 0
    assert "graph unchanged since the last build, its files kept" in out
    assert _published(first) == published


def test_the_published_example_is_what_build_makes(tmp_path: Path) -> None:
    assert invoke("build", "--out", str(tmp_path), "--no-cache")[0] == 0
    example, built = _published(ROOT / "output"), _published(tmp_path)
    assert "prestaties.ttl" in example  # the example kept in the repository
    assert {name: built.get(name) for name in example} == example


def test_cached_and_parallel_builds_equal_a_clean_serial_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(Path(__file__).parent / "data" / "sources", corpus)
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    assert invoke("build", str(corpus), "--out", str(serial), "-j", "1", "--no-cache")[0] == 0
    from prestatiegraaf import batch, serialize

    monkeypatch.setattr(batch, "PARALLEL_FROM", 2)  # force worker processes
    monkeypatch.setattr(serialize, "APART_FROM", 0)  # and the merge in a child process
    assert invoke("build", str(corpus), "--out", str(parallel), "-j", "2")[0] == 0
    assert _published(parallel) == _published(serial)
    before = {p.name for p in (parallel / ".cache").glob("*.pickle")}
    assert len(before) == 16
    parts = {p.stem for p in (parallel / ".cache").glob("*.nt")}  # each file's part of the graph
    made = {stem for stem in parts if stem.startswith("made-")}  # and the shared part, by content
    assert parts - made == {name.removesuffix(".pickle") for name in before}
    assert len(made) == 1
    for name in ("process_one", "_process_packed"):  # every file must now come from the cache
        monkeypatch.setattr(batch, name, None)
    assert invoke("build", str(corpus), "--out", str(parallel), "-j", "2")[0] == 0
    assert _published(parallel) == _published(serial)
    hidden = {p.name for p in parallel.iterdir() if p.name.startswith(".")}
    assert hidden == {".cache", ".published"}  # no staging or parts folder left behind


def test_incremental_build_reextracts_one_file_and_equals_a_clean_build(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(Path(__file__).parent / "data" / "sources", corpus)
    out, clean = tmp_path / "out", tmp_path / "clean"
    assert invoke("build", str(corpus), "--out", str(out))[0] == 0
    before = {p.name for p in (out / ".cache").glob("*.pickle")}
    changed = corpus / "roles_variants.txt"
    changed.write_text(changed.read_text("utf-8").replace("Hester Maij", "Monique van Haaf"))
    assert invoke("build", str(corpus), "--out", str(out))[0] == 0
    after = {p.name for p in (out / ".cache").glob("*.pickle")}
    assert len(before - after) == 1 and len(after - before) == 1  # one entry replaced
    assert invoke("build", str(corpus), "--out", str(clean), "--no-cache")[0] == 0
    assert _published(out) == _published(clean)
    assert "Monique van Haaf" in (out / "prestaties.ttl").read_text("utf-8")


def test_cached_parts_are_not_reused_under_another_base(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("build", "--out", str(out))[0] == 0
    base = "https://data.example.org/pc"
    assert invoke("build", "--out", str(out), "--base", base)[0] == 0
    turtle = (out / "prestaties.ttl").read_text("utf-8")
    assert f"<{base}/id/prestatiebeschrijving/" in turtle
    assert "https://w3id.org/prestatiegraaf/id/prestatiebeschrijving/" not in turtle


def test_build_files_without_manifest_infers_documents(tmp_path: Path) -> None:
    code, out, err = invoke(
        "build",
        str(EXAMPLES / "000_048e71227b56a148.txt"),
        str(EXAMPLES / "002_83e0883af9086c1a.txt"),
        "--out",
        str(tmp_path),
    )
    assert code == 0, err
    text = (tmp_path / "prestaties.ttl").read_text("utf-8")
    assert "/id/document/begroting-2017>" in text
    assert "/id/document/monitor-2016-ii>" in text
    assert "document unknown" not in err


def test_build_warns_when_document_stays_unknown(tmp_path: Path) -> None:
    code, _, err = invoke(
        "build", str(EXAMPLES / "001_e4d768af5dac0265.txt"), "--out", str(tmp_path)
    )
    assert code == 0
    assert "001_e4d768af5dac0265.txt: document unknown" in err


def test_query_prints_table_and_csv(tmp_path: Path) -> None:
    assert invoke("build", "--out", str(tmp_path))[0] == 0
    code, out, _ = invoke("query", str(QUERIES / "budget.rq"), "--data", str(tmp_path))
    assert code == 0
    assert re.search(r"5\.2\.1\s+Monitor 2016-II\s+1532000\s+429000\s+1103000", out)
    code, out, _ = invoke("query", str(QUERIES / "budget.rq"), "-d", str(tmp_path), "-f", "csv")
    assert out.splitlines() == [
        "code,document,begroot,besteed,ruimte",
        "5.2.1,Monitor 2016-II,1532000,429000,1103000",
    ]


def _bad_inputs(tmp: Path) -> dict[str, tuple[list[str], str]]:
    (tmp / "empty.txt").write_text("")
    (tmp / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (tmp / "cp1252.txt").write_bytes(
        "5.2.1 Financiën en beleid\n\nWij doen dit.\n".encode("cp1252")
    )
    (tmp / "nocode.txt").write_text("Context\n\nWij werken aan de economie.\n", "utf-8")
    (tmp / "wrongcol.csv").write_text("bestand,title,kind,year,period\nx.txt,A,begroting,2017,\n")
    (tmp / "missing.csv").write_text("file,title,kind,year,period\nnope.txt,A,begroting,2017,\n")
    (tmp / "badkind.csv").write_text("file,title,kind,year,period\nempty.txt,A,nota,2017,\n")
    return {
        "missing file": ([str(tmp / "absent.txt")], "absent.txt: file not found"),
        "empty file": ([str(tmp / "empty.txt")], "empty.txt: file is empty"),
        "binary file": ([str(tmp / "binary.txt")], "binary.txt: binary file"),
        "cp1252 file": ([str(tmp / "cp1252.txt")], "cp1252.txt:1: byte 0xeb"),
        "no code": ([str(tmp / "nocode.txt")], "nocode.txt:1: no prestatie heading"),
        "wrong column": (
            ["--manifest", str(tmp / "wrongcol.csv")],
            "wrongcol.csv:1: header lacks column(s) file",
        ),
        "missing in manifest": (
            ["--manifest", str(tmp / "missing.csv")],
            "missing.csv:2: file 'nope.txt' not found",
        ),
        "bad kind": (["--manifest", str(tmp / "badkind.csv")], "badkind.csv:2: kind 'nota'"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "missing file",
        "empty file",
        "binary file",
        "cp1252 file",
        "no code",
        "wrong column",
        "missing in manifest",
        "bad kind",
    ],
)
def test_bad_input_gives_one_line_error_and_exit_2(case: str, tmp_path: Path) -> None:
    args, expected = _bad_inputs(tmp_path)[case]
    out_dir = tmp_path / "out"
    code, out, err = invoke("build", *args, "--out", str(out_dir))
    assert code == 2
    assert expected in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out
    assert not (out_dir / "prestaties.ttl").exists()


def test_cp1252_builds_with_encoding_option(tmp_path: Path) -> None:
    source = tmp_path / "begroting-2017.txt"
    source.write_bytes("5.2.1 Financiën en beleid\n\nWij doen dit.\n".encode("cp1252"))
    code, _, err = invoke(
        "build", str(source), "--encoding", "cp1252", "--out", str(tmp_path / "o")
    )
    assert code == 0, err
    assert "Financiën en beleid" in (tmp_path / "o" / "prestaties.ttl").read_text("utf-8")


DATA_FILES = ("prestaties.ttl", "prestaties.nt", "dataset.ttl")


def test_failed_build_keeps_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("build", "--out", str(out))[0] == 0
    before = {name: (out / name).read_bytes() for name in DATA_FILES}
    reports = {name: (out / name).read_bytes() for name in ("report.txt", "report.json")}
    (tmp_path / "empty.txt").write_text("")
    code, _, err = invoke("build", str(EXAMPLES), str(tmp_path / "empty.txt"), "--out", str(out))
    assert code == 2
    assert "1 of 4 files failed; nothing published" in err
    assert f"report in {out / 'failed-build' / 'report.txt'}" in err
    assert {name: (out / name).read_bytes() for name in DATA_FILES} == before
    assert {name: (out / name).read_bytes() for name in reports} == reports  # still published
    assert "FAILED" in (out / "failed-build" / "report.txt").read_text("utf-8")
    assert invoke("build", "--out", str(out))[0] == 0
    assert not (out / "failed-build").exists()  # a build that published forgets the failure
    assert not [p for p in out.iterdir() if p.name.startswith(".staging")]


def test_a_merge_killed_for_memory_is_one_clear_error_and_keeps_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prestatiegraaf import serialize

    out = tmp_path / "out"
    assert invoke("build", "--out", str(out))[0] == 0
    before = {name: (out / name).read_bytes() for name in DATA_FILES}
    monkeypatch.setattr(serialize, "APART_FROM", 0)
    monkeypatch.setattr(serialize, "_merge_files", Poison())  # the child dies as it starts
    code, out_text, err = invoke("build", "--out", str(out), "--no-cache")
    assert code == 2
    assert "merging the graph's parts stopped: a child process ended" in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out_text
    assert {name: (out / name).read_bytes() for name in DATA_FILES} == before
    assert not [p for p in out.iterdir() if p.name.startswith((".staging", ".parts"))]


def test_keep_going_publishes_the_rest(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    code, out, err = invoke(
        "build",
        str(EXAMPLES),
        str(tmp_path / "empty.txt"),
        "--out",
        str(tmp_path / "o"),
        "--keep-going",
    )
    assert code == 0
    assert "3 files, 1 failed, 3 sections" in out
    assert "empty.txt: file is empty" in err
    report = json.loads((tmp_path / "o" / "report.json").read_text("utf-8"))
    (failed,) = report["failed"]
    assert failed["file"].endswith("empty.txt") and "file is empty" in failed["error"]
    assert len(report["files"]) == 3
    lines = (tmp_path / "o" / "report.json").read_text("utf-8").splitlines()
    assert [line[:14] for line in lines[:3]] == ["{", '  "files": [', '    {"file": "']
    assert len(lines) == 1 + (1 + 3 + 1) + 1 + (1 + 1 + 1) + 1  # a line per file and failure


def test_query_errors_are_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT WHERE {")
    assert invoke("build", "--out", str(tmp_path / "o"))[0] == 0
    code, _, err = invoke("query", str(bad), "--data", str(tmp_path / "o"))
    assert code == 2 and "bad.rq: not valid SPARQL" in err
    code, _, err = invoke("query", str(QUERIES / "budget.rq"), "--data", str(tmp_path / "none"))
    assert code == 2 and "none: data not found" in err


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for command in ("build", "query", "validate", "diff", "evaluate", "actors"):
        code, out, _ = invoke(command, "--help")
        assert code == 0 and "Example:" in out
        assert f"prestatiegraaf {command}" in readme


def test_two_files_with_the_same_bytes_keep_their_own_names(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seed = Path(__file__).parent / "data" / "sources" / "roles_variants.txt"
    for name in ("eerste.txt", "tweede.txt"):
        (corpus / name).write_bytes(seed.read_bytes())
    out = tmp_path / "out"
    for _ in range(2):  # the second build reads both from the cache
        assert invoke("build", str(corpus), "--out", str(out), "--keep-going")[0] == 0
        turtle = (out / "prestaties.ttl").read_text("utf-8")
        assert '"eerste.txt"' in turtle and '"tweede.txt"' in turtle
        report = json.loads((out / "report.json").read_text("utf-8"))
        assert sorted(Path(f["file"]).name for f in report["files"]) == ["eerste.txt", "tweede.txt"]
