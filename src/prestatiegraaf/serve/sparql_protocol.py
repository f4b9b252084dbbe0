"""The SPARQL 1.1 Protocol's query operation: reading a request and refusing what is not served.

The endpoint only reads its own graph. Before anything is evaluated, a request is refused with
a one-line explanation when it is an update (any operation, ``LOAD`` included), would send a
request elsewhere (``SERVICE``), or names a graph the dataset does not hold (``FROM``,
``FROM NAMED``, ``default-graph-uri``, ``named-graph-uri``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qsl

from prestatiegraaf.validate.query_tokens import remote_access

MAX_QUERY_BYTES = 1 << 20
QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_WORDS = (
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "CREATE",
    "DROP",
    "COPY",
    "MOVE",
    "ADD",
    "WITH",
)
GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")

_TOKEN = re.compile(
    r"""
    (?P<space>\s+|\#[^\n]*)
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
      |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<var>[?$]\w+)
  | (?P<pname>(?:[A-Za-z][\w.-]*)?:[\w.%:-]*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class ProtocolError(Exception):
    """A request the endpoint answers with an HTTP error: its status and a one-line reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

    def __reduce__(self) -> tuple[type[ProtocolError], tuple[int, str]]:
        return ProtocolError, (self.status, self.message)


@dataclass(frozen=True)
class SparqlRequest:
    """A query request: the query text and the protocol parameters that go with it."""

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()


def _one(values: Sequence[str], name: str) -> str | None:
    if len(values) > 1:
        raise ProtocolError(400, f"give one {name} parameter, not {len(values)}")
    return values[0] if values else None


def read_request(
    method: str, content_type: str, params: Iterable[tuple[str, str]], body: bytes
) -> SparqlRequest | None:
    """The query request of an HTTP request; None when it holds no query (show the form).

    Raises:
        ProtocolError: an update, an unsupported content type, several queries, bad text.
    """
    fields: dict[str, list[str]] = {}
    for name, value in params:
        fields.setdefault(name, []).append(value)
    media = content_type.split(";")[0].strip().lower()
    direct: str | None = None
    if method == "POST":
        text = _text(body)
        if media == "application/x-www-form-urlencoded":
            for name, value in parse_qsl(text, keep_blank_values=True):
                fields.setdefault(name, []).append(value)
        elif media == "application/sparql-query":
            direct = text
        elif media == "application/sparql-update":
            raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
        else:
            raise ProtocolError(
                415,
                f"unsupported content type {media or '(none)'}: send "
                "application/x-www-form-urlencoded or application/sparql-query",
            )
    if fields.get("update"):
        raise ProtocolError(403, "this endpoint is read-only: SPARQL Update is not accepted")
    query = _one(fields.get("query", []), "query")
    if direct is not None:
        if query is not None:
            raise ProtocolError(400, "give the query in the body or as a parameter, not both")
        query = direct
    if query is None:
        return None
    if not query.strip():
        raise ProtocolError(400, "the query is empty")
    return SparqlRequest(
        query,
        tuple(fields.get("default-graph-uri", [])),
        tuple(fields.get("named-graph-uri", [])),
        tuple(fields.get("format", [])),
    )


def _text(body: bytes) -> str:
    if len(body) > MAX_QUERY_BYTES:
        raise ProtocolError(413, f"the request is larger than {MAX_QUERY_BYTES} bytes")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the request body is not UTF-8 text") from None


def _tokens(query: str) -> list[tuple[str, str]]:
    text = _CODEPOINT.sub(lambda m: chr(int(m[1] or m[2], 16)), query)
    return [(m.lastgroup or "", m[0]) for m in _TOKEN.finditer(text) if m.lastgroup != "space"]


def _prologue(tokens: list[tuple[str, str]]) -> tuple[dict[str, str], int]:
    """The prefixes the prologue declares and the index of the first token after it."""
    prefixes: dict[str, str] = {}
    at = 0
    while at < len(tokens):
        word = tokens[at][1].upper() if tokens[at][0] == "word" else ""
        if word == "BASE":
            at += 2
        elif word == "PREFIX" and at + 2 < len(tokens):
            prefixes[tokens[at + 1][1].rstrip(":")] = tokens[at + 2][1][1:-1]
            at += 3
        else:
            break
    return prefixes, at


def query_form(query: str) -> str | None:
    """The query's form (``SELECT``, ``ASK``, …) or the update operation it starts with.

    None when the text starts with neither (the parser will say what is wrong).
    """
    tokens = _tokens(query)
    _, at = _prologue(tokens)
    if at < len(tokens) and tokens[at][0] == "word":
        word = tokens[at][1].upper()
        if word in QUERY_FORMS or word in UPDATE_WORDS:
            return word
    return None


def named_graphs(query: str) -> list[tuple[str, str]]:
    """The graphs the query's dataset clauses name: (``FROM`` or ``FROM NAMED``, IRI)."""
    tokens = _tokens(query)
    prefixes, _ = _prologue(tokens)
    found = []
    for index, (kind, text) in enumerate(tokens):
        if kind != "word" or text.upper() != "FROM":
            continue
        clause, at = "FROM", index + 1
        if at < len(tokens) and tokens[at][0] == "word" and tokens[at][1].upper() == "NAMED":
            clause, at = "FROM NAMED", at + 1
        if at >= len(tokens):
            continue
        kind, name = tokens[at]
        if kind == "iri":
            found.append((clause, name[1:-1]))
        elif kind == "pname":
            prefix, _, local = name.partition(":")
            found.append((clause, prefixes.get(prefix, prefix + ":") + local))
    return found


def check_query(request: SparqlRequest, graphs: frozenset[str]) -> str | None:
    """Refuse what the endpoint does not do; the query's form when it is served.

    Args:
        request: the query request.
        graphs: the IRIs of the named graphs the dataset holds.

    Raises:
        ProtocolError: 403 for an update, ``LOAD`` or ``SERVICE``; 400 for a graph the
            dataset does not hold.
    """
    remote = remote_access(request.query)
    if remote is not None:
        words, line = remote
        what = "fetch data from elsewhere" if words.startswith("LOAD") else "query another endpoint"
        raise ProtocolError(
            403,
            f"{words} (line {line}) would {what}; refused: this endpoint only reads its own graph",
        )
    form = query_form(request.query)
    if form in UPDATE_WORDS:
        raise ProtocolError(
            403, f"this endpoint is read-only: SPARQL Update ({form}) is not accepted"
        )
    named = [("default-graph-uri", iri) for iri in request.default_graphs]
    named += [("named-graph-uri", iri) for iri in request.named_graphs]
    for clause, iri in [*named, *named_graphs(request.query)]:
        if iri not in graphs:
            held = "only its default graph" if not graphs else f"{len(graphs)} named graphs"
            raise ProtocolError(
                400,
                f"{clause} <{iri}> names a graph this dataset does not hold (it has {held}); "
                "nothing is fetched from elsewhere",
            )
    return form
