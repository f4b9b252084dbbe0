"""Stage 4, validate: what a SELECT query reads, as a graph of its triple patterns.

A validation query finds the results of each focus node ``?this`` by matching triple
patterns; a changed triple can only change the results of the focus nodes that a match
through that triple reaches. :func:`read_patterns` turns a query into the edges between its
variables (property paths broken into steps, ``p*`` and ``p+`` kept as closures), each in the
*scope* it must match in: the query itself, a UNION branch, an OPTIONAL, MINUS or EXISTS
group. A match of a scope's edges instantiates every edge of that scope and of the scopes
around it, which is what :mod:`.incremental` walks along.

The reader is deliberately strict: anything it does not understand (a GRAPH or SERVICE
block, a collection, a variable bound by BIND and then matched) raises :class:`Opaque`, and the
query is then always evaluated over the whole graph.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"

_TOKEN = re.compile(
    r"""
    (?P<space>\s+|\#[^\n]*)
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
      |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<var>[?$][A-Za-z0-9_]+)
  | (?P<bnode>_:[A-Za-z0-9_][\w.-]*)
  | (?P<pname>(?:[A-Za-z][\w-]*(?:\.[\w-]+)*)?:(?:[\w%-](?:[\w.%:-]*[\w%:-])?)?)
  | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}()\[\].;,|/^*+?!=<>&\-])
    """,
    re.VERBOSE,
)
_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


class Opaque(ValueError):
    """The query uses a form whose reads are not worked out; it reads the whole graph."""


@dataclass(frozen=True)
class Var:
    """A variable of the query (renamed when it is local to a sub-SELECT)."""

    name: str


Node = Var | ox.NamedNode | ox.Literal | ox.BlankNode


@dataclass(frozen=True)
class Step:
    """One predicate of a path (None: any predicate), read forwards or backwards."""

    predicate: ox.NamedNode | None
    inverse: bool = False


@dataclass(frozen=True)
class Edge:
    """``start`` reaches ``end`` by one of ``steps``, or by a chain of them (``closure``)."""

    start: Node
    end: Node
    steps: tuple[Step, ...]
    scope: int
    closure: bool = False  # p* or p+ (with ``optional`` also the start itself)
    optional: bool = False  # p? or p*: the start itself is reached too


@dataclass
class Reads:
    """The edges of a query, and how its scopes nest (scope 0 is the query's WHERE group)."""

    edges: list[Edge] = field(default_factory=list)
    parents: dict[int, int] = field(default_factory=dict)  # scope -> enclosing scope

    def chain(self, scope: int) -> set[int]:
        """``scope`` and every scope around it."""
        found = {scope}
        while scope in self.parents:
            scope = self.parents[scope]
            found.add(scope)
        return found


@dataclass(frozen=True)
class _Path:
    kind: str  # "step", "seq", "alt", "inv", "mod"
    parts: tuple[_Path, ...] = ()
    step: Step | None = None
    modifier: str = ""


def read_patterns(query: str) -> Reads:
    """The triple patterns of the SELECT query ``query`` (see the module documentation).

    Raises:
        Opaque: the query uses a form the reader does not work out.
    """
    tokens: list[tuple[str, str]] = []
    at = 0
    for match in _TOKEN.finditer(query):
        if match.start() != at:
            raise Opaque(f"the query holds text the reader does not know: {query[at : at + 20]!r}")
        at = match.end()
        if match.lastgroup != "space":
            tokens.append((match.lastgroup or "", match[0]))
    if at != len(query):
        raise Opaque(f"the query holds text the reader does not know: {query[at : at + 20]!r}")
    return _Reader(tokens).query()


class _Reader:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.at = 0
        self.prefixes: dict[str, str] = {}
        self.reads = Reads()
        self.scopes = itertools.count(1)
        self.fresh = itertools.count()
        self.assigned: set[str] = set()
        self.verbs: set[str] = set()  # variables in predicate position

    # tokens ---------------------------------------------------------------------------

    def peek(self, ahead: int = 0) -> tuple[str, str]:
        index = self.at + ahead
        return self.tokens[index] if index < len(self.tokens) else ("", "")

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if not token[0]:
            raise Opaque("the query ends too early")
        self.at += 1
        return token

    def word(self, ahead: int = 0) -> str:
        kind, text = self.peek(ahead)
        return text.upper() if kind == "word" else ""

    def expect(self, text: str) -> None:
        if self.take()[1] != text:
            raise Opaque(f"expected {text!r}")

    # query structure ------------------------------------------------------------------

    def query(self) -> Reads:
        while self.word() in ("PREFIX", "BASE"):
            if self.take()[1].upper() == "BASE":
                raise Opaque("BASE is not read")
            name, iri = self.take(), self.take()
            if name[0] != "pname" or not name[1].endswith(":") or iri[0] != "iri":
                raise Opaque("malformed PREFIX")
            self.prefixes[name[1][:-1]] = iri[1][1:-1]
        self.select(0, top=True)
        if self.peek()[0]:
            raise Opaque("text after the query")
        used = {
            node.name for edge in self.reads.edges for node in (edge.start, edge.end)
            if isinstance(node, Var)
        }  # fmt: skip
        if used & self.assigned:
            raise Opaque("a variable bound by an expression is matched in a pattern")
        if used & self.verbs:
            raise Opaque("a variable is both a predicate and a subject or object")
        return self.reads

    def select(self, scope: int, top: bool = False) -> None:
        if self.word() != "SELECT":
            raise Opaque("only SELECT queries are read")
        self.take()
        projected: set[str] | None = set()
        while self.peek()[1] not in ("{", "") and self.word() != "WHERE":
            kind, text = self.peek()
            if text == "*":
                projected = None
                self.take()
            elif kind == "var":
                if projected is not None:
                    projected.add(text[1:])
                self.take()
            elif text == "(":
                self.expression(scope, projected)
            else:
                self.take()  # DISTINCT, REDUCED
        if self.word() == "WHERE":
            self.take()
        first = len(self.reads.edges)
        self.group(scope)  # a sub-SELECT is joined: its patterns match with its group's
        self.modifiers(scope)
        if not top and projected is not None:
            self._localise(first, projected, next(self.fresh))

    def _localise(self, first: int, projected: set[str], number: int) -> None:
        """Variables of a sub-SELECT that it does not select are its own."""

        def own(node: Node) -> Node:
            if isinstance(node, Var) and node.name not in projected:
                return Var(f"{node.name}@{number}")
            return node

        edges = self.reads.edges
        for index in range(first, len(edges)):
            edge = edges[index]
            edges[index] = Edge(own(edge.start), own(edge.end), edge.steps, edge.scope,
                                edge.closure, edge.optional)  # fmt: skip

    def modifiers(self, scope: int) -> None:
        while True:
            word = self.word()
            if word in ("GROUP", "ORDER"):
                self.take()
                self.expect_word("BY")
                while self.peek()[0] == "var" or self.peek()[1] == "(" or self.word() in (
                    "ASC", "DESC",
                ):  # fmt: skip
                    if self.peek()[1] == "(" or self.word() in ("ASC", "DESC"):
                        if self.peek()[1] != "(":
                            self.take()
                        self.expression(scope, None)
                    else:
                        self.take()
            elif word == "HAVING":
                self.take()
                self.expression(scope, None)
            elif word in ("LIMIT", "OFFSET"):
                self.take()
                self.take()
            elif word == "VALUES":
                self.values()
            else:
                return

    def expect_word(self, word: str) -> None:
        if self.word() != word:
            raise Opaque(f"expected {word}")
        self.take()

    def group(self, scope: int) -> None:
        self.expect("{")
        if self.word() == "SELECT":
            self.select(scope)
            self.expect("}")
            return
        while self.peek()[1] != "}":
            kind, text = self.peek()
            word = self.word()
            if not kind:
                raise Opaque("unclosed group")
            if text == "{":
                self.branches(scope)
            elif word in ("OPTIONAL", "MINUS"):
                self.take()
                self.group(self.child(scope))
            elif word == "FILTER":
                self.take()
                self.constraint(scope)
            elif word == "BIND":
                self.take()
                self.bind(scope)
            elif word == "VALUES":
                self.values()
            elif word in ("GRAPH", "SERVICE") or text == "(":
                raise Opaque(f"{text} is not read")
            elif text == ".":
                self.take()
            else:
                self.triples(scope)
        self.take()

    def branches(self, scope: int) -> None:
        """A group, or groups joined by UNION (each branch a scope of its own)."""
        union = self._union_follows()
        self.group(self.child(scope) if union else scope)
        while self.word() == "UNION":
            self.take()
            self.group(self.child(scope))

    def _union_follows(self) -> bool:
        depth = 0
        for index in range(self.at, len(self.tokens)):
            text = self.tokens[index][1]
            depth += {"{": 1, "}": -1}.get(text, 0)
            if depth == 0:
                following = self.tokens[index + 1] if index + 1 < len(self.tokens) else ("", "")
                return following[0] == "word" and following[1].upper() == "UNION"
        return False

    def child(self, scope: int) -> int:
        inner = next(self.scopes)
        self.reads.parents[inner] = scope
        return inner

    def bind(self, scope: int) -> None:
        """BIND of an expression, or of a variable to another name (matched as the same term)."""
        kinds = [self.peek(ahead) for ahead in range(5)]
        if (
            [text for _, text in kinds[:1] + kinds[4:]] == ["(", ")"]
            and kinds[1][0] == kinds[3][0] == "var"
            and kinds[2][1].upper() == "AS"
        ):
            self.at += 5
            self.reads.edges.append(Edge(Var(kinds[1][1][1:]), Var(kinds[3][1][1:]), (), scope,
                                         optional=True))  # fmt: skip
            return
        self.expression(scope, None)

    def values(self) -> None:
        self.take()
        if self.peek()[1] == "(":
            while self.take()[1] != ")":
                pass
        else:
            self.take()
        self.expect("{")
        while self.take()[1] != "}":
            pass

    def constraint(self, scope: int) -> None:
        if self.word() in ("NOT", "EXISTS"):
            self.exists(scope)
        elif self.peek()[1] == "(":
            self.expression(scope, None)
        else:  # a function call: name and arguments
            self.take()
            self.expression(scope, None)

    def exists(self, scope: int) -> None:
        if self.word() == "NOT":
            self.take()
        self.expect_word("EXISTS")
        self.group(self.child(scope))

    def expression(self, scope: int, projected: set[str] | None) -> None:
        """A bracketed expression: its EXISTS groups are read, its AS variables noted."""
        self.expect("(")
        depth = 1
        while depth:
            kind, text = self.peek()
            if not kind:
                raise Opaque("unclosed expression")
            if self.word() in ("NOT", "EXISTS") and (
                self.word() == "EXISTS" or self.word(1) == "EXISTS"
            ):
                self.exists(scope)
                continue
            self.take()
            if text == "(":
                depth += 1
            elif text == ")":
                depth -= 1
            elif kind == "word" and text.upper() == "AS" and self.peek()[0] == "var":
                name = self.take()[1][1:]
                self.assigned.add(name)
                if projected is not None:
                    projected.add(name)

    # triples --------------------------------------------------------------------------

    def triples(self, scope: int) -> None:
        subject = self.node(scope)
        if (
            self.peek()[1] in (".", "}")
            and isinstance(subject, Var)
            and subject.name.startswith("_[")
        ):
            return  # [ ... ] . on its own
        self.properties(subject, scope)

    def properties(self, subject: Node, scope: int) -> None:
        while True:
            kind, text = self.peek()
            if kind == "var":  # a variable predicate: any predicate
                self.take()
                self.verbs.add(text[1:])
                path = _Path("step", step=Step(None))
            else:
                path = self.path()
            while True:
                self.add(subject, self.node(scope), path, scope)
                if self.peek()[1] != ",":
                    break
                self.take()
            if self.peek()[1] != ";":
                return
            while self.peek()[1] == ";":
                self.take()
            if self.peek()[1] in (".", "}", "]"):
                return

    def node(self, scope: int) -> Node:
        kind, text = self.take()
        if kind == "var":
            return Var(text[1:])
        if kind == "bnode":
            return Var(f"_{text[2:]}@{scope}")
        if kind in ("iri", "pname"):
            return ox.NamedNode(self.iri(kind, text))
        if kind == "string":
            return self.literal(text)
        if kind == "number":
            datatype = (
                "integer" if text.isdigit() else "decimal" if "e" not in text.lower() else "double"
            )
            return ox.Literal(text, datatype=ox.NamedNode(XSD + datatype))
        if kind == "word" and text in ("true", "false"):
            return ox.Literal(text, datatype=ox.NamedNode(XSD + "boolean"))
        if text == "[":
            fresh = Var(f"_[{next(self.fresh)}")
            if self.peek()[1] != "]":
                self.properties(fresh, scope)
            self.expect("]")
            return fresh
        raise Opaque(f"{text!r} is not read as a term")

    def iri(self, kind: str, text: str) -> str:
        if kind == "iri":
            return text[1:-1]
        prefix, _, local = text.partition(":")
        if prefix not in self.prefixes:
            raise Opaque(f"unknown prefix {prefix}:")
        return self.prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)

    def literal(self, text: str) -> ox.Literal:
        quote = 3 if text[:3] in ('"""', "'''") else 1
        value = re.sub(r"\\(.)", lambda m: _ESCAPES.get(m[1], m[0]), text[quote:-quote])
        if "\\u" in text or "\\U" in text:
            raise Opaque("unicode escapes in literals are not read")
        kind, tag = self.peek()
        if kind == "lang":
            self.take()
            return ox.Literal(value, language=tag[1:])
        if tag == "^^":
            self.take()
            kind, name = self.take()
            return ox.Literal(value, datatype=ox.NamedNode(self.iri(kind, name)))
        return ox.Literal(value)

    # paths ----------------------------------------------------------------------------

    def path(self) -> _Path:
        return self._series("|", self.sequence, "alt")

    def sequence(self) -> _Path:
        return self._series("/", self.inverse, "seq")

    def _series(self, separator: str, part: Callable[[], _Path], kind: str) -> _Path:
        """Parts read by ``part`` between ``separator`` signs; one part is itself."""
        parts = [part()]
        while self.peek()[1] == separator:
            self.take()
            parts.append(part())
        return parts[0] if len(parts) == 1 else _Path(kind, tuple(parts))

    def inverse(self) -> _Path:
        if self.peek()[1] == "^":
            self.take()
            return _Path("inv", (self.element(),))
        return self.element()

    def element(self) -> _Path:
        kind, text = self.take()
        if kind in ("iri", "pname"):
            primary = _Path("step", step=Step(ox.NamedNode(self.iri(kind, text))))
        elif kind == "word" and text == "a":
            primary = _Path("step", step=Step(ox.NamedNode(RDF_TYPE)))
        elif text == "(":
            primary = self.path()
            self.expect(")")
        elif text == "!":  # a negated property set: any predicate, either way
            self._skip_negated()
            primary = _Path("alt", (_Path("step", step=Step(None)),
                                    _Path("step", step=Step(None, inverse=True))))  # fmt: skip
        else:
            raise Opaque(f"{text!r} is not read as a path")
        if self.peek()[1] in ("*", "+", "?") and self.peek()[0] == "punct":
            return _Path("mod", (primary,), modifier=self.take()[1])
        return primary

    def _skip_negated(self) -> None:
        if self.peek()[1] == "(":
            while self.take()[1] != ")":
                pass
        else:
            if self.peek()[1] == "^":
                self.take()
            self.take()

    def add(self, start: Node, end: Node, path: _Path, scope: int) -> None:
        edges = self.reads.edges
        if path.kind == "step":
            assert path.step is not None
            edges.append(Edge(start, end, (path.step,), scope))
        elif path.kind == "inv":
            self.add(end, start, path.parts[0], scope)
        elif path.kind == "alt":  # one edge: a walk through it must follow every branch
            edges.append(Edge(start, end, _single_steps(path), scope))
        elif path.kind == "seq":
            nodes = [start, *(Var(f"_/{next(self.fresh)}") for _ in path.parts[1:]), end]
            for part, (a, b) in zip(path.parts, itertools.pairwise(nodes), strict=True):
                self.add(a, b, part, scope)
        else:  # a modifier over a path of single steps
            steps = _single_steps(path.parts[0])
            many = path.modifier in ("*", "+")
            edges.append(Edge(start, end, steps, scope, closure=many,
                              optional=path.modifier in ("*", "?")))  # fmt: skip


def _single_steps(path: _Path, inverse: bool = False) -> tuple[Step, ...]:
    """The steps of a path of alternatives and inverses of single predicates."""
    if path.kind == "step":
        assert path.step is not None
        return (Step(path.step.predicate, path.step.inverse != inverse),)
    if path.kind == "inv":
        return _single_steps(path.parts[0], not inverse)
    if path.kind == "alt":
        return tuple(step for part in path.parts for step in _single_steps(part, inverse))
    raise Opaque("a repeated path or an alternative of more than single steps is not read")
