"""Stage 4, validate: how fast the built-in SHACL engine validates a large graph.

The graph is the example corpus replicated: the three seed documents are extracted once, then
their sections are copied into many documents with other years, kinds and prestatie codes and
turned into triples by the graph stage, so the data has the shape of a real build. The shapes
are the project's (``shapes/``); without them a stand-in of about 30 constraints is used.

Run ``python benchmarks/validate_speed.py --triples 1000000``; add ``--compare`` to time
pySHACL as well on a smaller graph (``--compare-triples``). Output is one ``name value`` pair a
line.
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.extract.extracted import ExtractedDocument, extract_document
from prestatiegraaf.graph import graph_triples
from prestatiegraaf.model import DocumentInfo, DocumentKind
from prestatiegraaf.resources import example_manifest, shapes_dir
from prestatiegraaf.serialize import to_ntriples
from prestatiegraaf.sources import load_source
from prestatiegraaf.sources.manifest import read_manifest
from prestatiegraaf.validate import ShapesModel, load_shapes, validate_store

KINDS = [DocumentKind.BEGROTING, DocumentKind.MONITOR, DocumentKind.JAARVERSLAG]
FALLBACK_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix pg: <https://w3id.org/prestatiegraaf/def#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix bs: <https://w3id.org/prestatiegraaf/benchmark#> .

bs: sh:declare [ sh:prefix "pg" ;
    sh:namespace "https://w3id.org/prestatiegraaf/def#"^^xsd:anyURI ] .
bs:Document a sh:NodeShape ; sh:targetClass pg:Document ;
  sh:property [ sh:path dcterms:title ; sh:minCount 1 ; sh:maxCount 1 ; sh:languageIn ("nl") ] ;
  sh:property [ sh:path pg:jaar ; sh:maxCount 1 ; sh:datatype xsd:gYear ] ;
  sh:property [ sh:path pg:documentsoort ; sh:minCount 1 ; sh:nodeKind sh:IRI ] ;
  sh:property [ sh:path pg:periode ; sh:in ( "I" "II" ) ] .
bs:Prestatie a sh:NodeShape ; sh:targetClass pg:Prestatie ;
  sh:property [ sh:path skos:notation ; sh:minCount 1 ; sh:maxCount 1 ;
                sh:pattern "^[0-9]{1,2}[.][0-9]{1,2}[.][0-9]{1,2}$" ] ;
  sh:property [ sh:path skos:prefLabel ; sh:uniqueLang true ; sh:datatype rdf:langString ] ;
  sh:property [ sh:path pg:coalitieperiode ; sh:minCount 1 ; sh:minLength 9 ; sh:maxLength 9 ] ;
  sh:property [ sh:path skos:broader ; sh:maxCount 1 ; sh:nodeKind sh:IRI ] .
bs:Beschrijving a sh:NodeShape ; sh:targetClass pg:Prestatiebeschrijving ;
  sh:property [ sh:path pg:beschrijft ; sh:minCount 1 ; sh:maxCount 1 ; sh:class pg:Prestatie ] ;
  sh:property [ sh:path prov:wasDerivedFrom ; sh:minCount 1 ; sh:class pg:Document ] ;
  sh:property [ sh:path pg:actie ; sh:class pg:Actie ; sh:nodeKind sh:IRI ] ;
  sh:property [ sh:path pg:ambitie ; sh:maxCount 1 ; sh:datatype rdf:langString ] ;
  sh:property [ sh:path pg:verwijstNaar ; sh:disjoint pg:beschrijft ] ;
  sh:sparql [ sh:prefixes bs: ; sh:select \"\"\"SELECT $this ?value WHERE {
      $this pg:actie/pg:nummer ?value . FILTER(?value < 1) }\"\"\" ] .
bs:Actie a sh:NodeShape ; sh:targetClass pg:Actie ;
  sh:property [ sh:path pg:nummer ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:integer ;
                sh:minInclusive 1 ] ;
  sh:property [ sh:path pg:tekst ; sh:minCount 1 ; sh:minLength 1 ] ;
  sh:property [ sh:path pg:bron ; sh:maxCount 1 ; sh:node bs:Bron ] ;
  sh:sparql [ sh:prefixes bs: ; sh:select \"\"\"SELECT $this WHERE {
      $this pg:tekst ?t . FILTER(STRLEN(STR(?t)) > 5000) }\"\"\" ] .
bs:Bron a sh:NodeShape ; sh:property [ sh:path oa:hasSelector ; sh:minCount 1 ] .
bs:Selector a sh:NodeShape ; sh:targetClass oa:TextPositionSelector ;
  sh:property [ sh:path oa:start ; sh:datatype xsd:integer ; sh:lessThan oa:end ] ;
  sh:property [ sh:path oa:end ; sh:minCount 1 ; sh:datatype xsd:integer ] ;
  sh:sparql [ sh:prefixes bs: ; sh:select \"\"\"SELECT $this ?value WHERE {
      $this <http://www.w3.org/ns/oa#start> ?value . FILTER(?value < 0) }\"\"\" ] .
"""


def seed_documents() -> list[ExtractedDocument]:
    """The example corpus, extracted."""
    return [
        extract_document(load_source(entry.path, document=entry.document))
        for entry in read_manifest(example_manifest())
    ]


def variant(seed: ExtractedDocument, number: int) -> ExtractedDocument:
    """``seed`` as if it were another document, with other prestatie codes."""
    kind = KINDS[number % len(KINDS)]
    year = 2008 + number % 20
    period = "I" if kind is DocumentKind.MONITOR else None
    title = f"{kind.value.capitalize()} {year}{'-I' if period else ''} deel {number}"
    info = DocumentInfo(title=title, kind=kind, year=year, period=period)
    path = seed.source.path.with_name(f"{number:06d}-{seed.source.path.name}")
    source = dataclasses.replace(seed.source, path=path, document=info)
    code = f"{1 + number % 9}.{1 + number // 9 % 12}.{1 + number // 108 % 30}"
    sections = [
        dataclasses.replace(section, code=code, document=info, source=path)
        for section in seed.sections
    ]
    return dataclasses.replace(seed, source=source, sections=sections)


def generate(triples: int, seeds: list[ExtractedDocument]) -> list[ox.Triple]:
    """The triples of enough replicated documents to reach ``triples`` (a few more at most)."""
    fixed = len(graph_triples([]))  # the province and the code lists
    per_document = (len(graph_triples(seeds)) - fixed) / len(seeds)
    count = max(1, round((triples - fixed) / per_document))
    while True:
        found = graph_triples([variant(seeds[n % len(seeds)], n) for n in range(count)])
        if len(found) >= triples:
            return found
        count += max(1, round((triples - len(found)) / per_document))


def write_graph(triples: int, path: Path) -> int:
    """Generate about ``triples`` triples into the N-Triples file ``path``; returns the count."""
    found = generate(triples, seed_documents())
    path.write_bytes(to_ntriples(found))
    return len(found)


def generated_file(triples: int, folder: Path) -> Path:
    """A generated graph on disk, made in a child process so that its memory is not counted."""
    path = folder / f"graph-{triples}.nt"
    with ProcessPoolExecutor(max_workers=1) as pool:
        pool.submit(write_graph, triples, path).result()
    return path


def load(path: Path) -> tuple[ox.Store, float]:
    """A store holding the graph in ``path``, and the seconds loading took."""
    started = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)
    return store, time.perf_counter() - started


def shapes_model(folder: Path) -> ShapesModel:
    """The project's shapes, or the stand-in when ``shapes/`` holds none."""
    if folder.is_dir() and any(folder.glob("*.ttl")):
        return load_shapes(folder)
    stand_in = Path(tempfile.mkdtemp()) / "benchmark.shapes.ttl"
    stand_in.write_text(FALLBACK_SHAPES, encoding="utf-8")
    return load_shapes(stand_in)


def timed_validation(
    store: ox.Store, shapes: ShapesModel, workers: int | None = None
) -> tuple[int, float]:
    """Number of results and seconds taken by the built-in engine."""
    started = time.perf_counter()
    issues = validate_store(store, shapes, workers=workers)
    return len(issues), time.perf_counter() - started


def pyshacl_seconds(path: Path, shapes: ShapesModel) -> float:
    """Seconds pySHACL takes with its default settings on the graph in ``path``."""
    import pyshacl
    import rdflib

    graph = rdflib.Graph().parse(path, format="nt")
    shapes_graph = rdflib.Graph()
    for shapes_file in shapes.files:
        shapes_graph.parse(shapes_file, format="turtle")
    started = time.perf_counter()
    pyshacl.validate(graph, shacl_graph=shapes_graph)
    return time.perf_counter() - started


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main(argv: list[str] | None = None) -> None:
    """Generate, load, validate and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--compare", action="store_true", help="also time pySHACL")
    parser.add_argument("--compare-triples", type=int, default=100_000)
    parser.add_argument("--shapes", type=Path, default=shapes_dir())
    parser.add_argument("--workers", type=int, default=None, help="parallel queries")
    args = parser.parse_args(argv)
    shapes = shapes_model(args.shapes)
    with tempfile.TemporaryDirectory() as folder:
        store, load_seconds = load(generated_file(args.triples, Path(folder)))
        print(f"triples {len(store)}")
        print(f"shapes {len(shapes.shapes)}")
        print(f"load_seconds {load_seconds:.2f}")
        issues, seconds = timed_validation(store, shapes, args.workers)
        print(f"ours_validate_seconds {seconds:.2f}")
        print(f"ours_results {issues}")
        print(f"peak_rss_mb {peak_rss_mb():.0f}")
        if args.compare:
            del store
            path = generated_file(args.compare_triples, Path(folder))
            small, _ = load(path)
            print(f"compare_triples {len(small)}")
            issues, ours = timed_validation(small, shapes, args.workers)
            print(f"compare_ours_seconds {ours:.2f}")
            print(f"compare_ours_results {issues}")
            theirs = pyshacl_seconds(path, shapes)
            print(f"compare_pyshacl_seconds {theirs:.1f}")
            print(f"compare_ratio {theirs / ours:.0f}")


if __name__ == "__main__":
    main()
