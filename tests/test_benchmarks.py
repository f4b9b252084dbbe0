"""The benchmark corpus generator and runner (benchmarks/): fast checks, no timing assertions."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import subprocess
import sys
from collections import Counter
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

import pyoxigraph as ox
import pytest

from prestatiegraaf.pipeline import BuildOptions, extract_all
from prestatiegraaf.publish.versions import CURRENT
from prestatiegraaf.query import run_query

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
GOLDEN = ROOT / "tests" / "data" / "expected" / "queries"
QUERIES = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))


def _module(name: str) -> ModuleType:
    """Import a script of ``benchmarks/`` as a module (the folder is not a package)."""
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


corpus = _module("corpus")
SECTIONS = 120


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus of ``SECTIONS`` sections, written once."""
    return corpus.generate_corpus(tmp_path_factory.mktemp("corpus"), SECTIONS)


@pytest.fixture(scope="module")
def extracted(generated: Path) -> dict[str, tuple[str, list[str]]]:
    """File name → (detected channel, codes found), as the project extracts them."""
    options = BuildOptions(manifest=generated, workers=1, cache=False, out_dir=generated.parent)
    documents, _, failures = extract_all(options)
    assert not failures, [f.message for f in failures]
    return {
        d.source.path.name: (d.source.channel.value, [s.code for s in d.sections])
        for d in documents
    }


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_arguments_give_the_same_bytes(tmp_path: Path) -> None:
    first = corpus.generate_corpus(tmp_path / "a", 60, seed=7)
    second = corpus.generate_corpus(tmp_path / "b", 60, seed=7)
    assert first.name == second.name == "manifest.csv"
    assert _files(first.parent) == _files(second.parent)
    other = corpus.generate_corpus(tmp_path / "c", 60, seed=8)
    assert _files(other.parent) != _files(first.parent)


def test_manifest_names_every_file_with_its_document(generated: Path) -> None:
    lines = generated.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "file,title,kind,year,period"
    rows = [line.split(",") for line in lines[1:]]
    sources = {p.name for p in generated.parent.iterdir() if p.name != "manifest.csv"}
    assert {row[0] for row in rows} == sources
    for _, title, kind, year, period in rows:
        assert kind in {"begroting", "monitor", "jaarverslag"}
        assert 2014 <= int(year) <= 2026
        assert title.startswith(kind.capitalize()) and year in title
        assert period in {"", "I", "II"} and (period == "") == (kind != "monitor")
        assert (year, period) != ("2020", "I")


def test_the_extractor_finds_the_generated_sections(
    extracted: dict[str, tuple[str, list[str]]],
) -> None:
    expected = corpus.expected_sections(SECTIONS)
    assert sum(len(codes) for codes in expected.values()) == SECTIONS
    assert sum(len(codes) for _, codes in extracted.values()) == SECTIONS
    missed = Counter()
    extra = Counter()
    for name, codes in expected.items():
        style = name.rsplit("_", 1)[1].split(".")[0]
        found = extracted.get(name, ("", []))[1]
        missed.update(style for code in codes if code not in found)
        extra.update(style for code in found if code not in codes)
    found_share = 1 - sum(missed.values()) / SECTIONS
    assert found_share >= 0.98, f"sections missed per layout: {dict(missed)}"
    assert not extra, f"codes found that the files do not have, per layout: {dict(extra)}"


def test_every_channel_and_layout_is_generated(
    extracted: dict[str, tuple[str, list[str]]],
) -> None:
    channels = Counter(channel for channel, _ in extracted.values())
    assert set(channels) == {"pdf-text", "web-text", "markdown"}
    plan = corpus.plan_corpus(SECTIONS)
    assert {f.style for f in plan.files} == set(corpus.STYLES)
    for f in plan.files:
        assert extracted[f.name][0] == f.channel, f.name
        assert 1 <= len(f.sections) <= 12
    small = corpus.plan_corpus(30)
    assert {f.style for f in small.files} == set(corpus.STYLES)


def test_corpus_has_the_variety_of_real_documents() -> None:
    plan = corpus.plan_corpus(1500)
    multi = sum(1 for f in plan.files if len(f.sections) > 1) / len(plan.files)
    assert 0.08 <= multi <= 0.25
    titles = {(f.document.kind, f.document.period) for f in plan.files}
    assert titles == {("begroting", ""), ("monitor", "I"), ("monitor", "II"), ("jaarverslag", "")}
    assert {f.document.year for f in plan.files} == set(range(2014, 2027))
    codes = {era: {p.code: p.title for p in cat} for era, cat in plan.catalogues.items()}
    for old, new in (("A", "B"), ("B", "C")):
        shared = set(codes[old]) & set(codes[new])
        assert any(codes[old][c] != codes[new][c] for c in shared), "no code got a new title"
        moved = {t: c for c, t in codes[new].items()}
        assert any(t in moved and moved[t] != c for c, t in codes[old].items()), "no renumbering"
    assert "6.1.12" in codes["B"]
    per_document = Counter((f.document, s.prestatie.code) for f in plan.files for s in f.sections)
    assert max(per_document.values()) == 1  # a code is described once per document


def test_sections_hold_the_facts_of_real_sections(generated: Path) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in generated.parent.glob("*_*"))
    for needle in (
        "Context",
        "Basisinformatie",
        "Integrale kleurscore",
        "Inhoudelijke kleurscore",
        "Lasten prestatie",
        "x € 1.000",
        "Budgetopbouw",
        "Rol provincie",
        "Looptijd prestatie",
        "Relatie met",
        "Gerealiseerd",
        "Toelichting op voortgang",
        "Prestaties (",
        "Pagina ",
        "PS/20",
        "Acties 20",
        "%",
        "ten minste",
        "Begrotingswijziging",
        "Portefeuillehouder",
    ):
        assert needle in text, needle
    names = {a.label for a in corpus.actors()} | {v for a in corpus.actors() for v in a.variants}
    assert sum(1 for name in names if name in text) >= 20


def test_corpus_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert corpus.main(["--sections", "5", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    # the files of the library call with the default seed, byte for byte
    assert _files(out) == _files(corpus.generate_corpus(tmp_path / "library", 5).parent)
    # the summary line tells what was written: sections, files, multi-section files, layouts
    expected = corpus.expected_sections(5)
    assert sorted(p.name for p in out.iterdir()) == sorted([*expected, "manifest.csv"])
    assert sum(len(codes) for codes in expected.values()) == 5
    styles = Counter(name.rsplit("_", 1)[1].split(".")[0] for name in expected)
    multi = sum(1 for codes in expected.values() if len(codes) > 1)
    assert printed == (
        f"{out / 'manifest.csv'}: 5 sections in {len(expected)} files ({multi} multi-section); "
        f"styles: {', '.join(f'{style} {n}' for style, n in sorted(styles.items()))}\n"
    )
    seeded = tmp_path / "seeded"
    assert corpus.main(["--sections", "5", "--out", str(seeded), "--seed", "7"]) == 0
    assert _files(seeded) == _files(corpus.generate_corpus(tmp_path / "seven", 5, seed=7).parent)
    assert _files(seeded) != _files(out)


RUNNER_SECTIONS = 30
RUNNER_REPEAT = 2


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    """The runner's JSON report at 30 sections (two runs per query), and its kept workdir."""
    workdir = tmp_path_factory.mktemp("bench") / "work"
    command = [
        sys.executable,
        str(BENCHMARKS / "run.py"),
        "--sections",
        str(RUNNER_SECTIONS),
        "--skip-baseline",
        "--json",
        "--repeat",
        str(RUNNER_REPEAT),
        "--quiet",
        "--workdir",
        str(workdir),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return json.loads(done.stdout), workdir


def _steps(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["step"]: row for row in report["steps"]}


def test_runner_measures_every_step(runner: tuple[dict[str, Any], Path]) -> None:
    report, _ = runner
    assert set(report) == {"metadata", "steps"}
    steps = _steps(report)
    labels = [spec.label for spec in _module("run").SPECS]
    after = labels.index("query") + 1  # one row per query follows the query step
    assert [row["step"] for row in report["steps"]] == [
        *labels[:after],
        *(f"query {q}" for q in QUERIES),
        *labels[after:],
    ]
    for row in report["steps"]:
        assert "error" not in row, row
        assert isinstance(row["seconds"], float) and row["seconds"] >= 0, row
        assert isinstance(row["peak_rss_mb"], float) and row["peak_rss_mb"] > 0, row
        assert "baseline_seconds" not in row and "speedup" not in row  # --skip-baseline
    assert steps["build (nothing changed)"]["graph_files_kept"] is True
    one_file = steps["build (one file changed)"]
    assert one_file["graph_files_kept"] is False and one_file["changed_file"].endswith(".txt")
    assert steps["merge graph"]["serial_map_seconds"] > 0
    for name in QUERIES:
        row = steps[f"query {name}"]
        assert row["runs"] == RUNNER_REPEAT
        assert row["p95"] >= row["p50"] == row["seconds"] > 0
        assert row["unsorted_p95"] >= row["unsorted_p50"] > 0
    query = steps["query"]
    assert sorted(query["queries"]) == QUERIES
    assert query["seconds"] == pytest.approx(sum(q["p50"] for q in query["queries"].values()))
    meta = report["metadata"]
    assert meta["sections"] == RUNNER_SECTIONS and meta["machine"]["cores"] >= 1
    assert (meta["repeat"], meta["baseline_repeat"], meta["workers"]) == (RUNNER_REPEAT, None, None)
    assert meta["command"].startswith("python benchmarks/run.py --sections 30 --skip-baseline")
    for name in ("prestatiegraaf", "pyoxigraph", "rdflib", "pyshacl"):
        assert meta["versions"][name] == metadata.version(name)


def test_runner_counts_the_corpus_it_generated(runner: tuple[dict[str, Any], Path]) -> None:
    report, workdir = runner
    steps = _steps(report)
    plan = corpus.plan_corpus(RUNNER_SECTIONS)
    info = report["metadata"]["corpus"]
    files = [p for p in (workdir / "corpus").iterdir() if p.name != "manifest.csv"]
    assert info == {
        "sections": RUNNER_SECTIONS,
        "files": len(plan.files),
        "multi_section_files": sum(1 for f in plan.files if len(f.sections) > 1),
        "styles": dict(sorted(Counter(f.style for f in plan.files).items())),
        "bytes": sum(p.stat().st_size for p in workdir.glob("corpus/*")),
        "seed": corpus.DEFAULT_SEED,
        "generate_seconds": info["generate_seconds"],
    }
    assert isinstance(info["generate_seconds"], float)
    assert sum(info["styles"].values()) == info["files"] == len(files)
    # the corpus is the generator's, and the one-file rebuild put the changed file back
    fresh = corpus.generate_corpus(workdir.parent / "fresh", RUNNER_SECTIONS)
    assert _files(workdir / "corpus") == _files(fresh.parent)
    assert steps["build (one file changed)"]["changed_file"] in {p.name for p in files}
    extracted = steps["extract+map per file"]
    assert (extracted["files"], extracted["sections"]) == (info["files"], RUNNER_SECTIONS)
    assert (extracted["failures"], extracted["failed_files"]) == (0, [])
    serial = steps["extract+map (1 worker)"]
    figures = ("files", "sections", "failures", "warnings", "unparsed", "outside_sections")
    assert {k: serial[k] for k in figures} == {k: extracted[k] for k in figures}
    for label in ("build", "build (nothing changed)", "build (one file changed)"):
        assert steps[label]["sections"] == RUNNER_SECTIONS, label


def test_runner_triples_are_those_of_the_graph(runner: tuple[dict[str, Any], Path]) -> None:
    report, workdir = runner
    steps = _steps(report)
    graph = workdir / "graph.nt"
    lines = graph.read_bytes().count(b"\n")
    store = ox.Store()
    store.bulk_load(path=str(graph), format=ox.RdfFormat.N_TRIPLES)
    assert lines == len(store) > 1000
    with_triples = [row for row in report["steps"] if "triples" in row]
    assert {row["step"] for row in with_triples} >= {"merge graph", "validate", "load store"}
    assert {row["step"]: row["triples"] for row in with_triples} == {
        row["step"]: lines for row in with_triples
    }
    assert (
        steps["merge graph"]["bytes"]
        == steps["serialize ntriples"]["bytes"]
        == graph.stat().st_size
    )
    # the builds publish that graph; the last one after "Wij " became "Wij ook " in one file
    built = (workdir / "build" / "prestaties.nt").read_bytes()
    assert built.count(b"\n") == lines
    assert b"Wij ook " in built and b"Wij ook " not in graph.read_bytes()
    build = workdir / "build"
    published = [p for p in build.iterdir() if p.name[0] != "." and p.name != CURRENT]
    assert steps["build"]["files_written"] == len(published)


def test_runner_validation_and_queries_describe_the_graph(
    runner: tuple[dict[str, Any], Path],
) -> None:
    report, workdir = runner
    steps = _steps(report)
    validation = steps["validate"]
    counts = validation["results"]
    assert set(counts) == {"Violation", "Warning", "Info"}
    assert all(isinstance(n, int) and n >= 0 for n in counts.values())
    assert validation["conforms"] is (counts["Violation"] == 0)
    for label in ("build", "build (nothing changed)", "build (one file changed)"):
        assert steps[label]["results"] == counts, label  # the build validated the same graph
    store = ox.Store()
    store.bulk_load(path=str(workdir / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    for name in QUERIES:
        text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
        rows = len(run_query(text, store).rows)
        assert steps[f"query {name}"]["rows"] == steps["query"]["queries"][name]["rows"] == rows
    # one prestatie (and one tijdlijn row) per generated section
    assert steps["query prestaties"]["rows"] == steps["query tijdlijn"]["rows"] == RUNNER_SECTIONS


def test_runner_reports_a_failing_step(tmp_path: Path) -> None:
    step = _module("step")
    result = tmp_path / "result.json"
    code = step.main(["map", "--workdir", str(tmp_path), "--result", str(result)])
    assert code == 1
    assert "FileNotFoundError" in json.loads(result.read_text())["error"]


def test_exponent_fit() -> None:
    run = _module("run")
    assert run.fit_exponent([1000, 5000, 20000], [1.0, 5.0, 20.0]) == pytest.approx(1.0)
    assert run.fit_exponent([10, 100], [1.0, 100.0]) == pytest.approx(2.0)
    assert run.fit_exponent([10], [1.0]) is None


def _sample_graph() -> list[ox.Triple]:
    """Ten descriptions of three triples each, a document linking to all, and 20 shared triples."""
    base = "https://e.org"
    p = ox.NamedNode("https://e.org/p")
    doc = ox.NamedNode(f"{base}/id/document/d")
    triples = [
        ox.Triple(ox.NamedNode(f"{base}/id/code/{i}"), p, ox.Literal(str(i))) for i in range(20)
    ]
    for i in range(10):
        description = ox.NamedNode(f"{base}/id/prestatiebeschrijving/d/{i}")
        fact = ox.NamedNode(f"{base}/id/prestatiebeschrijving/d/{i}/actie/1")
        triples += [
            ox.Triple(doc, p, description),
            ox.Triple(description, p, fact),
            ox.Triple(description, p, ox.Literal("x")),
            ox.Triple(fact, p, ox.Literal("y")),
        ]
    return triples


def test_the_validation_sample_keeps_whole_descriptions_and_all_shared_triples() -> None:
    step = _module("step")
    triples = _sample_graph()
    sampler = step.DescriptionSampler(triples, "https://e.org/")
    sample = sampler.sample(7)
    assert (sample.descriptions, sample.of, sample.described) == (3, 10, 9)
    assert (sample.shared, sample.all_described) == (30, 30)
    subjects = {t.subject.value for t in sample.triples}
    kept = {s.split("/")[6] for s in subjects if "/prestatiebeschrijving/" in s}
    assert len(kept) == 3
    for code in kept:  # each description with its fact
        assert f"https://e.org/id/prestatiebeschrijving/d/{code}/actie/1" in subjects
    links = [t for t in sample.triples if t.subject.value.endswith("/document/d")]
    assert {t.object.value.rsplit("/", 1)[1] for t in links} == kept  # no dangling links
    assert len(sample.triples) == 20 + 3 + 9
    assert sampler.sample(0).descriptions == 1


def test_the_validation_time_is_extrapolated_in_description_triples() -> None:
    step = _module("step")
    assert step.extrapolate((100, 2.0), (400, 5.0), 10_000) == pytest.approx(101.0)
    assert step.extrapolate((100, 5.0), (400, 4.0), 10_000) == 4.0  # noise: never below
    assert step.extrapolate((400, 4.0), (400, 4.5), 10_000) == 4.5


def _golden_rows(name: str) -> list[list[str]]:
    """The expected answer of a query on the example graph, sorted, without its header."""
    rows = list(csv.reader(io.StringIO((GOLDEN / f"{name}.csv").read_text("utf-8"))))
    return sorted(rows[1:])


def test_a_query_without_its_order_by_gives_the_same_rows_unsorted() -> None:
    step = _module("step")
    store = ox.Store()
    store.bulk_load(path=str(ROOT / "output" / "prestaties.ttl"), format=ox.RdfFormat.TURTLE)
    for path in sorted((ROOT / "queries").glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        variant = step.without_order_by(text)
        assert variant is not None, path.name
        assert "ORDER BY" not in variant[variant.rfind("}") :], path.name
        rows = [tuple(map(str, s)) for s in store.query(text)]
        assert sorted(rows) == sorted(tuple(map(str, s)) for s in store.query(variant))
        plain = [["" if v is None else v.value for v in s] for s in store.query(variant)]
        assert sorted(plain) == _golden_rows(path.stem), path.name  # the example's answers


def test_only_the_outermost_order_by_is_taken_away() -> None:
    step = _module("step")
    inner = "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?o LIMIT 1 } }"
    assert step.without_order_by(inner + " ORDER BY ?s") == inner + " "
    grouped = "SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s "
    assert step.without_order_by(grouped + "order by desc(?n)") == grouped
    assert step.without_order_by(inner) is None
    assert step.without_order_by("SELECT * WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 5") is None
