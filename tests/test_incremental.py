"""Validation again after a change: the same results as validating the whole graph."""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest

from prestatiegraaf.pipeline import BuildOptions, build
from prestatiegraaf.validate.engine import ValidationIssue, compile_queries, validate_store
from prestatiegraaf.validate.incremental import Change, revalidate_store, touched
from prestatiegraaf.validate.patterns import Edge, Opaque, Step, Var, read_patterns
from prestatiegraaf.validate.result import load_project_shapes, revalidate_graph, validate_graph
from prestatiegraaf.validate.shapes import load_shapes

SOURCES = Path(__file__).parent / "data" / "sources"
PG = "https://w3id.org/prestatiegraaf/def#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _p(local: str) -> ox.NamedNode:
    return ox.NamedNode(f"http://e.org/{local}")


# ---------------------------------------------------------------------------------------------
# What a query reads
# ---------------------------------------------------------------------------------------------


def test_paths_become_steps_between_variables() -> None:
    reads = read_patterns(
        "PREFIX e: <http://e.org/> SELECT ?this WHERE { ?this e:a/^e:b ?x ; e:c|e:d 'v'@nl . "
        "?x (e:p|^e:q)* ?y . ?y a e:C }"
    )
    middle = reads.edges[0].end
    assert isinstance(middle, Var)
    assert reads.edges[:2] == [
        Edge(Var("this"), middle, (Step(_p("a")),), 0),
        Edge(Var("x"), middle, (Step(_p("b")),), 0),
    ]
    assert reads.edges[2] == Edge(
        Var("this"), ox.Literal("v", language="nl"), (Step(_p("c")), Step(_p("d"))), 0
    )
    assert reads.edges[3] == Edge(
        Var("x"), Var("y"), (Step(_p("p")), Step(_p("q"), inverse=True)), 0,
        closure=True, optional=True,
    )  # fmt: skip
    assert reads.edges[4] == Edge(Var("y"), _p("C"), (Step(RDF_TYPE),), 0)


def test_scopes_nest_and_sub_select_variables_are_their_own() -> None:
    reads = read_patterns(
        "SELECT ?this WHERE { { SELECT ?this WHERE { ?this <http://e.org/a> ?x } } "
        "{ ?this <http://e.org/b> ?y } UNION { ?this <http://e.org/c> ?x } "
        "OPTIONAL { ?x <http://e.org/d> ?z } FILTER NOT EXISTS { ?z <http://e.org/e> ?this } }"
    )
    scopes = [edge.scope for edge in reads.edges]
    assert scopes[0] == 0 and len(set(scopes)) == 5  # sub-SELECT, two branches, two groups
    assert all(reads.parents[scope] == 0 for scope in scopes[1:])
    assert reads.edges[0].end != Var("x")  # the sub-SELECT's ?x is not the branch's
    assert reads.edges[2].end == reads.edges[3].start == Var("x")


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?this WHERE { GRAPH ?g { ?this <http://e.org/a> ?x } }",
        "SELECT ?this WHERE { ?this <http://e.org/a> ?x BIND(STR(?x) AS ?y) ?y <http://e.org/b> 1}",
        "SELECT ?this WHERE { ?this <http://e.org/a> ( 1 2 ) }",
        "SELECT ?this WHERE { ?this ?p ?x . ?p <http://e.org/b> ?z }",
        "SELECT ?this WHERE { ?this u:a ?x }",
        "SELECT ?this WHERE { ?this <http://e.org/a>|(<http://e.org/b>/<http://e.org/c>) ?x }",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_forms_not_worked_out_are_refused(query: str) -> None:
    with pytest.raises(Opaque):
        read_patterns(query)


def test_every_query_of_the_project_shapes_is_read() -> None:
    for query in compile_queries(load_project_shapes()):
        assert read_patterns(query.text).edges, query.shape.id


# ---------------------------------------------------------------------------------------------
# Validation again equals validation in full
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The test corpus's graph as N-Triples."""
    out = tmp_path_factory.mktemp("incremental")
    build(BuildOptions(inputs=(SOURCES,), out_dir=out, cache=False))
    return (out / "prestaties.nt").read_bytes()


def _store(ntriples: bytes) -> ox.Store:
    store = ox.Store()
    store.bulk_load(input=ntriples, format=ox.RdfFormat.N_TRIPLES)
    return store


def _mutation(store: ox.Store, rnd: random.Random) -> Change:
    """A few random edits around random descriptions: facts dropped, altered, redirected."""
    described = ox.NamedNode(PG + "Prestatiebeschrijving")
    descriptions = sorted(
        q.subject.value for q in store.quads_for_pattern(None, RDF_TYPE, described)
    )
    removed: set[ox.Triple] = set()
    added: set[ox.Triple] = set()
    for _ in range(rnd.randint(1, 5)):
        near = [ox.NamedNode(rnd.choice(descriptions))]
        for quad in store.quads_for_pattern(near[0], None, None):
            if isinstance(quad.object, ox.NamedNode) and quad.predicate != RDF_TYPE:
                near.append(quad.object)
        subject = rnd.choice(near)
        triples = sorted((q.triple for q in store.quads_for_pattern(subject, None, None)), key=str)
        if not triples:
            continue
        triple = rnd.choice(triples)
        kind = rnd.randrange(4)
        if kind == 0:
            removed.add(triple)
        elif kind == 1 and isinstance(triple.object, ox.Literal):
            removed.add(triple)
            value = triple.object
            odd = ox.Literal("1", datatype=value.datatype) if not value.language else value
            added.add(
                ox.Triple(
                    triple.subject, triple.predicate, odd if odd != value else ox.Literal("x")
                )
            )
        elif kind == 2:
            others = sorted(
                {q.object for q in store.quads_for_pattern(None, triple.predicate, None)}, key=str
            )
            removed.add(triple)
            added.add(ox.Triple(triple.subject, triple.predicate, rnd.choice(others)))
        else:
            removed.update(
                q.triple for q in store.quads_for_pattern(subject, None, None) if rnd.random() < 0.5
            )
    removed -= added
    added = {t for t in added if ox.Quad(*t) not in store}
    return Change(tuple(sorted(removed, key=str)), tuple(sorted(added, key=str)))


def _apply(store: ox.Store, change: Change) -> None:
    for triple in change.removed:
        store.remove(ox.Quad(*triple))
    store.extend(ox.Quad(*triple) for triple in change.added)


def test_random_edits_give_the_results_of_a_full_validation(graph: bytes) -> None:
    shapes = load_project_shapes()
    queries = compile_queries(shapes)
    store = _store(graph)
    last = validate_store(store, shapes)
    rnd = random.Random(20261121)
    differed = 0
    for _ in range(30):
        change = _mutation(store, rnd)
        _apply(store, change)
        again = revalidate_store(store, change, queries, last)
        full = validate_store(store, shapes)
        assert again == full
        differed += full != last
        last = full
    assert differed >= 15  # the edits did change the results, in most rounds


def test_a_query_not_joined_to_its_focus_node_is_run_in_full(tmp_path: Path) -> None:
    shapes = tmp_path / "global.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix e: <http://e.org/> .\n"
        "e:S a sh:NodeShape ; sh:targetClass e:Item ; sh:sparql [ sh:select "
        '"SELECT $this WHERE { FILTER NOT EXISTS { ?x a <http://e.org/Marker> } }" ] .\n',
        "utf-8",
    )
    model = load_shapes(shapes)
    queries = compile_queries(model)
    typed = [("i1", "Item"), ("i2", "Item"), ("m", "Marker")]
    store = _store(
        b"".join(
            f"<http://e.org/{s}> <{RDF_TYPE.value}> <http://e.org/{c}> .\n".encode()
            for s, c in typed
        )
    )
    last = validate_store(store, model)
    assert last == []
    change = Change((ox.Triple(_p("m"), RDF_TYPE, _p("Marker")),), ())
    _apply(store, change)
    again = revalidate_store(store, change, queries, last)
    assert again is not None
    assert [issue.focus_node for issue in again] == ["http://e.org/i1", "http://e.org/i2"]
    assert again == validate_store(store, model)


def test_blank_nodes_in_the_change_are_left_to_a_full_validation() -> None:
    change = Change((), (ox.Triple(ox.BlankNode("b"), _p("a"), _p("c")),))
    assert revalidate_store(ox.Store(), change, [], []) is None
    issue = ValidationIssue("Violation", "_:b1", None, None, "c", "s", ())
    assert revalidate_store(ox.Store(), Change((), ()), [], [issue]) is None


def test_a_walk_through_an_alternative_follows_every_branch() -> None:
    query = "PREFIX e: <http://e.org/> SELECT ?this WHERE { ?this e:a|e:b ?y . ?y e:q ?z }"
    store = ox.Store()
    store.extend(
        [
            ox.Quad(_p("f1"), _p("b"), _p("y")),
            ox.Quad(_p("f2"), _p("a"), _p("y")),
            ox.Quad(_p("f3"), _p("c"), _p("y")),
            ox.Quad(_p("y"), _p("q"), _p("z")),
        ]
    )
    change = Change((), (ox.Triple(_p("y"), _p("q"), _p("z")),))
    assert touched(store, change, [query]) == {"http://e.org/f1", "http://e.org/f2"}


def test_random_edits_describe_findings_as_a_full_validation_does(graph: bytes) -> None:
    shapes = load_project_shapes()
    store = _store(graph)
    last = validate_graph(store, shapes)
    rnd = random.Random(7)
    retold = 0  # findings that stayed but whose label, code, document or quote changed
    for _ in range(20):
        change = _mutation(store, rnd)
        _apply(store, change)
        again = revalidate_graph(store, change, last, shapes)
        full = validate_graph(store, shapes)
        assert again is not None
        assert again.findings == full.findings
        before = {f.issue: f for f in last.findings}
        retold += sum(f.issue in before and before[f.issue] != f for f in full.findings)
        last = full
    assert retold > 0
