"""Run the query files against a remote SPARQL endpoint, printed as local results are.

The query goes out through SPARQLWrapper (POST, form-encoded) with the User-Agent
``prestatiegraaf/<version>`` and a timeout; a store that answers 429 or 503 is asked again
after its ``Retry-After``, a bounded number of times. The answer is read as SPARQL JSON
results and written by the same code as local results (:mod:`prestatiegraaf.query_output`),
so a table, CSV, TSV or JSON from a store looks like one from a build folder.

A result the store cut short is never passed off as complete: the rows are written, then
:class:`ResultCut` (exit code 2) says why. A cut is known from the store's headers
(Virtuoso's ``X-SPARQL-MaxRows`` and an ``X-SQL-State`` of a partial answer, the
``X-Prestatiegraaf-Truncated`` of ``prestatiegraaf serve``) or from ``expect_max_rows``: a
store known to cut at N rows that returns N rows (or more) cut the result.
"""

from __future__ import annotations

import ast
import json
import math
import re
import time
import urllib.error
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.client import HTTPMessage
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from SPARQLWrapper import BASIC, DIGEST, JSON, POST, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from prestatiegraaf.errors import QueryError
from prestatiegraaf.query import QueryResult, read_query
from prestatiegraaf.query_output import CountedWriter, Streamed, plain_batches, write_results
from prestatiegraaf.stores.addresses import StoreError, check_url
from prestatiegraaf.stores.client import (
    RETRIES,
    USER_AGENT,
    Credentials,
    credentials_from_env,
    retry_after,
)
from prestatiegraaf.stores.push import PUSH
from prestatiegraaf.validate.pattern_graph import Opaque
from prestatiegraaf.validate.query_tokens import remote_access, tokenize

CUT_HEADERS = {
    "x-prestatiegraaf-truncated": "prestatiegraaf serve cut it",
    "x-sparql-maxrows": "the store returns at most {value} rows",
}
_STATUS = {
    "QueryBadFormed": "400 Bad Request",
    "Unauthorized": "401 Unauthorized (check --user and the password in --password-env)",
    "EndPointNotFound": "404 Not Found (is --endpoint the SPARQL endpoint?)",
    "URITooLong": "414 URI Too Long",
    "EndPointInternalError": "500 Internal Server Error",
}  # the statuses SPARQLWrapper raises its own exceptions for
_PARTIAL_STATES = ("S1TAT",)  # Virtuoso: a partial ("anytime") answer
_REFUSED = "would make the store query a remote endpoint; refused (--allow-service allows it)"


class ResultCut(QueryError):
    """The store cut the result short: what was written is incomplete."""


@dataclass(frozen=True)
class RemoteAnswer:
    """A SELECT answer as SPARQL JSON results, and why it is incomplete (None: it is not)."""

    body: bytes
    rows: int
    cut: str | None

    def solutions(self) -> ox.QuerySolutions:
        """The answer's solutions (a fresh iterator each time)."""
        parsed = ox.parse_query_results(self.body, ox.QueryResultsFormat.JSON)
        assert isinstance(parsed, ox.QuerySolutions)  # checked when the answer came
        return parsed

    def result(self) -> QueryResult:
        """Columns and plain rows, as :func:`prestatiegraaf.query.run_query` gives them."""
        solutions = self.solutions()
        columns = tuple(variable.value for variable in solutions.variables)
        rows = tuple(tuple(row) for batch in plain_batches(solutions) for row in batch)
        return QueryResult(columns, rows)


def run_remote_query(
    query: str,
    endpoint: str,
    *,
    source: Path | None = None,
    timeout: float = 60.0,
    credentials: Credentials | None = None,
    auth: str = "basic",
    expect_max_rows: int | None = None,
    allow_service: bool = False,
    published_only: bool = True,
    retries: int = RETRIES,
    sleep: Callable[[float], None] = time.sleep,
) -> RemoteAnswer:
    """Run the SELECT ``query`` at ``endpoint``; its answer and whether it was cut.

    ``timeout`` is per request (``math.inf``: none); ``auth`` is ``basic``, ``digest`` or
    ``bearer`` (the password is the token). With ``published_only`` a query without FROM or
    GRAPH of its own reads the graphs a push published (listed in the store's push
    manifests, sent as ``default-graph-uri``), not the temporary graphs of a push under way;
    a store without a manifest is queried as it is.

    Raises:
        QueryError: the query is not a SELECT query, or would make the store call another.
        StoreError: the store cannot be reached, refuses the query or answers no results.

    """
    check_url(endpoint, "--endpoint")
    if not allow_service and (found := remote_access(query)) is not None:
        words, line = found
        raise QueryError(f"{words} {_REFUSED}", path=source, line=line if source else None)
    if _query_type(query) != "SELECT":
        raise QueryError("only SELECT queries can be sent to an endpoint", path=source)
    asker = _Asker(endpoint, timeout, credentials, auth, retries, sleep)
    graphs: list[str] = []
    if published_only and not _names_its_dataset(query):
        listed, _ = asker.ask(_PUBLISHED, [])
        manifests = list(asker.plain(listed))
        graphs = sorted({graph for _, graph in manifests if graph})
        if manifests and not graphs:
            raise StoreError(
                "the store holds no published graph yet (a push began but did not complete): "
                "run push again"
            )
    body, headers = asker.ask(query, graphs)
    count = sum(1 for _ in asker.plain(body))
    return RemoteAnswer(body, count, _cut(headers, count, expect_max_rows))


_PUBLISHED = (
    f"SELECT DISTINCT ?m ?g WHERE {{ GRAPH ?m {{ {{ ?m <{PUSH}graph> ?g }} "
    f"UNION {{ ?m <{PUSH}pending> ?t }} }} }}"
)  # the manifests of pushes, and the graphs they published


def _query_type(query: str) -> str:
    wrapper = SPARQLWrapper("http://127.0.0.1/")
    wrapper.setQuery(query)
    return str(wrapper.queryType)


def _names_its_dataset(query: str) -> bool:
    """Whether ``query`` says which graphs it reads (FROM, GRAPH) or cannot be read."""
    try:
        tokens = tokenize(query)
    except Opaque:
        return True
    return any(kind == "word" and text.upper() in ("FROM", "GRAPH") for kind, text in tokens)


@dataclass(frozen=True)
class _Asker:
    """Sends queries to one endpoint through SPARQLWrapper."""

    endpoint: str
    timeout: float
    credentials: Credentials | None
    auth: str
    retries: int
    sleep: Callable[[float], None]

    @property
    def secret(self) -> str | None:
        return self.credentials.password if self.credentials else None

    def ask(self, query: str, default_graphs: list[str]) -> tuple[bytes, HTTPMessage]:
        """The body (SPARQL JSON results) and headers of the answer to ``query``."""
        wrapper = SPARQLWrapper(self.endpoint, agent=USER_AGENT)
        wrapper.setQuery(query)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        wrapper.setReturnFormat(JSON)
        for graph in default_graphs:
            wrapper.addDefaultGraph(graph)
        if math.isfinite(self.timeout):
            wrapper.setTimeout(max(1, math.ceil(self.timeout)))
        if self.credentials is not None:
            if self.auth == "bearer":
                wrapper.addCustomHttpHeader("Authorization", f"Bearer {self.credentials.password}")
            else:
                wrapper.setHTTPAuth(DIGEST if self.auth == "digest" else BASIC)
                wrapper.setCredentials(self.credentials.user, self.credentials.password)
        body, headers = _ask(
            wrapper, self.endpoint, self.timeout, self.retries, self.sleep, self.secret
        )
        return _blank_nodes_relabelled(body), headers

    def plain(self, body: bytes) -> Iterator[list[str]]:
        """The rows of the SPARQL JSON results ``body``, as plain values."""
        try:
            parsed = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
            if not isinstance(parsed, ox.QuerySolutions):
                raise StoreError("the store answered a boolean, not rows")
            for batch in plain_batches(parsed):
                yield from batch
        except (SyntaxError, ValueError, QueryError) as exc:
            message = f"the store's answer is not SPARQL JSON results ({exc})"
            raise _error(message, self.secret) from None


def query_endpoint(
    query: Path,
    endpoint: str,
    fmt: str,
    output: BinaryIO,
    *,
    timeout: float = 60.0,
    user: str | None = None,
    password_env: str | None = None,
    expect_max_rows: int | None = None,
    allow_service: bool = False,
    all_graphs: bool = False,
) -> Streamed:
    """``prestatiegraaf query QUERY.rq --endpoint URL``: run the file there, write the results.

    Raises:
        QueryError: the file cannot be read, is not a SELECT query or calls SERVICE.
        StoreError: the store cannot be reached or refuses the query.
        OutputError: ``output`` cannot be written.
        ResultCut: after the rows were written, when the store cut the result short.

    """
    answer = run_remote_query(
        read_query(query),
        endpoint,
        source=query,
        timeout=timeout,
        credentials=credentials_from_env(user, password_env),
        expect_max_rows=expect_max_rows,
        allow_service=allow_service,
        published_only=not all_graphs,
    )
    return write_remote_results(answer, fmt, output, source=query)


def write_remote_results(
    answer: RemoteAnswer, fmt: str, output: BinaryIO, *, source: Path | None = None
) -> Streamed:
    """Write ``answer`` as ``fmt`` (``table``, ``csv``, ``tsv`` or ``json``) to ``output``.

    Raises:
        OutputError: ``output`` cannot be written.
        ResultCut: after writing, when the store cut the result short.

    """
    streamed = write_results(answer.solutions(), fmt, CountedWriter(output), source)
    output.flush()
    if answer.cut is not None:
        raise ResultCut(
            f"the result is incomplete: {answer.cut} ({answer.rows} rows received)", path=source
        )
    return streamed


def _ask(
    wrapper: SPARQLWrapper,
    endpoint: str,
    timeout: float,
    retries: int,
    sleep: Callable[[float], None],
    secret: str | None,
) -> tuple[bytes, HTTPMessage]:
    """The body and headers of the store's answer, asking again after 429 and 503."""
    for attempt in range(retries + 1):
        try:
            response = wrapper.query().response
            return response.read(), response.headers
        except urllib.error.HTTPError as error:
            if error.code in (429, 503) and attempt < retries:
                sleep(retry_after(error.headers.get("Retry-After")))
                continue
            raise _error(
                f"the store answered {error.code} {error.reason}{_first(error)}", secret
            ) from None
        except SPARQLWrapperException as error:
            raise _error(_refusal(error), secret) from None
        except TimeoutError:
            raise StoreError(f"the store did not answer within {timeout:g} s (--timeout)") from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise StoreError(
                    f"the store did not answer within {timeout:g} s (--timeout)"
                ) from None
            raise _error(f"cannot reach the store at {endpoint}: {error.reason}", secret) from None
        except (ConnectionError, OSError) as error:
            raise _error(
                f"the connection to the store at {endpoint} broke off ({error})", secret
            ) from None
    raise AssertionError("unreachable")  # the last attempt returns or raises


def _blank_nodes_relabelled(body: bytes) -> bytes:
    """``body`` with blank node labels pyoxigraph refuses (Virtuoso's ``nodeID://b1``) renamed.

    A label is local to one answer, so each is given a plain one of its own (``v1``, ...).
    """
    if b'"bnode"' not in body:
        return body
    try:
        results = json.loads(body)
        bindings = results["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        return body  # not JSON results: the caller says so
    labels: dict[str, str] = {}
    for binding in bindings:
        for value in binding.values():
            if isinstance(value, dict) and value.get("type") == "bnode":
                label = str(value.get("value", ""))
                if not _PLAIN_LABEL.fullmatch(label):
                    value["value"] = labels.setdefault(label, f"v{len(labels) + 1}")
    return json.dumps(results).encode("utf-8") if labels else body


_PLAIN_LABEL = re.compile(r"[A-Za-z0-9_]+")


def _cut(headers: HTTPMessage, rows: int, expect_max_rows: int | None) -> str | None:
    """Why the answer is incomplete, from the store's headers and the expected limit."""
    for name, reason in CUT_HEADERS.items():
        value = headers.get(name)
        if value is not None:
            return f"{reason.format(value=value.strip())} (header {name})"
    state = headers.get("x-sql-state")
    if state is not None and state.strip() in _PARTIAL_STATES:
        message = headers.get("x-sql-message", "a partial answer").strip()
        return f"the store gave a partial answer: {message} (header X-SQL-State {state.strip()})"
    if expect_max_rows is not None and rows >= expect_max_rows:
        return f"the store returns at most {expect_max_rows} rows (--expect-max-rows)"
    return None


def _first(error: urllib.error.HTTPError) -> str:
    try:
        body = error.read().decode("utf-8", "replace")
    except OSError:
        return ""
    first = next((line.strip() for line in body.splitlines() if line.strip()), "")
    first = "".join(c for c in first if c.isprintable())[:200]
    return f": {first}" if first else ""


def _refusal(error: SPARQLWrapperException) -> str:
    """The status SPARQLWrapper's exception stands for, and the first line of the answer."""
    status = _STATUS.get(type(error).__name__, "an error")
    _, _, answer = str(error).partition("Response:\n")
    try:
        body = ast.literal_eval(answer) if answer else b""
    except (ValueError, SyntaxError):
        body = answer.encode()
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    first = "".join(c for c in first if c.isprintable())[:200]
    return f"the store answered {status}: {first}" if first else f"the store answered {status}"


def _error(message: str, secret: str | None) -> StoreError:
    line = " ".join(message.split())
    return StoreError(line.replace(secret, "***") if secret else line)
