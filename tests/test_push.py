"""``prestatiegraaf push`` against a real Oxigraph server on 127.0.0.1.

The server (``oxigraph serve`` from the PyPI package ``oxigraph``) is started by the tests;
faults are injected by a small proxy in front of it that kills the server, drops the
connection, answers an error or waits, at a chosen request.
"""

from __future__ import annotations

import base64
import http.client
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from prestatiegraaf.cli import app
from prestatiegraaf.pipeline import BuildOptions, BuildResult, build
from prestatiegraaf.stores.graphs import plan_push
from store_servers import (
    EXAMPLES,
    OXIGRAPH,
    PASSWORD,
    RUNNER,
    Action,
    OxigraphServer,
    Proxy,
    Seen,
    free_port,
    needs_oxigraph,
    one_error_line,
    push,
    reads_back,
    sends,
    swap,
)


@pytest.fixture(scope="module")
def reduced_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example corpus without its Monitor 2019-I, built once."""
    corpus = tmp_path_factory.mktemp("reduced-corpus")
    for source in EXAMPLES.iterdir():
        shutil.copy(source, corpus / source.name)
    manifest = corpus / "manifest.csv"
    kept = [line for line in manifest.read_text().splitlines() if "Monitor 2019-I" not in line]
    manifest.write_text("\n".join(kept) + "\n")
    out = tmp_path_factory.mktemp("reduced-build")
    build(BuildOptions(manifest=manifest, out_dir=out))
    return out


@pytest.fixture(scope="module")
def full_build(seed_build: BuildResult) -> Path:
    return seed_build.files[0].parent


@pytest.fixture(scope="module")
def fresh_dumps(
    full_build: Path, reduced_build: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, set[str]]:
    """What a store holds after one push of each build into it, empty before."""
    if shutil.which(str(OXIGRAPH)) is None:
        pytest.skip("the oxigraph server is not installed: pip install -e '.[test]'")
    dumps: dict[str, set[str]] = {}
    for key, folder in (("full", full_build), ("reduced", reduced_build)):
        fresh = OxigraphServer(tmp_path_factory.mktemp(f"fresh-{key}")).start()
        try:
            assert push(folder, fresh.url)[0] == 0
            dumps[key] = fresh.dump()
        finally:
            fresh.stop()
    return dumps


@pytest.fixture
def server(tmp_path: Path) -> Iterator[OxigraphServer]:
    if shutil.which(str(OXIGRAPH)) is None:
        pytest.skip("the oxigraph server is not installed: pip install -e '.[test]'")
    running = OxigraphServer(tmp_path / "store").start()
    yield running
    running.stop()


@pytest.fixture
def proxy(server: OxigraphServer) -> Iterator[Proxy]:
    running = Proxy(server)
    yield running
    running.close()


# the split of a build into graphs


def test_the_document_graphs_and_the_shared_graph_are_the_build_exactly(
    full_build: Path, tmp_path: Path
) -> None:
    plan = plan_push(full_build, tmp_path)
    built = ox.Dataset(
        ox.parse(path=str(full_build / "prestaties.nt"), format=ox.RdfFormat.N_QUADS)
    )
    union: list[ox.Quad] = []
    parts: dict[str, ox.Dataset] = {}
    for graph in plan.graphs:
        data = graph.path.read_bytes() + graph.blank_path.read_bytes()
        quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
        parts[graph.name] = ox.Dataset(quads)
        assert len(quads) == graph.lines + graph.blank_lines == graph.fingerprint.triples
        if graph.role in ("document", "shared"):
            union.extend(quads)
    assert len(union) == len(built) and ox.Dataset(union) == built  # each triple once
    documents = {g.document: g.name for g in plan.graphs if g.role == "document"}
    assert len(documents) == 3
    base = plan.base
    assert plan.manifest == f"{base}/graph/manifest"
    derived = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
    for quad in built.quads_for_predicate(derived):  # a fact goes with its document
        assert quad in parts[documents[quad.object.value]]
    shared = parts[f"{base}/graph/shared"]
    for quad in shared:
        assert "/id/prestatiebeschrijving/" not in quad.subject.value
        assert "/id/document/" not in quad.subject.value
    dataset = ox.Dataset(ox.parse(path=str(full_build / "dataset.ttl")))  # type: ignore[arg-type]
    assert len(parts[f"{base}/graph/dataset"]) == len(dataset)


def test_a_folder_that_is_not_a_build(tmp_path: Path) -> None:
    code, output = push(tmp_path, "http://127.0.0.1:9")
    assert code == 2 and "not a build folder" in one_error_line(output)


# pushing


@needs_oxigraph
def test_push_twice_leaves_the_same_store(full_build: Path, server: OxigraphServer) -> None:
    code, output = push(full_build, server.url)
    assert code == 0, output
    assert "pushed 6 graphs" in output and "6 added" in output and "verified" in output
    first = server.dump()
    graphs = {q.rsplit(" ", 2)[-2] for q in first}
    assert len(graphs) == 7  # 3 documents, shared, ontology, dataset, manifest
    code, output = push(full_build, server.url)
    assert code == 0 and "6 unchanged" in output, output
    assert server.dump() == first


@needs_oxigraph
def test_push_again_sends_nothing_but_a_graph_changed_in_the_store_is_sent_again(
    full_build: Path, server: OxigraphServer, proxy: Proxy, fresh_dumps: dict[str, set[str]]
) -> None:
    assert push(full_build, proxy.url, "--store", "oxigraph")[0] == 0
    proxy.seen.clear()
    assert push(full_build, proxy.url, "--store", "oxigraph")[0] == 0
    assert not [seen for seen in proxy.seen if sends(seen)]  # every graph was read back only
    graph = "https://w3id.org/prestatiegraaf/graph/document/begroting-2017"
    update = f"INSERT DATA {{ GRAPH <{graph}> {{ <urn:x:s> <urn:x:p> <urn:x:o> }} }}"
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.request("POST", "/update", update, {"Content-Type": "application/sparql-update"})
    assert connection.getresponse().status == 204
    connection.close()
    code, output = push(full_build, proxy.url, "--store", "oxigraph")
    assert code == 0 and "1 changed, 5 unchanged" in output, output
    assert server.dump() == fresh_dumps["full"]


@needs_oxigraph
def test_a_dropped_document_has_its_graph_deleted(
    full_build: Path,
    reduced_build: Path,
    server: OxigraphServer,
    fresh_dumps: dict[str, set[str]],
) -> None:
    assert push(full_build, server.url)[0] == 0
    gone = "https://w3id.org/prestatiegraaf/graph/document/monitor-2019-i"
    assert server.graph(gone) is not None
    code, output = push(reduced_build, server.url)
    assert code == 0 and "1 deleted" in output, output
    assert server.graph(gone) is None
    assert server.dump() == fresh_dumps["reduced"]  # as if the full build was never pushed


@needs_oxigraph
@pytest.mark.parametrize(
    ("where", "action"),
    [
        (sends, "kill"),  # half-way through sending
        (reads_back, "kill"),  # while reading the graphs back
        (swap, "kill"),  # the swap never reached the store
        (swap, "drop"),  # the connection dropped before the swap arrived
        (swap, "forward-kill"),  # the swap was applied, its answer lost
    ],
)
def test_a_push_killed_half_way_keeps_the_published_graphs_and_a_rerun_completes(
    full_build: Path,
    reduced_build: Path,
    server: OxigraphServer,
    proxy: Proxy,
    fresh_dumps: dict[str, set[str]],
    where: Callable[[Seen], bool],
    action: str,
) -> None:
    assert push(reduced_build, server.url)[0] == 0
    before = server.dump(published=True)
    fired: list[int] = []

    def script(seen: Seen) -> Action:
        if not fired and where(seen):
            fired.append(seen.index)
            return (action,)
        return None

    proxy.script = script
    code, output = push(full_build, proxy.url, "--store", "oxigraph", "--chunk-mb", "0.02")
    assert fired and code == 2, output
    line = one_error_line(output)
    assert "run push again" in line and "Traceback" not in line
    if server.process is not None and server.process.poll() is not None:
        server.start()  # the same folder, as after a crash
    after = server.dump(published=True)
    if where is swap:
        assert "swapping the graphs in: " in line and "may or may not have been applied" in line
    else:
        assert "the published graphs were left as they were" in line
    if action == "forward-kill":
        assert after == fresh_dumps["full"]  # the swap was applied: the new publication
    else:
        assert after == before
    proxy.script = lambda seen: None
    code, output = push(full_build, proxy.url, "--store", "oxigraph")
    assert code == 0, output
    assert server.dump() == fresh_dumps["full"]  # complete, and no temporary graph left


@needs_oxigraph
@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (
            500,
            "boom: the store fell over\nsecond line",
            "500 Internal Server Error: boom: the store",
        ),
        (413, "payload too large", "413 Request Entity Too Large: payload too large"),
    ],
)
def test_a_store_that_refuses_a_graph(
    full_build: Path,
    reduced_build: Path,
    server: OxigraphServer,
    proxy: Proxy,
    status: int,
    body: str,
    expected: str,
) -> None:
    assert push(reduced_build, server.url)[0] == 0
    before = server.dump(published=True)
    proxy.script = lambda seen: ("reply", status, body, {}) if sends(seen) else None
    code, output = push(full_build, proxy.url, "--store", "oxigraph")
    assert code == 2 and expected in one_error_line(output), output
    assert "sending graph <https://w3id.org/prestatiegraaf/graph/" in output
    assert server.dump(published=True) == before


@needs_oxigraph
def test_retry_after_is_honoured(full_build: Path, proxy: Proxy) -> None:
    answered: list[int] = []

    def busy(seen: Seen) -> Action:
        if len(answered) < 2:
            answered.append(seen.index)
            return ("reply", 503, "busy", {"Retry-After": "0"})
        return None

    proxy.script = busy
    code, output = push(full_build, proxy.url, "--store", "oxigraph")
    assert code == 0, output
    assert [s.method for s in proxy.seen[:3]] == ["GET", "GET", "GET"]  # asked again


@needs_oxigraph
def test_a_store_that_stays_busy(full_build: Path, proxy: Proxy) -> None:
    proxy.script = lambda seen: ("reply", 429, "slow down", {"Retry-After": "0"})
    code, output = push(full_build, proxy.url, "--store", "oxigraph")
    assert code == 2 and "429 Too Many Requests (still, after 3 tries)" in one_error_line(output)
    assert len(proxy.seen) == 4


@needs_oxigraph
def test_a_store_that_does_not_answer_in_time(full_build: Path, proxy: Proxy) -> None:
    proxy.script = lambda seen: ("sleep", 2.0)
    code, output = push(full_build, proxy.url, "--store", "oxigraph", "--timeout", "0.3")
    assert code == 2 and "did not answer within 0.3 s" in one_error_line(output)


def test_an_unreachable_store(full_build: Path) -> None:
    code, output = push(full_build, f"http://127.0.0.1:{free_port()}")
    assert code == 2 and "cannot connect to the store at http://127.0.0.1:" in one_error_line(
        output
    )


@needs_oxigraph
def test_credentials_come_from_the_environment_and_are_never_shown(
    full_build: Path, proxy: Proxy
) -> None:
    proxy.required_auth = "Basic " + base64.b64encode(f"pusher:{PASSWORD}".encode()).decode()
    options = ("--store", "oxigraph", "--user", "pusher", "--password-env", "STORE_PASSWORD")
    wrong = "wrong-" + PASSWORD  # the proxy echoes what it was given, password and all
    code, output = push(full_build, proxy.url, *options, env={"STORE_PASSWORD": wrong})
    assert code == 2 and "401 Unauthorized (check --user" in one_error_line(output), output
    assert PASSWORD not in output and "***" in output
    code, output = push(full_build, proxy.url, *options, env={"STORE_PASSWORD": PASSWORD})
    assert code == 0 and PASSWORD not in output, output
    assert set(proxy.auths[1:]) == {proxy.required_auth}
    code, output = push(full_build, proxy.url, *options, env={"STORE_PASSWORD": ""})
    assert code == 2 and "STORE_PASSWORD (--password-env) is not set" in one_error_line(output)
    code, output = push(full_build, proxy.url, "--user", "pusher")
    assert code == 2 and "--user needs --password-env" in one_error_line(output)


def test_a_password_in_the_address_is_refused(full_build: Path) -> None:
    code, output = push(full_build, f"http://user:{PASSWORD}@127.0.0.1:9")
    assert code == 2 and "holds a user or password" in one_error_line(output)
    assert PASSWORD not in output


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ((), "--endpoint is required"),
        (("--endpoint", "ftp://127.0.0.1/x"), "--endpoint is not an http:// or https:// address"),
        (("--endpoint", "http://127.0.0.1:9/sparql"), "give --graph-store or --store"),
        (
            ("--endpoint", "http://127.0.0.1:9", "--graph-store", "http://u:p@127.0.0.1:9/g"),
            "--graph-store holds a user or password",
        ),
    ],
)
def test_usage_errors(full_build: Path, options: tuple[str, ...], expected: str) -> None:
    result = RUNNER.invoke(app, ["push", str(full_build), *options])
    assert result.exit_code == 2 and expected in one_error_line(result.output.strip())


@needs_oxigraph
def test_a_progress_bar_on_terminals_only(full_build: Path, server: OxigraphServer) -> None:
    import io

    from prestatiegraaf.stores.addresses import store_addresses
    from prestatiegraaf.stores.client import StoreClient
    from prestatiegraaf.stores.push import push_build

    with StoreClient(store_addresses(server.url)) as client:
        drawn = io.StringIO()
        report = push_build(full_build, client, progress=True, stream=drawn, chunk_bytes=20_000)
        assert "\rsending [" in drawn.getvalue().replace("\033[K", "") and len(report.added) == 6
        assert drawn.getvalue().endswith("\r\033[K")  # the line is cleared at the end
        quiet = io.StringIO()  # not a terminal
        push_build(full_build, client, stream=quiet)
        assert quiet.getvalue() == ""
