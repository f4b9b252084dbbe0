"""``push`` and remote queries against Virtuoso open source, when one is at hand.

The store is the one named by ``PRESTATIEGRAAF_VIRTUOSO_URL`` (``.ci/run`` starts one on
127.0.0.1 where the Debian package ``virtuoso-opensource`` installs), with the ``dba``
password in ``PRESTATIEGRAAF_VIRTUOSO_PASSWORD``; otherwise one is started here when
``virtuoso-t`` is installed; otherwise the tests are skipped.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import test_push
from prestatiegraaf.graph.store import load_data
from prestatiegraaf.query import read_query, run_query
from prestatiegraaf.stores.addresses import StoreKind, store_addresses
from prestatiegraaf.stores.client import Credentials, StoreClient
from prestatiegraaf.stores.fingerprint import fingerprint
from prestatiegraaf.stores.remote_query import run_remote_query
from store_servers import free_port, push

reduced_build = test_push.reduced_build  # the fixture: the example build without a document
ROOT = Path(__file__).resolve().parent.parent
URL_VARIABLE = "PRESTATIEGRAAF_VIRTUOSO_URL"
PASSWORD_VARIABLE = "PRESTATIEGRAAF_VIRTUOSO_PASSWORD"
GONE = "https://w3id.org/prestatiegraaf/graph/document/monitor-2019-i"
INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 60
"""


@dataclass(frozen=True)
class Virtuoso:
    """A Virtuoso to test against: its address and the ``dba`` password."""

    url: str
    password: str

    def push(self, folder: Path, password: str | None = None) -> tuple[int, str]:
        options = ("--store", "virtuoso", "--user", "dba", "--password-env", "VIRTUOSO_PW")
        env = {"VIRTUOSO_PW": self.password if password is None else password}
        return push(folder, self.url, *options, env=env)

    def client(self) -> StoreClient:
        addresses = store_addresses(self.url, StoreKind.virtuoso)
        return StoreClient(addresses, credentials=Credentials("dba", self.password))


def _listening(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "", parts.port or 80), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    given = os.environ.get(URL_VARIABLE)
    if given:
        if not _listening(given):
            pytest.skip(f"no Virtuoso answers at {given} ({URL_VARIABLE})")
        yield Virtuoso(given, os.environ.get(PASSWORD_VARIABLE, "dba"))
        return
    binary = shutil.which("virtuoso-t")
    if binary is None:
        pytest.skip(
            f"no Virtuoso: set {URL_VARIABLE} to one on 127.0.0.1, or install the Debian "
            "package virtuoso-opensource (.ci/run does where apt-get works)"
        )
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(INI.format(folder=folder, sql_port=sql_port, http_port=http_port))
    process = subprocess.Popen(
        [binary, "-c", str(ini), "+foreground"],
        cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{http_port}"
    deadline = time.monotonic() + 120
    while not _listening(url):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"Virtuoso did not start; see {folder / 'virtuoso.log'}")
        time.sleep(0.2)
    try:
        yield Virtuoso(url, "dba")  # a new database's password
    finally:
        process.terminate()
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def full_build(seed_build: object) -> Path:
    return seed_build.files[0].parent  # type: ignore[attr-defined, no-any-return]


def test_push_query_push_again_and_drop_a_document(
    virtuoso: Virtuoso, full_build: Path, reduced_build: Path
) -> None:
    code, output = virtuoso.push(full_build)
    assert code == 0 and "pushed 6 graphs" in output, output
    with virtuoso.client() as client:
        graphs = _names()
        before = {name: _print(client, name) for name in graphs}
    local = load_data([full_build])
    for query in sorted((ROOT / "queries").glob("*.rq")):
        text = read_query(query)
        answer = run_remote_query(text, f"{virtuoso.url}/sparql", source=query)
        assert answer.cut is None
        assert answer.result() == run_query(text, local, source=query), query.name
    code, output = virtuoso.push(full_build)
    assert code == 0 and "6 unchanged" in output, output
    with virtuoso.client() as client:
        assert {name: _print(client, name) for name in graphs} == before
    code, output = virtuoso.push(reduced_build)
    assert code == 0 and "1 deleted" in output, output
    with virtuoso.client() as client:
        assert client.get_graph(GONE) is None
    text = read_query(ROOT / "queries" / "acties.rq")
    remote = run_remote_query(text, f"{virtuoso.url}/sparql").result()
    assert remote == run_query(text, load_data([reduced_build]))


def test_a_result_virtuoso_cuts_is_reported(virtuoso: Virtuoso, full_build: Path) -> None:
    assert virtuoso.push(full_build)[0] == 0
    big = "SELECT ?s ?a WHERE { ?s ?p ?o . ?a ?b ?c } LIMIT 20000"
    answer = run_remote_query(big, f"{virtuoso.url}/sparql")
    assert answer.cut is not None and "(header x-sparql-maxrows)" in answer.cut, answer.cut


def test_wrong_credentials(virtuoso: Virtuoso, full_build: Path) -> None:
    wrong = "not-the-password-" + virtuoso.password
    code, output = virtuoso.push(full_build, password=wrong)
    assert code == 2 and "401 Unauthorized" in output and wrong not in output, output


def _names() -> list[str]:
    """The graphs a push of the example build makes."""
    base = "https://w3id.org/prestatiegraaf/graph/"
    documents = ("begroting-2017", "monitor-2016-ii", "monitor-2019-i")
    others = ("shared", "ontology", "dataset", "manifest")
    return [f"{base}document/{d}" for d in documents] + [f"{base}{name}" for name in others]


def _print(client: StoreClient, name: str) -> object:
    found = client.get_graph(name)
    assert found is not None, name
    return fingerprint(*found)
