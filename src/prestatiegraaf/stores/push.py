"""Push a build to a SPARQL store: every graph replaced whole, all at once, or none.

The graphs of a build (see :mod:`.graphs`) are published in steps that keep the graphs a
store already serves intact until the last one:

1. the manifest graph (``{base}/graph/manifest``) is read: the graphs the last push
   published, with their fingerprints, and the graphs a push that was stopped had begun;
2. each graph of the build is compared with it: a graph the manifest lists with the same
   fingerprint, and that the store still holds so (read back), is left alone; a graph new to
   the store is sent under its own name (it is published only when the manifest lists it); a
   changed graph is sent under a temporary name (``{base}/graph/.push-<token>/…``);
3. one update removes what a stopped push left and records the graphs this push writes as
   pending in the manifest, so a push stopped after this point is cleaned up by the next;
4. each graph is sent in bounded chunks (POST), then read back and its triple count and
   RDFC-1.0 hash compared with the build's;
5. one update request swaps the changes in: ``MOVE`` each temporary graph to its name, drop
   the graphs of documents no longer in the build, and rewrite the manifest (one request is
   one transaction in Oxigraph, Fuseki and GraphDB; Virtuoso applies its operations one by
   one);
6. the triples of each published graph are counted again.

A push stopped or failed before step 5 leaves the published graphs as they were; the next
push completes the publication. Pushing the same build twice leaves the same store (the
second push sends nothing). Readers that query the graphs the manifest lists (as
``prestatiegraaf query --endpoint`` does) see one publication or the next, never a mix;
readers of the union of all graphs also see the graphs of a push under way.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox

from prestatiegraaf.stores.addresses import StoreError, Swap
from prestatiegraaf.stores.client import StoreClient
from prestatiegraaf.stores.fingerprint import Fingerprint, fingerprint
from prestatiegraaf.stores.graphs import PushGraph, PushPlan, plan_push

PUSH = "https://w3id.org/prestatiegraaf/def/push#"  # the manifest's terms
CHUNK_BYTES = 8 << 20
_XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
_KEPT = "the published graphs were left as they were; run push again to complete it"
_SWAP = "the swap (one update request) may or may not have been applied; run push again"


@dataclass(frozen=True)
class Published:
    """A graph the manifest lists: its triple count and hash."""

    triples: int
    sha256: str


@dataclass
class Manifest:
    """What the last push published, and the temporary graphs a stopped push left."""

    graphs: dict[str, Published] = field(default_factory=dict)
    pending: set[str] = field(default_factory=set)


@dataclass
class PushReport:
    """What a push did."""

    graph_store: str
    graphs: int = 0
    triples: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    cleaned: int = 0  # temporary graphs of a stopped push removed
    seconds: float = 0.0

    def summary(self) -> str:
        """One line for people."""
        parts = [
            f"{len(self.added)} added",
            f"{len(self.changed)} changed",
            f"{len(self.unchanged)} unchanged",
            f"{len(self.deleted)} deleted",
        ]
        cleaned = (
            f"; removed {self.cleaned} temporary graphs of a push that was stopped"
            if self.cleaned
            else ""
        )
        return (
            f"pushed {self.graphs} graphs ({self.triples:,} triples) to {self.graph_store} in "
            f"{self.seconds:.1f} s: {', '.join(parts)}; verified (triple counts and RDFC-1.0 "
            f"hashes){cleaned}"
        )


def push_build(
    folder: Path,
    client: StoreClient,
    *,
    chunk_bytes: int = CHUNK_BYTES,
    progress: bool | None = None,
    stream: TextIO | None = None,
) -> PushReport:
    """Publish the build in ``folder`` to the store of ``client``; see the module's steps.

    Raises:
        SourceError: ``folder`` is not a build folder.
        StoreError: the store cannot be reached, refuses a request or does not hold what was
            sent; the message says whether the published graphs are still as they were.

    """
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="prestatiegraaf-push-") as work:
        plan = plan_push(folder, Path(work))
        for graph in plan.graphs:
            graph.fingerprint  # noqa: B018 - worked out before the store is touched
        bar = _Bar(sum(g.size for g in plan.graphs), stream or sys.stderr, progress)
        try:
            report = _push(plan, client, chunk_bytes, bar)
        finally:
            bar.close()
    report.seconds = time.monotonic() - started
    return report


def _push(plan: PushPlan, client: StoreClient, chunk_bytes: int, bar: _Bar) -> PushReport:
    swap = client.addresses.swap
    report = PushReport(client.addresses.graph_store, len(plan.graphs), plan.triples)
    try:
        previous = read_manifest(client, plan.manifest)
        token = secrets.token_hex(8)
        targets: dict[str, str] = {}  # graph -> where it is sent
        for graph in plan.graphs:
            before = previous.graphs.get(graph.name)
            if before is None:
                report.added.append(graph.name)
                targets[graph.name] = graph.name  # published by the manifest's rewrite
            elif before.sha256 == graph.fingerprint.sha256 and _holds(client, graph):
                report.unchanged.append(graph.name)
            else:
                report.changed.append(graph.name)
                if graph.lines + graph.blank_lines:
                    suffix = graph.name.removeprefix(plan.prefix)
                    targets[graph.name] = f"{plan.prefix}.push-{token}/{suffix}"
        stale = sorted(previous.pending - set(previous.graphs))
        record = [_clear(name, swap) for name in [*stale, *targets.values()]]
        mark = f"<{plan.manifest}> <{PUSH}pending>"
        record.append(f"DELETE WHERE {{ GRAPH <{plan.manifest}> {{ {mark} ?t }} }}")
        if targets:
            pending = " ".join(f"{mark} <{t}> ." for t in targets.values())
            record.append(f"INSERT DATA {{ GRAPH <{plan.manifest}> {{ {pending} }} }}")
        client.update(" ;\n".join(record), "recording the push in the manifest")
        report.cleaned = len(stale)
        sent = [g for g in plan.graphs if g.name in targets and g.lines + g.blank_lines]
        for graph in sent:
            _send(client, graph, targets[graph.name], chunk_bytes, bar)
        for graph in sent:
            _verify(client, graph, targets[graph.name])
    except StoreError as error:
        raise StoreError(f"{error}; {_KEPT}") from None
    report.deleted = sorted(set(previous.graphs) - {g.name for g in plan.graphs})
    moved = {name: targets.get(name) for name in report.changed}
    try:
        client.update(_swap_update(plan, moved, report.deleted, swap), "swapping the graphs in")
    except StoreError as error:
        raise StoreError(f"{error}; {_SWAP}") from None
    try:
        _count_published(client, plan)
    except StoreError as error:
        raise StoreError(f"{error}; the graphs were swapped in: run push again") from None
    return report


def _holds(client: StoreClient, graph: PushGraph) -> bool:
    """Whether the store's graph ``graph.name`` is the build's (read back and compared)."""
    return _stored(client, graph.name) == graph.fingerprint


def read_manifest(client: StoreClient, name: str) -> Manifest:
    """The manifest graph ``name`` of the store (empty when there is none).

    Raises:
        StoreError: the store cannot be read, or the manifest is not valid RDF.

    """
    found = client.get_graph(name)
    manifest = Manifest()
    if found is None:
        return manifest
    data, fmt = found
    counts: dict[str, int] = {}
    hashes: dict[str, str] = {}
    listed: list[str] = []
    try:
        for triple in ox.parse(data, format=fmt):
            value = triple.object.value
            predicate = triple.predicate.value.removeprefix(PUSH)
            subject = triple.subject.value
            if predicate == "graph":
                listed.append(value)
            elif predicate == "pending":
                manifest.pending.add(value)
            elif predicate == "triples" and value.isdigit():
                counts[subject] = int(value)
            elif predicate == "sha256":
                hashes[subject] = value
    except SyntaxError as exc:
        raise StoreError(f"reading the manifest <{name}>: not valid RDF ({exc})") from None
    for graph in listed:
        manifest.graphs[graph] = Published(counts.get(graph, -1), hashes.get(graph, ""))
    return manifest


def manifest_triples(plan: PushPlan) -> list[str]:
    """The manifest of ``plan`` as N-Triples statements (without the final newline)."""
    m = plan.manifest
    lines: list[str] = []
    for graph in plan.graphs:
        count = ox.Literal(str(graph.fingerprint.triples), datatype=_XSD_INTEGER)
        lines.append(f"<{m}> <{PUSH}graph> <{graph.name}> .")
        lines.append(f"<{graph.name}> <{PUSH}role> {ox.Literal(graph.role)} .")
        lines.append(f"<{graph.name}> <{PUSH}triples> {count} .")
        lines.append(f"<{graph.name}> <{PUSH}sha256> {ox.Literal(graph.fingerprint.sha256)} .")
        if graph.document is not None:
            lines.append(f"<{graph.name}> <{PUSH}document> <{graph.document}> .")
    return lines


def _swap_update(
    plan: PushPlan, moved: dict[str, str | None], dropped: list[str], swap: Swap
) -> str:
    """The one update that publishes the changed graphs and the new manifest.

    ``moved`` maps each changed graph to its temporary graph (None: it is empty now).
    """
    steps: list[str] = []
    for name, temporary in moved.items():
        if temporary is None:
            steps.append(_clear(name, swap))
        elif swap is Swap.move:
            steps.append(f"MOVE GRAPH <{temporary}> TO <{name}>")
        else:
            steps.append(_clear(name, swap))
            steps.append(
                f"INSERT {{ GRAPH <{name}> {{ ?s ?p ?o }} }} "
                f"WHERE {{ GRAPH <{temporary}> {{ ?s ?p ?o }} }}"
            )
            steps.append(_clear(temporary, swap))
    steps.extend(_clear(name, swap) for name in dropped)
    steps.append(_clear(plan.manifest, swap))
    body = "\n".join(manifest_triples(plan))
    steps.append(f"INSERT DATA {{ GRAPH <{plan.manifest}> {{\n{body}\n}} }}")
    return " ;\n".join(steps)


def _clear(name: str, swap: Swap) -> str:
    if swap is Swap.move:
        return f"DROP SILENT GRAPH <{name}>"
    return f"DELETE WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}"


def _send(client: StoreClient, graph: PushGraph, target: str, chunk_bytes: int, bar: _Bar) -> None:
    """Send ``graph`` to the empty graph ``target``, chunk by chunk (POST)."""
    for chunk in _chunks(graph, chunk_bytes):
        client.post_graph(target, chunk)
        bar.advance(len(chunk), graph.name)


def _chunks(graph: PushGraph, chunk_bytes: int) -> Iterator[bytes]:
    """The graph's triples in chunks of whole lines of about ``chunk_bytes`` at most.

    The blank-node triples come last, all in one chunk, so each blank node is one node.
    """
    buffer: list[bytes] = []
    size = 0
    with graph.path.open("rb") as lines:
        for line in lines:
            if size + len(line) > chunk_bytes and buffer:
                yield b"".join(buffer)
                buffer, size = [], 0
            buffer.append(line)
            size += len(line)
    if buffer:
        yield b"".join(buffer)
    blank = graph.blank_path.read_bytes()
    if blank:
        yield blank


def _stored(client: StoreClient, name: str) -> Fingerprint | None:
    """The fingerprint of the store's graph ``name`` (None: the store has no such graph)."""
    found = client.get_graph(name)
    if found is None:
        return None
    data, fmt = found
    try:
        return fingerprint(data, fmt)
    except SyntaxError as exc:
        raise StoreError(f"reading graph <{name}> back: not valid RDF ({exc})") from None


def _verify(client: StoreClient, graph: PushGraph, target: str) -> None:
    """Read ``target`` back and compare it with ``graph``."""
    arrived = _stored(client, target)
    if arrived is None:
        raise StoreError(f"graph <{target}> was sent but the store does not hold it")
    if arrived != graph.fingerprint:
        raise StoreError(
            f"graph <{graph.name}> arrived as {arrived} where {graph.fingerprint} were sent"
        )


def _count_published(client: StoreClient, plan: PushPlan) -> None:
    """Count the triples of each published graph, as the store now serves them."""
    names = " ".join(f"<{g.name}>" for g in plan.graphs)
    rows = client.select(
        f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {names} }} GRAPH ?g {{ ?s ?p ?o }} }} "
        "GROUP BY ?g",
        "counting the published triples",
    )
    counted = {
        row[0].value: int(row[1].value)
        for row in rows
        if isinstance(row[0], ox.NamedNode) and isinstance(row[1], ox.Literal)
    }
    for graph in plan.graphs:
        found = counted.get(graph.name, 0)
        if found != graph.fingerprint.triples:
            raise StoreError(
                f"after the swap graph <{graph.name}> holds {found} triples where "
                f"{graph.fingerprint.triples} were pushed"
            )


class _Bar:
    """Bytes sent of the total, on a terminal only; CI logs stay quiet."""

    def __init__(self, total: int, stream: TextIO, enabled: bool | None) -> None:
        if enabled is None:
            enabled = stream.isatty() and not os.environ.get("CI")
        self.enabled = enabled
        self.stream = stream
        self.total = max(total, 1)
        self.sent = 0
        self.drawn = 0.0

    def advance(self, size: int, graph: str) -> None:
        self.sent += size
        now = time.monotonic()
        if not self.enabled or now - self.drawn < 0.1:
            return
        self.drawn = now
        width = 30
        done = int(width * self.sent / self.total)
        self.stream.write(
            f"\r\033[Ksending [{'#' * done}{'.' * (width - done)}] "
            f"{self.sent / 1e6:.1f}/{self.total / 1e6:.1f} MB · {graph.rsplit('/', 1)[-1]}"
        )
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
