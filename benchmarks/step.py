"""One benchmark step, run in a process of its own so that its peak memory is its own.

``python benchmarks/step.py STEP --workdir DIR --result FILE [options]`` runs STEP on the
files a previous step left in DIR (``extracted.pickle``, ``graph.nt``) and writes one JSON
object to FILE: ``seconds`` (the timed work only), ``rss_before_mb`` (the process after its
imports and input, before the timed work), ``rss_peak_self_mb`` and step-specific figures.
On failure FILE holds ``{"error": "..."}`` and the exit status is 1. ``benchmarks/run.py``
starts these processes and adds the peak memory the operating system reports for them.

Steps: ``extract``, ``extract-serial`` (one worker process), ``map``, ``validate``,
``serialize-turtle``, ``serialize-ntriples``, ``serialize-jsonld``, ``serialize-trig``,
``load``, ``query``, ``build``, ``build-unchanged``, ``build-one-file`` and the plain-library
baselines ``baseline-load``, ``baseline-serialize-turtle``, ``baseline-serialize-ntriples``,
``baseline-query``, ``baseline-validate``.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import gc
import hashlib
import json
import math
import pickle
import re
import resource
import shutil
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
EXTRACTED = "extracted.pickle"
GRAPH = "graph.nt"
Result = dict[str, Any]


@dataclasses.dataclass(frozen=True)
class Settings:
    """What the runner passes to a step."""

    workdir: Path
    manifest: Path | None
    repeat: int
    workers: int | None
    validate_limit: int
    query_budget: float


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The ``fraction`` quantile of ``samples`` (linear interpolation between ranks)."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    position = fraction * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds ``work`` takes (garbage collected first so earlier garbage is not billed)."""
    gc.collect()
    start = time.perf_counter()
    value = work()
    return time.perf_counter() - start, value


def build_options(**wanted: Any) -> Any:
    """``BuildOptions`` with the fields this version of the project knows (others dropped)."""
    from prestatiegraaf.pipeline import BuildOptions

    known = {f.name for f in dataclasses.fields(BuildOptions)}
    return BuildOptions(**{k: v for k, v in wanted.items() if k in known and v is not None})


def queries() -> list[Path]:
    """The competency queries: ``queries/*.rq`` of the checkout, else the installed ones."""
    folder = ROOT / "queries"
    if not folder.is_dir():
        from prestatiegraaf.resources import queries_dir

        folder = queries_dir()
    return sorted(folder.glob("*.rq"))


def graph_triples_from_file(path: Path) -> list[ox.Triple]:
    """The triples of an N-Triples file."""
    return [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)
    ]


# ---------------------------------------------------------------------------------------------
# Project steps
# ---------------------------------------------------------------------------------------------


def step_extract(s: Settings, keep: bool = True) -> Result:
    """Load, extract and map every source of the manifest, file by file (no cache).

    This is what the build's worker processes do; the documents and their parts of the graph
    are pickled for the next step.
    """
    from prestatiegraaf.pipeline import process_all

    options = build_options(
        manifest=s.manifest, workers=s.workers, cache=False, out_dir=s.workdir / "extract-out"
    )
    parts = s.workdir / "parts"
    shutil.rmtree(parts, ignore_errors=True)
    parts.mkdir(parents=True)
    before = rss_mb()
    seconds, (processed, warnings, failures) = timed(lambda: process_all(options, parts))
    documents = [p.document for p in processed]
    pickle_seconds = None
    if keep:
        pickle_seconds, _ = timed(
            lambda: (s.workdir / EXTRACTED).write_bytes(pickle.dumps(processed, protocol=5))
        )
    sections = sum(len(d.sections) for d in documents)
    unparsed = sum(len(sec.unparsed) for d in documents for sec in d.sections)
    outside = sum(len(d.outside) for d in documents)
    return {
        "seconds": seconds,
        "rss_before_mb": before,
        "files": len(documents) + len(failures),
        "sections": sections,
        "failures": len(failures),
        "warnings": len(warnings),
        "unparsed": unparsed,
        "outside_sections": outside,
        "pickle_seconds": pickle_seconds,
        "sections_per_second": sections / seconds if seconds else None,
        "failed_files": [str(f.path.name) + ": " + f.message for f in failures][:10],
    }


def step_map(s: Settings) -> Result:
    """Merge the files' parts with the cross-document part into one sorted N-Triples file.

    Also reported: ``serial_map_seconds``, mapping every document again in this one process
    (the work the extract step spreads over its workers).
    """
    from prestatiegraaf.graph.build import graph_ntriples
    from prestatiegraaf.serialize import sorted_part, write_merged_ntriples

    load_seconds, processed = timed(lambda: pickle.loads((s.workdir / EXTRACTED).read_bytes()))
    documents = [p.document for p in processed]
    parts = [p.part for p in processed]
    before = rss_mb()
    seconds, count = timed(
        lambda: write_merged_ntriples(
            graph_ntriples(documents, parts=parts, form=sorted_part), s.workdir / GRAPH
        )
    )
    serial_seconds, _ = timed(lambda: list(graph_ntriples(documents)))
    return {
        "seconds": seconds,
        "rss_before_mb": before,
        "triples": count,
        "unpickle_seconds": load_seconds,
        "serial_map_seconds": serial_seconds,
        "bytes": (s.workdir / GRAPH).stat().st_size,
    }


def _loaded_store(s: Settings) -> tuple[float, ox.Store]:
    store = ox.Store()
    seconds, _ = timed(
        lambda: store.bulk_load(path=str(s.workdir / GRAPH), format=ox.RdfFormat.N_TRIPLES)
    )
    return seconds, store


def step_validate(s: Settings) -> Result:
    """Validate the graph with the project's shapes and the built-in engine."""
    from prestatiegraaf.validate.result import load_project_shapes, validate_graph

    load_seconds, store = _loaded_store(s)
    shapes_seconds, shapes = timed(load_project_shapes)
    before = rss_mb()
    seconds, result = timed(lambda: validate_graph(store, shapes))
    return {
        "seconds": seconds,
        "rss_before_mb": before,
        "triples": len(store),
        "load_seconds": load_seconds,
        "shapes_seconds": shapes_seconds,
        "conforms": result.conforms,
        "results": dict(result.counts),
    }


def _serializer(name: str) -> Callable[[bytes], bytes]:
    from prestatiegraaf import serialize

    return {
        "turtle": serialize.turtle_from_ntriples,
        "ntriples": lambda data: serialize.canonical_ntriples([data]),  # the sort of the merge
        "jsonld": serialize.jsonld_from_ntriples,
        "trig": lambda data: serialize.trig_from_ntriples(data, "https://example.org/graph"),
    }[name]


def step_serialize(s: Settings, name: str) -> Result:
    """Write the graph (sorted N-Triples, as the build holds it) in one published format."""
    from prestatiegraaf.serialize import line_count

    write = _serializer(name)
    read_seconds, graph = timed(lambda: (s.workdir / GRAPH).read_bytes())
    before = rss_mb()
    seconds, data = timed(lambda: write(graph))
    return {
        "seconds": seconds,
        "rss_before_mb": before,
        "triples": line_count(graph),
        "bytes": len(data),
        "read_seconds": read_seconds,
    }


def step_load(s: Settings) -> Result:
    """Bulk-load the N-Triples into a pyoxigraph store."""
    before = rss_mb()
    seconds, store = _loaded_store(s)
    return {"seconds": seconds, "rss_before_mb": before, "triples": len(store)}


def _query_runs(
    run: Callable[[str], int], texts: dict[str, str], repeat: int, budget: float
) -> dict[str, Result]:
    """Time each query ``repeat`` times (fewer once a query has used up ``budget`` seconds)."""
    out: dict[str, Result] = {}
    for name, text in texts.items():
        samples: list[float] = []
        rows = 0
        for _ in range(repeat):
            seconds, rows = timed(partial(run, text))
            samples.append(seconds)
            if sum(samples) > budget:
                break
        out[name] = {
            "p50": percentile(samples, 0.5),
            "p95": percentile(samples, 0.95),
            "min": min(samples),
            "runs": len(samples),
            "rows": rows,
        }
    return out


_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
_LIMIT_OR_OFFSET = re.compile(r"\b(?:LIMIT|OFFSET)\b", re.IGNORECASE)


def without_order_by(text: str) -> str | None:
    """``text`` without the ORDER BY of its outermost query: the same solutions, unsorted.

    None when there is no such ORDER BY, or a LIMIT or OFFSET makes the solutions depend on it.
    """
    tail_start = text.rfind("}") + 1
    tail = text[tail_start:]
    found = _ORDER_BY.search(tail)
    if found is None or _LIMIT_OR_OFFSET.search(tail):
        return None
    return text[:tail_start] + tail[: found.start()]


def _unsorted_runs(
    run_rows: Callable[[str], tuple[tuple[str, ...], ...]], texts: dict[str, str], s: Settings
) -> dict[str, Result]:
    """Time each query again without its ORDER BY, once its rows are known to be the same."""
    unsorted = {}
    for name, text in texts.items():
        variant = without_order_by(text)
        if variant is None:
            continue
        if sorted(run_rows(variant)) != sorted(run_rows(text)):
            raise AssertionError(f"{name}: the query without ORDER BY gives other rows")
        unsorted[name] = variant
    return _query_runs(lambda q: len(run_rows(q)), unsorted, s.repeat, s.query_budget)


def step_query(s: Settings) -> Result:
    """Each competency query on the loaded store: p50 and p95 over the runs.

    Each query with an ORDER BY is also timed without it (same rows, unsorted): what the
    engine needs for the joins alone.
    """
    from prestatiegraaf.query import run_query

    load_seconds, store = _loaded_store(s)
    texts = {path.stem: path.read_text(encoding="utf-8") for path in queries()}
    before = rss_mb()
    runs = _query_runs(lambda q: len(run_query(q, store).rows), texts, s.repeat, s.query_budget)
    unsorted = _unsorted_runs(lambda q: run_query(q, store).rows, texts, s)
    for name, figures in unsorted.items():
        runs[name]["unsorted_p50"] = figures["p50"]
        runs[name]["unsorted_p95"] = figures["p95"]
    return {
        "seconds": sum(r["p50"] for r in runs.values()),
        "rss_before_mb": before,
        "triples": len(store),
        "load_seconds": load_seconds,
        "queries": runs,
    }


def step_build(s: Settings, again: str | None = None) -> Result:
    """The whole build (``prestatiegraaf build --manifest ... --out ...``), end to end.

    ``again`` times a second build after a first one into the same folder: ``"unchanged"``
    with nothing changed, ``"one-file"`` after one sentence of one source file changed (the
    file is put back afterwards).
    """
    from prestatiegraaf.pipeline import build

    out_dir = s.workdir / "build"
    options = build_options(manifest=s.manifest, out_dir=out_dir, workers=s.workers)
    if again and not (out_dir / ".cache").exists():
        build(options)  # the first build fills the cache
    changed = _change_one_file(s) if again == "one-file" else None
    try:
        before = rss_mb()
        seconds, result = timed(lambda: build(options))
    finally:
        if changed:
            changed[0].write_bytes(changed[1])
    validation = result.validation
    extra = {"changed_file": changed[0].name} if changed else {}
    return {
        "seconds": seconds,
        "rss_before_mb": before,
        "triples": result.triples,
        "sections": result.sections,
        "files_written": len(result.files),
        "graph_files_kept": result.unchanged,
        "results": dict(validation.counts) if validation else None,
        **extra,
    }


def _change_one_file(s: Settings) -> tuple[Path, bytes]:
    """Change one sentence of the first text source; the file and its original bytes."""
    if s.manifest is None:
        raise SystemExit("the one-file rebuild needs a manifest")
    with s.manifest.open(encoding="utf-8", newline="") as handle:
        names = [row["file"] for row in csv.DictReader(handle)]
    for name in names:
        path = s.manifest.parent / name
        if path.suffix not in (".txt", ".md"):
            continue
        original = path.read_bytes()
        text = original.decode("utf-8")
        if "Wij " in text:
            path.write_bytes(text.replace("Wij ", "Wij ook ", 1).encode("utf-8"))
            return path, original
    raise SystemExit(f"no text source in {s.manifest} has a sentence to change")


# ---------------------------------------------------------------------------------------------
# Baselines: the plain way with rdflib and pySHACL
# ---------------------------------------------------------------------------------------------


def to_rdflib(term: Any) -> Any:
    """A pyoxigraph term as an rdflib term."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"unsupported term {term!r}")


def rdflib_graph(triples: Iterable[ox.Triple]) -> Any:
    """An rdflib ``Graph`` filled triple by triple with ``Graph.add``."""
    from rdflib import Graph

    graph = Graph()
    for t in triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return graph


def step_baseline_load(s: Settings) -> Result:
    """Baseline: fill an rdflib ``Graph`` with ``Graph.add`` from the mapped triples."""
    parse_seconds, triples = timed(lambda: graph_triples_from_file(s.workdir / GRAPH))
    before = rss_mb()
    seconds, graph = timed(lambda: rdflib_graph(triples))
    return {
        "seconds": seconds,
        "rss_before_mb": before,
        "triples": len(graph),
        "parse_seconds": parse_seconds,
    }


def step_baseline_serialize(s: Settings, name: str) -> Result:
    """Baseline: rdflib's own Turtle or N-Triples serialiser on the same graph."""
    graph = rdflib_graph(graph_triples_from_file(s.workdir / GRAPH))
    fmt = {"turtle": "turtle", "ntriples": "nt"}[name]
    before = rss_mb()
    seconds, data = timed(lambda: graph.serialize(format=fmt, encoding="utf-8"))
    return {"seconds": seconds, "rss_before_mb": before, "triples": len(graph), "bytes": len(data)}


def step_baseline_query(s: Settings) -> Result:
    """Baseline: rdflib's SPARQL engine on each competency query."""
    graph = rdflib_graph(graph_triples_from_file(s.workdir / GRAPH))
    texts = {path.stem: path.read_text(encoding="utf-8") for path in queries()}
    before = rss_mb()

    def run(text: str) -> int:
        return len(
            [tuple(str(v) if v is not None else "" for v in row) for row in graph.query(text)]
        )

    runs = _query_runs(run, texts, s.repeat, s.query_budget)
    return {
        "seconds": sum(r["p50"] for r in runs.values()),
        "rss_before_mb": before,
        "triples": len(graph),
        "queries": runs,
    }


@dataclasses.dataclass(frozen=True)
class Sample:
    """Whole descriptions of a graph, with the resources they share."""

    triples: list[ox.Triple]
    descriptions: int  # sampled
    of: int  # descriptions in the graph
    shared: int  # triples not about a description, all of them in the sample
    described: int  # triples about the sampled descriptions
    all_described: int  # triples about any description of the graph


class DescriptionSampler:
    """Deterministic samples of whole descriptions of a graph, with the resources they share.

    Every triple about a description (``{base}/id/prestatiebeschrijving/{doc}/{code}``) or a
    fact below it goes with that description; all other triples (documents, prestaties,
    source files, people, code lists, ...) are shared and always kept, except links to
    descriptions that are left out.
    """

    def __init__(self, triples: list[ox.Triple], base: str) -> None:
        self.prefix = base.rstrip("/") + "/id/prestatiebeschrijving/"
        self.groups: dict[str, list[ox.Triple]] = {}
        self.shared: list[ox.Triple] = []
        for triple in triples:
            key = self.owner(triple.subject)
            if key is None:
                self.shared.append(triple)
            else:
                self.groups.setdefault(key, []).append(triple)
        self.order = sorted(self.groups, key=lambda k: hashlib.sha256(k.encode()).hexdigest())
        self.described = sum(len(group) for group in self.groups.values())

    def owner(self, term: Any) -> str | None:
        """The description a term belongs to, if any."""
        if not isinstance(term, ox.NamedNode) or not term.value.startswith(self.prefix):
            return None
        parts = term.value[len(self.prefix) :].split("/")
        return "/".join(parts[:2]) if len(parts) >= 2 else None

    def sample(self, budget: int) -> Sample:
        """Every shared triple, and whole descriptions up to ``budget`` triples.

        Descriptions are taken in the order of a hash of their IRI until their triples reach
        ``budget`` (at least one is taken).
        """
        chosen: set[str] = set()
        described = 0
        for key in self.order:
            if described >= budget and chosen:
                break
            chosen.add(key)
            described += len(self.groups[key])
        owner = self.owner
        sample = [t for t in self.shared if owner(t.object) in chosen or owner(t.object) is None]
        sample += [t for key in sorted(chosen) for t in self.groups[key]]
        return Sample(
            sample, len(chosen), len(self.groups), len(self.shared), described, self.described
        )


def extrapolate(small: tuple[int, float], large: tuple[int, float], total: int) -> float:
    """Seconds for ``total`` description triples, fitted through two samples' (triples, seconds).

    Both samples hold all the shared triples, so the time they add is the same in both and
    in the whole graph: the fit is a line in the description triples. The whole graph never
    takes less than the larger sample (when noise makes the line fall, it stays flat).
    """
    (d1, t1), (d2, t2) = small, large
    slope = max(0.0, (t2 - t1) / (d2 - d1)) if d2 > d1 else 0.0
    return t2 + slope * (total - d2)


def step_baseline_validate(s: Settings) -> Result:
    """Baseline: pySHACL with default settings on the graph, or on samples when too large.

    Above ``validate_limit`` triples two samples of whole descriptions are validated (see
    :class:`DescriptionSampler`): a large one, filled up to the limit but with at least half
    of the limit in descriptions (the shared part grows with the corpus and would otherwise
    crowd them out), and one with a quarter of its descriptions. The time for the whole graph
    is the line through both, in description triples (:func:`extrapolate`). pySHACL's own
    time grows faster than linearly, so this understates it.
    """
    import pyshacl
    from rdflib import Graph

    from prestatiegraaf.namespaces import DEFAULT_BASE
    from prestatiegraaf.resources import shapes_dir

    shapes = Graph()
    for path in sorted(shapes_dir().glob("*.ttl")):
        shapes.parse(path, format="turtle")
    triples = graph_triples_from_file(s.workdir / GRAPH)
    total = len(triples)

    def validate(part: list[ox.Triple]) -> tuple[float, bool]:
        data = rdflib_graph(part)
        seconds, (conforms, _, _) = timed(lambda: pyshacl.validate(data, shacl_graph=shapes))
        return seconds, bool(conforms)

    if total <= s.validate_limit:
        before = rss_mb()
        seconds, conforms = validate(triples)
        return {
            "seconds": seconds,
            "rss_before_mb": before,
            "triples": total,
            "extrapolated": False,
            "conforms": conforms,
        }
    sampler = DescriptionSampler(triples, DEFAULT_BASE)
    budget = max(s.validate_limit - len(sampler.shared), s.validate_limit // 2)
    small, large = sampler.sample(budget // 4), sampler.sample(budget)
    del triples, sampler
    before = rss_mb()
    small_seconds, _ = validate(small.triples)
    seconds, conforms = validate(large.triples)
    return {
        "seconds": extrapolate(
            (small.described, small_seconds), (large.described, seconds), large.all_described
        ),
        "rss_before_mb": before,
        "triples": total,
        "extrapolated": True,
        "extrapolation": "linear in description triples, through two samples",
        "conforms": conforms,
        "shared_triples": large.shared,
        "sample_triples": len(large.triples),
        "sample_seconds": seconds,
        "sample_descriptions": large.descriptions,
        "descriptions": large.of,
        "small_sample_triples": len(small.triples),
        "small_sample_seconds": small_seconds,
        "small_sample_descriptions": small.descriptions,
        "linear_in_triples_seconds": seconds * total / len(large.triples),
    }


STEPS: dict[str, Callable[[Settings], Result]] = {
    "extract": step_extract,
    "extract-serial": lambda s: step_extract(dataclasses.replace(s, workers=1), keep=False),
    "map": step_map,
    "validate": step_validate,
    "serialize-turtle": lambda s: step_serialize(s, "turtle"),
    "serialize-ntriples": lambda s: step_serialize(s, "ntriples"),
    "serialize-jsonld": lambda s: step_serialize(s, "jsonld"),
    "serialize-trig": lambda s: step_serialize(s, "trig"),
    "load": step_load,
    "query": step_query,
    "build": step_build,
    "build-unchanged": lambda s: step_build(s, again="unchanged"),
    "build-one-file": lambda s: step_build(s, again="one-file"),
    "baseline-load": step_baseline_load,
    "baseline-serialize-turtle": lambda s: step_baseline_serialize(s, "turtle"),
    "baseline-serialize-ntriples": lambda s: step_baseline_serialize(s, "ntriples"),
    "baseline-query": step_baseline_query,
    "baseline-validate": step_baseline_validate,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one step and write its result as JSON."""
    parser = argparse.ArgumentParser(description="Run one benchmark step.")
    parser.add_argument("step", choices=sorted(STEPS))
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--result", type=Path, required=True)
    parser.add_argument("--manifest", type=Path)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--workers", type=int)
    parser.add_argument("--validate-limit", type=int, default=200_000)
    parser.add_argument("--query-budget", type=float, default=300.0)
    args = parser.parse_args(argv)
    settings = Settings(
        args.workdir,
        args.manifest,
        max(1, args.repeat),
        args.workers,
        args.validate_limit,
        args.query_budget,
    )
    try:
        result = STEPS[args.step](settings)
    except Exception as error:  # reported to the runner, with the traceback in its log
        traceback.print_exc()
        message = f"{type(error).__name__}: {error}".splitlines()[0][:300]
        args.result.write_text(json.dumps({"error": message}), encoding="utf-8")
        return 1
    result["rss_peak_self_mb"] = rss_mb()
    args.result.write_text(json.dumps(result, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
