"""Stage 4, validate: realistic defects in the seed graph, checked by three SHACL engines.

Each file ``tests/data/shapes/invalid/<shape-or-topic>-<nnn>.ru`` is one defect: a SPARQL UPDATE
applied to a copy of the graph built from ``examples/`` (which conforms), under a comment
header that lists what validating the mutated graph must report *on top of* the results of the
unmutated graph::

    # expect: <focus> | <path or -> | <component> | <severity>
    # gone:   <focus> | <path or -> | <component> | <severity>

one line per result. ``expect`` lines are the results the defect adds; ``gone`` lines the
baseline results it legitimately removes (every other baseline result must stay). Terms are
written as in the update below them: ``<relative IRI>`` is resolved against the file's
``BASE``, ``prefix:name`` against its ``PREFIX`` declarations (``sh:`` is always known). A
path is a predicate, ``-`` for none, or a complex path in SPARQL property-path syntax such as
``^pg:actie`` or ``(qb:dataSet/qb:structure)``.

A result is compared as (focus node, path, constraint component, severity), never by its
message. A case passes when the engine's results on the mutated graph, minus its results on the
unmutated graph (the baseline), are exactly the ``expect`` lines, and the baseline results
missing from them are exactly the ``gone`` lines.

Engines:

* ``test_fast_engine``: the built-in engine, :func:`prestatiegraaf.validate.validate_store`, on
  the whole mutated graph.
* ``test_pyshacl``: pySHACL, the reference engine, with the options of
  :func:`prestatiegraaf.validate.reference.validate_with_pyshacl` (SHACL-SPARQL on, no
  inference), but given a pyoxigraph store instead of an rdflib copy: pySHACL then evaluates
  SPARQL with oxigraph, about seven times faster, and reports complex result paths, which the
  wrapper reduces to None (``test_reference_wrapper_agrees`` checks that both see the same).
  To keep the module fast it runs on the smallest graph that still shows the effect: the shared
  part (documents, goal tree, actors, decisions, code lists) plus the descriptions the mutation
  file names, with the baseline taken on the same reduction. A description's facts are all
  minted below its IRI, so dropping the others removes whole subtrees. Results the file does
  not foresee in another description would still fail the two engines that see everything.
* ``test_pyrudof``: rudof (Rust), fed the N-Triples dump of the whole mutated store and the
  shapes file. It evaluates SHACL Core and the ``sh:sparql`` constraints of the shapes, so no
  comparison is limited to SHACL Core.

A case on which an engine is known to disagree is marked ``xfail(strict=True)`` for that engine
only, with the cause; docs/engine-comparison.md lists them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import pyoxigraph as ox
import pyrudof
import pyshacl
import pytest
import rdflib

from prestatiegraaf.pipeline import BuildOptions, build
from prestatiegraaf.validate import ShaclPath, ShapesModel, load_shapes, validate_store
from prestatiegraaf.validate.reference import load_shapes_graph, validate_with_pyshacl
from prestatiegraaf.validate.shape_model import RDF_TYPE, REPEAT, SH, Term, term_id
from prestatiegraaf.validate.shapes_graph import ShapesGraph, read_path

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ROOT / "shapes"
SHAPES_FILE = SHAPES / "prestatiegraaf.shapes.ttl"
CASES_DIR = Path(__file__).resolve().parent / "data" / "shapes" / "invalid"
SEVERITIES = ("Violation", "Warning", "Info")
REPEATED = {sign: kind for kind, sign in REPEAT.items()}  # "*" -> "zeroOrMore", as ShaclPath has it

# (focus node, path, constraint component, severity); a missing path is "-".
Result = tuple[str, str, str, str]


# =============================================================================================
# Reading the mutation files
# =============================================================================================


@dataclass(frozen=True)
class Mutation:
    """One defect: the update that makes it and the results it adds and removes."""

    name: str
    update: str
    expect: frozenset[Result]
    gone: frozenset[Result]


_DECLARATION = re.compile(
    r"^\s*(?:BASE\s*<(?P<base>[^>]*)>|PREFIX\s+(?P<prefix>[\w-]*):\s*<(?P<ns>[^>]*)>)",
    re.IGNORECASE | re.MULTILINE,
)
_HEADER = re.compile(r"^#\s*(expect|gone):\s*(.*)$")
_TOKEN = re.compile(
    r"\s*(?:<(?P<bracketed>[^>]*)>"
    r"|(?P<absolute>[A-Za-z][\w+.-]*://[^\s()<>|^]*)"
    r"|(?P<curie>[A-Za-z][\w-]*:[\w-]+(?:\.[\w-]+)*)"
    r"|(?P<operator>[()/|^*+?]))"
)


class _PathParser:
    """Property paths as written in the mutation files, or as pyrudof reports them.

    The path is built as the engine's own :class:`ShaclPath`, so that it is written in the form
    the built-in engine reports (:meth:`ShaclPath.readable`).

    ``resolve`` turns a bracketed IRI, an absolute IRI or a prefixed name into an IRI.
    Grammar: alt := seq ("|" seq)*; seq := unary ("/" unary)*;
    unary := "^" unary | primary ("*" | "+" | "?")?; primary := IRI | "(" alt ")".
    """

    def __init__(self, text: str, resolve: Callable[[str], str]) -> None:
        self.tokens: list[tuple[str, str]] = []
        position = 0
        text = text.strip()
        while position < len(text):
            match = _TOKEN.match(text, position)
            if match is None or match.end() == position:
                raise ValueError(f"cannot read path {text!r} at {position}")
            kind = match.lastgroup
            assert kind is not None
            value = match.group(kind)
            self.tokens.append(("op", value) if kind == "operator" else ("iri", resolve(value)))
            position = match.end()
        self.position = 0

    def parse(self) -> ShaclPath:
        path = self._alternative()
        if self.position != len(self.tokens):
            raise ValueError(f"unexpected {self.tokens[self.position]} in path")
        return path

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self, operator: str) -> bool:
        if self._peek() == ("op", operator):
            self.position += 1
            return True
        return False

    def _alternative(self) -> ShaclPath:
        steps = [self._sequence()]
        while self._take("|"):
            steps.append(self._sequence())
        return steps[0] if len(steps) == 1 else ShaclPath("alternative", steps=tuple(steps))

    def _sequence(self) -> ShaclPath:
        steps = [self._unary()]
        while self._take("/"):
            steps.append(self._unary())
        return steps[0] if len(steps) == 1 else ShaclPath("sequence", steps=tuple(steps))

    def _unary(self) -> ShaclPath:
        if self._take("^"):
            return ShaclPath("inverse", steps=(self._unary(),))
        path = self._primary()
        for sign, kind in REPEATED.items():
            if self._take(sign):
                return ShaclPath(kind, steps=(path,))
        return path

    def _primary(self) -> ShaclPath:
        token = self._peek()
        if token is None:
            raise ValueError("path ends too early")
        if token[0] == "iri":
            self.position += 1
            return ShaclPath("predicate", token[1])
        if not self._take("("):
            raise ValueError(f"unexpected {token[1]!r} in path")
        path = self._alternative()
        if not self._take(")"):
            raise ValueError("unbalanced parentheses in path")
        return path


def _resolver(update: str) -> Callable[[str], str]:
    """Resolve terms against the BASE and PREFIX declarations of ``update``."""
    base = ""
    prefixes = {"sh": SH}
    for match in _DECLARATION.finditer(update):
        if match.group("base") is not None:
            base = match.group("base")
        else:
            prefixes[match.group("prefix")] = match.group("ns")

    def resolve(term: str) -> str:
        term = term.strip()
        if term.startswith("<") and term.endswith(">"):
            return urljoin(base, term[1:-1])
        if "://" in term:
            return term
        if term.count(":") == 1 and not term.startswith(":"):
            prefix, local = term.split(":")
            if prefix in prefixes:
                return prefixes[prefix] + local
        raise ValueError(f"unknown prefix in {term!r}")

    return resolve


def _read_result(line: str, resolve: Callable[[str], str]) -> Result:
    parts = [p.strip() for p in line.split("|")]
    if len(parts) < 4:
        raise ValueError(f"expected 'focus | path | component | severity', got {line!r}")
    focus, path, severity = parts[0], "|".join(parts[1:-2]).strip(), parts[-1]
    component = parts[-2]
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")
    path_text = "-" if path == "-" else _PathParser(path, resolve).parse().readable()
    return (resolve(focus), path_text, resolve(component), severity)


def read_mutation(path: Path) -> Mutation:
    """The mutation in ``path``: its header lines and its SPARQL UPDATE."""
    text = path.read_text(encoding="utf-8")
    resolve = _resolver(text)
    found: dict[str, set[Result]] = {"expect": set(), "gone": set()}
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if match:
            found[match.group(1)].add(_read_result(match.group(2), resolve))
    return Mutation(path.stem, text, frozenset(found["expect"]), frozenset(found["gone"]))


MUTATIONS = [read_mutation(path) for path in sorted(CASES_DIR.glob("*.ru"))]


# =============================================================================================
# Known disagreements: xfail for one engine on one case
# =============================================================================================

PYSHACL_XFAIL: dict[str, str] = {
    "doel-deadline-001": (
        "pySHACL does not check the lexical form of xsd:gYear: rdflib has no parser for it, so"
        ' the ill-typed "2O20"^^xsd:gYear passes sh:datatype'
    ),
}

PYRUDOF_XFAIL: dict[str, str] = {
    "doel-deadline-001": (
        "pyrudof does not check the lexical form of xsd:gYear (it does for xsd:integer and"
        ' xsd:boolean), so the ill-typed "2O20"^^xsd:gYear passes sh:datatype'
    ),
}


def _cases(known: dict[str, str]) -> list[object]:
    return [
        pytest.param(
            m,
            id=m.name,
            marks=[pytest.mark.xfail(strict=True, reason=known[m.name])] if m.name in known else [],
        )
        for m in MUTATIONS
    ]


# =============================================================================================
# The three engines, each reduced to a set of Result tuples
# =============================================================================================


def fast_results(store: ox.Store, shapes: ShapesModel) -> set[Result]:
    """Results of the built-in engine."""
    return {
        (i.focus_node, i.path or "-", i.component, i.severity)
        for i in validate_store(store, shapes)
    }


def _node_text(node: Term | None) -> str:
    if node is None:
        return "-"
    if isinstance(node, ox.BlankNode):
        return "_:"
    if isinstance(node, ox.Literal):
        return str(node)
    return node.value


def pyshacl_results(store: ox.Store, shapes: rdflib.Graph) -> set[Result]:
    """Results of pySHACL, run as validate_with_pyshacl runs it, on the store itself.

    The report is read with the built-in engine's shapes reader: a ``sh:resultPath`` is a
    SHACL path as a ``sh:path`` is, so :func:`read_path` reads it into a :class:`ShaclPath`.
    """
    _, report, text = pyshacl.validate(
        store,
        shacl_graph=shapes,
        advanced=True,
        inference="none",
        allow_warnings=True,
        allow_infos=True,
    )
    assert isinstance(report, rdflib.Graph), text
    graph = ShapesGraph()
    triples = report.serialize(format="nt", encoding="utf-8")
    graph.add(ox.parse(triples, format=ox.RdfFormat.N_TRIPLES), "the pySHACL report")

    def one(result: Term, name: str) -> Term | None:
        values = graph.objects(result, SH + name)
        return values[0] if values else None

    found = set()
    for result in graph.subjects(RDF_TYPE, ox.NamedNode(SH + "ValidationResult")):
        path = one(result, "resultPath")
        path_text = "-"
        if path is not None:
            path_text = read_path(graph, path, term_id(result), "").readable()
        found.add(
            (
                _node_text(one(result, "focusNode")),
                path_text,
                _node_text(one(result, "sourceConstraintComponent")),
                _node_text(one(result, "resultSeverity")).removeprefix(SH),
            )
        )
    return found


def _rudof_path(text: str | None) -> str:
    """pyrudof writes paths with bare IRIs: ``^(p)``, ``(p / q)``, ``(p | q)``."""
    if not text:
        return "-"
    return _PathParser(text, lambda term: term.strip("<>")).parse().readable()


def pyrudof_results(rudof: pyrudof.Rudof, ntriples: str) -> set[Result]:
    """Results of rudof on the N-Triples ``ntriples`` (the shapes are loaded already)."""
    rudof.reset_data()
    rudof.read_data(ntriples, format=pyrudof.RDFFormat.NTriples, merge=False)
    report = rudof.validate_shacl()
    return {(e.focus_node, _rudof_path(e.path), e.constraint_component, e.severity) for e in report}


# =============================================================================================
# Fixtures: the seed graph once, each mutated graph once
# =============================================================================================


@dataclass
class Seed:
    """The seed graph as N-Triples, and each mutation applied to a copy of it."""

    ntriples: bytes
    descriptions: tuple[str, ...]
    _mutated: dict[str, ox.Store] = field(default_factory=dict)

    def store(self) -> ox.Store:
        """A fresh copy of the seed graph."""
        store = ox.Store()
        store.bulk_load(input=self.ntriples, format=ox.RdfFormat.N_TRIPLES)
        return store

    def mutated(self, mutation: Mutation) -> ox.Store:
        """The seed graph with ``mutation`` applied (computed once; do not modify)."""
        if mutation.name not in self._mutated:
            store = self.store()
            store.update(mutation.update)
            assert _dump(store) != self.ntriples, f"{mutation.name} changed nothing"
            self._mutated[mutation.name] = store
        return self._mutated[mutation.name]

    def scope(self, mutation: Mutation) -> frozenset[str]:
        """The descriptions ``mutation`` names (in its update or its header lines)."""
        resolve = _resolver(mutation.update)
        named = {resolve(f"<{iri}>") for iri in re.findall(r"<([^>]*)>", mutation.update)}
        return frozenset(
            d for d in self.descriptions if any(n == d or n.startswith(d + "/") for n in named)
        )


def reduce_to(store: ox.Store, keep: frozenset[str], descriptions: Sequence[str]) -> ox.Store:
    """``store`` without the subtrees of the descriptions not in ``keep``.

    Every fact of a description is minted below its IRI (``…/actie/1``, ``…/lasten``,
    ``…/actie/1/bron/citaat``), so a subtree is the triples whose subject starts with it.
    """
    dropped = tuple(f"<{d}" for d in descriptions if d not in keep)
    lines = [
        line
        for line in _dump(store).decode("utf-8").splitlines()
        if not any(line.startswith((d + ">", d + "/")) for d in dropped)
    ]
    reduced = ox.Store()
    reduced.bulk_load(input="\n".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return reduced


def _dump(store: ox.Store) -> bytes:
    data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    assert data is not None
    return data


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Seed:
    """The graph of the example corpus, built once without the validation gate."""
    out = tmp_path_factory.mktemp("mutations-seed")
    build(BuildOptions(manifest=ROOT / "examples" / "manifest.csv", out_dir=out, validate=False))
    store = ox.Store()
    store.bulk_load(path=str(out / "prestaties.ttl"), format=ox.RdfFormat.TURTLE)
    query = "SELECT ?d WHERE { ?d a <https://w3id.org/prestatiegraaf/def#Prestatiebeschrijving> }"
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    descriptions = tuple(sorted(row["d"].value for row in solutions))
    return Seed(_dump(store), descriptions)


@dataclass
class Pyshacl:
    """pySHACL on reduced graphs, with one baseline per set of kept descriptions."""

    seed: Seed
    shapes: rdflib.Graph
    _baselines: dict[frozenset[str], set[Result]] = field(default_factory=dict)

    def baseline(self, keep: frozenset[str]) -> set[Result]:
        """Results on the seed graph reduced to ``keep``."""
        if keep not in self._baselines:
            store = reduce_to(self.seed.store(), keep, self.seed.descriptions)
            self._baselines[keep] = pyshacl_results(store, self.shapes)
        return self._baselines[keep]

    def changes(self, mutation: Mutation) -> dict[str, list[Result]]:
        """Results added and removed by ``mutation``, both graphs reduced to its scope."""
        keep = self.seed.scope(mutation)
        store = reduce_to(self.seed.mutated(mutation), keep, self.seed.descriptions)
        return _changes(pyshacl_results(store, self.shapes), self.baseline(keep))


@pytest.fixture(scope="module")
def fast_shapes() -> ShapesModel:
    return load_shapes([SHAPES])


@pytest.fixture(scope="module")
def pyshacl_shapes() -> rdflib.Graph:
    return load_shapes_graph([SHAPES])


@pytest.fixture(scope="module")
def rudof() -> Iterator[pyrudof.Rudof]:
    engine = pyrudof.Rudof(pyrudof.RudofConfig())
    engine.read_shacl(str(SHAPES_FILE))
    yield engine
    engine.reset_all()


@pytest.fixture(scope="module")
def fast_baseline(seed: Seed, fast_shapes: ShapesModel) -> set[Result]:
    return fast_results(seed.store(), fast_shapes)


@pytest.fixture(scope="module")
def pyshacl_engine(seed: Seed, pyshacl_shapes: rdflib.Graph) -> Pyshacl:
    return Pyshacl(seed, pyshacl_shapes)


@pytest.fixture(scope="module")
def pyshacl_baseline(pyshacl_engine: Pyshacl) -> set[Result]:
    """pySHACL on the whole seed graph."""
    return pyshacl_engine.baseline(frozenset(pyshacl_engine.seed.descriptions))


@pytest.fixture(scope="module")
def pyrudof_baseline(seed: Seed, rudof: pyrudof.Rudof) -> set[Result]:
    return pyrudof_results(rudof, seed.ntriples.decode("utf-8"))


# =============================================================================================
# Tests
# =============================================================================================


def _changes(found: set[Result], baseline: set[Result]) -> dict[str, list[Result]]:
    return {"added": sorted(found - baseline), "gone": sorted(baseline - found)}


def _expected(mutation: Mutation) -> dict[str, list[Result]]:
    return {"added": sorted(mutation.expect), "gone": sorted(mutation.gone)}


def test_catalogue_is_complete() -> None:
    """At least 32 defects, each expecting something, named <shape-or-topic>-<nnn>."""
    assert len(MUTATIONS) >= 32
    assert all(m.expect for m in MUTATIONS)
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*-\d{3}", m.name) for m in MUTATIONS)
    assert set(PYSHACL_XFAIL) | set(PYRUDOF_XFAIL) <= {m.name for m in MUTATIONS}


def test_baselines_agree(
    fast_baseline: set[Result], pyshacl_baseline: set[Result], pyrudof_baseline: set[Result]
) -> None:
    """The three engines see the same results on the unmutated graph, none a violation."""
    assert sorted(pyshacl_baseline) == sorted(fast_baseline)
    assert sorted(pyrudof_baseline) == sorted(fast_baseline)
    assert [r for r in fast_baseline if r[3] == "Violation"] == []


def test_reference_wrapper_agrees(seed: Seed, pyshacl_engine: Pyshacl) -> None:
    """validate_with_pyshacl (on an rdflib copy) and pySHACL on the store give the same results.

    Checked on the seed reduced to Monitor 2016-II, the description with the most kinds of fact.
    """
    keep = frozenset(d for d in seed.descriptions if "/monitor-2016-ii/" in d)
    assert len(keep) == 1
    issues = validate_with_pyshacl(reduce_to(seed.store(), keep, seed.descriptions), [SHAPES])
    found = {(i.focus_node, i.path or "-", i.component, i.severity) for i in issues}
    assert sorted(found) == sorted(pyshacl_engine.baseline(keep))


def test_scopes_name_descriptions(seed: Seed) -> None:
    """The scope finder sees the descriptions a mutation names, and only those."""
    scopes = {m.name: seed.scope(m) for m in MUTATIONS}
    short = {name: sorted(d.split("/")[-2] for d in keep) for name, keep in scopes.items()}
    assert short["uniekecode-001"] == ["monitor-2016-ii", "monitor-2019-i"]
    assert short["actie-beschrijving-001"] == ["begroting-2017", "monitor-2016-ii"]
    assert short["prestatie-notation-002"] == sorted(d.split("/")[-2] for d in seed.descriptions)
    assert short["besluit-identifier-001"] == []


@pytest.mark.parametrize("mutation", _cases({}))
def test_fast_engine(
    mutation: Mutation, seed: Seed, fast_shapes: ShapesModel, fast_baseline: set[Result]
) -> None:
    found = fast_results(seed.mutated(mutation), fast_shapes)
    assert _changes(found, fast_baseline) == _expected(mutation)


@pytest.mark.parametrize("mutation", _cases(PYSHACL_XFAIL))
def test_pyshacl(mutation: Mutation, pyshacl_engine: Pyshacl) -> None:
    assert pyshacl_engine.changes(mutation) == _expected(mutation)


@pytest.mark.parametrize("mutation", _cases(PYRUDOF_XFAIL))
def test_pyrudof(
    mutation: Mutation, seed: Seed, rudof: pyrudof.Rudof, pyrudof_baseline: set[Result]
) -> None:
    found = pyrudof_results(rudof, _dump(seed.mutated(mutation)).decode("utf-8"))
    assert _changes(found, pyrudof_baseline) == _expected(mutation)
