"""Stage 4, validate: what a SELECT query reads, as a graph of its triple patterns.

A validation query finds the results of each focus node ``?this`` by matching triple
patterns; a changed triple can only change the results of the focus nodes that a match
through that triple reaches. :func:`read_patterns` turns a query into the edges between its
variables (property paths broken into steps, ``p*`` and ``p+`` kept as closures), each in the
*scope* it must match in: the query itself, a UNION branch, an OPTIONAL, MINUS or EXISTS
group. A match of a scope's edges instantiates every edge of that scope and of the scopes
around it, which is what :mod:`.incremental` walks along (:mod:`.pattern_graph` holds the
edges and scopes, :mod:`.query_tokens` the tokens and terms, :mod:`.query_paths` the paths).

The reader is deliberately strict: anything it does not understand (a GRAPH or SERVICE
block, a collection, a variable bound by BIND and then matched) raises :class:`Opaque`, and the
query is then always evaluated over the whole graph.
"""

from __future__ import annotations

import itertools

import pyoxigraph as ox

from prestatiegraaf.validate.pattern_graph import Edge, Node, Opaque, Reads, Step, Var
from prestatiegraaf.validate.query_paths import PathExpression, add_path_edges, read_property_path
from prestatiegraaf.validate.query_tokens import QueryCursor, Token, tokenize

# The pattern graph lives in .pattern_graph; its names are still imported from here.
__all__ = ["Edge", "Node", "Opaque", "Reads", "Step", "Var", "read_patterns"]

XSD = "http://www.w3.org/2001/XMLSchema#"


def read_patterns(query: str) -> Reads:
    """The triple patterns of the SELECT query ``query`` (see the module documentation).

    Raises:
        Opaque: the query uses a form the reader does not work out.
    """
    return _Reader(tokenize(query)).read_query()


class _Reader(QueryCursor):
    """Reads the scopes and edges of a query from its tokens (see :func:`read_patterns`)."""

    def __init__(self, tokens: list[Token]) -> None:
        super().__init__(tokens)
        self.reads = Reads()
        self.scopes = itertools.count(1)
        self.fresh = itertools.count()
        self.assigned: set[str] = set()
        self.verbs: set[str] = set()  # variables in predicate position

    # query structure ------------------------------------------------------------------

    def read_query(self) -> Reads:
        """The PREFIX lines, then the SELECT query; refuse variables matched and assigned."""
        while self.peek_word() in ("PREFIX", "BASE"):
            if self.take()[1].upper() == "BASE":
                raise Opaque("BASE is not read")
            name, iri = self.take(), self.take()
            if name[0] != "pname" or not name[1].endswith(":") or iri[0] != "iri":
                raise Opaque("malformed PREFIX")
            self.prefixes[name[1][:-1]] = iri[1][1:-1]
        self.read_select(0, top=True)
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

    def read_select(self, scope: int, top: bool = False) -> None:
        """A SELECT: its projection, its WHERE group and its modifiers."""
        if self.peek_word() != "SELECT":
            raise Opaque("only SELECT queries are read")
        self.take()
        projected: set[str] | None = set()
        while self.peek()[1] not in ("{", "") and self.peek_word() != "WHERE":
            kind, text = self.peek()
            if text == "*":
                projected = None
                self.take()
            elif kind == "var":
                if projected is not None:
                    projected.add(text[1:])
                self.take()
            elif text == "(":
                self.read_expression(scope, projected)
            else:
                self.take()  # DISTINCT, REDUCED
        if self.peek_word() == "WHERE":
            self.take()
        first = len(self.reads.edges)
        self.read_group(scope)  # a sub-SELECT is joined: its patterns match with its group's
        self.read_modifiers(scope)
        if not top and projected is not None:
            self._localise(first, projected, next(self.fresh))

    def _localise(self, first: int, projected: set[str], number: int) -> None:
        """Variables of a sub-SELECT that it does not select are its own."""

        def own(node: Node) -> Node:
            """``node``, renamed if it is a variable the sub-SELECT keeps to itself."""
            if isinstance(node, Var) and node.name not in projected:
                return Var(f"{node.name}@{number}")
            return node

        edges = self.reads.edges
        for index in range(first, len(edges)):
            edge = edges[index]
            edges[index] = Edge(own(edge.start), own(edge.end), edge.steps, edge.scope,
                                edge.closure, edge.optional)  # fmt: skip

    def read_modifiers(self, scope: int) -> None:
        """GROUP BY, ORDER BY, HAVING, LIMIT, OFFSET and VALUES after a WHERE group."""
        while True:
            word = self.peek_word()
            if word in ("GROUP", "ORDER"):
                self.take()
                self.expect_word("BY")
                while self.peek()[0] == "var" or self.peek()[1] == "(" or self.peek_word() in (
                    "ASC", "DESC",
                ):  # fmt: skip
                    if self.peek()[1] == "(" or self.peek_word() in ("ASC", "DESC"):
                        if self.peek()[1] != "(":
                            self.take()
                        self.read_expression(scope, None)
                    else:
                        self.take()
            elif word == "HAVING":
                self.take()
                self.read_expression(scope, None)
            elif word in ("LIMIT", "OFFSET"):
                self.take()
                self.take()
            elif word == "VALUES":
                self.skip_values()
            else:
                return

    def read_group(self, scope: int) -> None:
        """A group pattern in ``scope``: a sub-SELECT, or triples, filters and inner groups."""
        self.expect("{")
        if self.peek_word() == "SELECT":
            self.read_select(scope)
            self.expect("}")
            return
        while self.peek()[1] != "}":
            kind, text = self.peek()
            word = self.peek_word()
            if not kind:
                raise Opaque("unclosed group")
            if text == "{":
                self.read_branches(scope)
            elif word in ("OPTIONAL", "MINUS"):
                self.take()
                self.read_group(self.open_scope(scope))
            elif word == "FILTER":
                self.take()
                self.read_filter(scope)
            elif word == "BIND":
                self.take()
                self.read_bind(scope)
            elif word == "VALUES":
                self.skip_values()
            elif word in ("GRAPH", "SERVICE") or text == "(":
                raise Opaque(f"{text} is not read")
            elif text == ".":
                self.take()
            else:
                self.read_triples(scope)
        self.take()

    def read_branches(self, scope: int) -> None:
        """A group, or groups joined by UNION (each branch a scope of its own)."""
        union = self._union_follows()
        self.read_group(self.open_scope(scope) if union else scope)
        while self.peek_word() == "UNION":
            self.take()
            self.read_group(self.open_scope(scope))

    def _union_follows(self) -> bool:
        """Whether the group that opens here is followed by UNION."""
        depth = 0
        for index in range(self.at, len(self.tokens)):
            text = self.tokens[index][1]
            depth += {"{": 1, "}": -1}.get(text, 0)
            if depth == 0:
                following = self.tokens[index + 1] if index + 1 < len(self.tokens) else ("", "")
                return following[0] == "word" and following[1].upper() == "UNION"
        return False

    def open_scope(self, scope: int) -> int:
        """A new scope inside ``scope``."""
        inner = next(self.scopes)
        self.reads.parents[inner] = scope
        return inner

    def read_bind(self, scope: int) -> None:
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
        self.read_expression(scope, None)

    def skip_values(self) -> None:
        """Step past a VALUES block (it binds, it reads nothing)."""
        self.take()
        if self.peek()[1] == "(":
            while self.take()[1] != ")":
                pass
        else:
            self.take()
        self.expect("{")
        while self.take()[1] != "}":
            pass

    def read_filter(self, scope: int) -> None:
        """The constraint of a FILTER: EXISTS, a bracketed expression or a function call."""
        if self.peek_word() in ("NOT", "EXISTS"):
            self.read_exists(scope)
        elif self.peek()[1] == "(":
            self.read_expression(scope, None)
        else:  # a function call: name and arguments
            self.take()
            self.read_expression(scope, None)

    def read_exists(self, scope: int) -> None:
        """EXISTS or NOT EXISTS and its group, a scope of its own."""
        if self.peek_word() == "NOT":
            self.take()
        self.expect_word("EXISTS")
        self.read_group(self.open_scope(scope))

    def read_expression(self, scope: int, projected: set[str] | None) -> None:
        """A bracketed expression: its EXISTS groups are read, its AS variables noted."""
        self.expect("(")
        depth = 1
        while depth:
            kind, text = self.peek()
            if not kind:
                raise Opaque("unclosed expression")
            if self.peek_word() in ("NOT", "EXISTS") and (
                self.peek_word() == "EXISTS" or self.peek_word(1) == "EXISTS"
            ):
                self.read_exists(scope)
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

    def read_triples(self, scope: int) -> None:
        """A subject and its properties."""
        subject = self.read_node(scope)
        if (
            self.peek()[1] in (".", "}")
            and isinstance(subject, Var)
            and subject.name.startswith("_[")
        ):
            return  # [ ... ] . on its own
        self.read_properties(subject, scope)

    def read_properties(self, subject: Node, scope: int) -> None:
        """The predicate-object lists of ``subject``, as edges in ``scope``."""
        while True:
            kind, text = self.peek()
            if kind == "var":  # a variable predicate: any predicate
                self.take()
                self.verbs.add(text[1:])
                path = PathExpression("step", step=Step(None))
            else:
                path = read_property_path(self)
            while True:
                end = self.read_node(scope)
                add_path_edges(self.reads.edges, subject, end, path, scope, self.fresh)
                if self.peek()[1] != ",":
                    break
                self.take()
            if self.peek()[1] != ";":
                return
            while self.peek()[1] == ";":
                self.take()
            if self.peek()[1] in (".", "}", "]"):
                return

    def read_node(self, scope: int) -> Node:
        """A subject or object: a variable, a term, or a ``[ ... ]`` blank node."""
        kind, text = self.take()
        if kind == "var":
            return Var(text[1:])
        if kind == "bnode":
            return Var(f"_{text[2:]}@{scope}")
        if kind in ("iri", "pname"):
            return ox.NamedNode(self.read_iri(kind, text))
        if kind == "string":
            return self.read_literal(text)
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
                self.read_properties(fresh, scope)
            self.expect("]")
            return fresh
        raise Opaque(f"{text!r} is not read as a term")
