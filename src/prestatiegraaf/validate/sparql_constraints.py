"""Stage 4, validate: SPARQL-based constraints and validators rewritten to run for all focus nodes.

The sh:select query of a constraint (or of a component's validator) is written for one
pre-bound ``$this``. It is rewritten to find the violations of every focus node at once:
``$PATH``, ``$currentShape``, ``$shapesGraph`` (the named graph :data:`SHAPES_GRAPH`) and the
component's parameters are substituted by their values, ``$this`` by a variable, and the
pattern that binds the focus nodes opens the WHERE group of the query and of every sub-SELECT
that uses ``$this``. An ASK validator, true for a value node that conforms, becomes a SELECT of
the value nodes for which its pattern does NOT EXIST. Each flat ``FILTER NOT EXISTS`` becomes
an OPTIONAL with a marker, which pyoxigraph evaluates far faster. Inside another query (a shape
used by sh:node, sh:not, ...) the rewritten query becomes a sub-SELECT with its prefixes
expanded.
"""

from __future__ import annotations

import itertools
import re

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.validate.shape_model import (
    FULL_SHACL,
    SHAPES_GRAPH,
    SPARQL_COMPONENT,
    Shape,
    SparqlConstraint,
)

_TOKENS = re.compile(
    r'(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*)'
    r"|(?P<var>[?$][A-Za-z0-9_]+)|(?P<select>\b[Ss][Ee][Ll][Ee][Cc][Tt]\b)|(?P<open>\{)|(?P<close>\})"
)
_NOT_EXISTS = re.compile(r"\bFILTER\s+NOT\s+EXISTS\s*$", re.IGNORECASE)
_STAR = re.compile(r"\s*((DISTINCT|REDUCED)\s+)?\*", re.IGNORECASE)
_FORBIDDEN = re.compile(r"(?<![\w:])(MINUS|VALUES)(?![\w:-])", re.IGNORECASE)
_BINDS = re.compile(r"\bAS\s+[?$]([A-Za-z0-9_]+)", re.IGNORECASE)
_ASK = re.compile(r"\s*ASK\s*(?:WHERE\s*)?(?=\{)", re.IGNORECASE)
_BOUND_CALL = re.compile(r"\bBOUND\s*\(\s*$", re.IGNORECASE)
_BLANK = re.compile(r"(?:\s|#[^\n]*)*")
_PREFIX = re.compile(r"\s*(?:#[^\n]*\s*)*PREFIX\s+([^\s:]*):\s*<([^>]*)>", re.IGNORECASE)


def uses_variable(query: str, name: str) -> bool:
    """Whether ``query`` uses the variable ``?name`` or ``$name`` (outside strings and IRIs)."""
    return any(m.lastgroup == "var" and m[0][1:] == name for m in _TOKENS.finditer(query))


def compile_sparql_constraint(
    shape: Shape, c: SparqlConstraint, this: str, focus: str, top: bool
) -> str:
    """The query of ``c`` with ``this`` bound by the pattern ``focus``, one query for all.

    With ``top`` it is a whole query with its PREFIX lines; otherwise a sub-SELECT of
    ``this`` to embed in another query's WHERE group.

    Raises:
        OntologyError: the query cannot be rewritten (see :func:`_rewrite`).

    """
    prefixes = dict(c.prefixes)
    body = c.query
    while match := _PREFIX.match(body):
        prefixes[match[1]] = match[2]
        body = body[match.end() :]
    try:
        if c.ask:
            body = _select_failing(body, shape)
        body = _rewrite(body, shape, c, this, focus)
    except ValueError as error:
        what = "SPARQL constraint" if c.component == SPARQL_COMPONENT else c.component
        raise OntologyError(
            f"shape {shape.id}: {what} {c.node}: {error}; {FULL_SHACL}",
            path=shape.source or None,
        ) from error
    if top:
        return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items()) + body
    expanded = _expand_prefixes(body, prefixes)
    return f"{{ SELECT DISTINCT {this} WHERE {{ {{ {expanded} }} }} }}"


def _select_failing(body: str, shape: Shape) -> str:
    """The ASK query ``body`` as a SELECT of the value nodes for which it is false.

    Raises:
        ValueError: ``body`` is not ``ASK`` (``WHERE``) and one group pattern.
    """
    match = _ASK.match(body)
    if match is None:
        raise ValueError("an ASK validator needs an ASK query")
    group = body[match.end() :]
    depth = 0
    for token in _TOKENS.finditer(group):
        depth += {"open": 1, "close": -1}.get(token.lastgroup or "", 0)
        if depth == 0:
            if not _BLANK.fullmatch(group, token.end()):
                raise ValueError("only one group pattern may follow ASK")
            break
    value = "" if shape.path is None else "$this $PATH ?value ."
    head = "SELECT $this" if shape.path is None else "SELECT $this ?value"
    return f"{head} WHERE {{ {value} FILTER NOT EXISTS {group.strip()} }}"


def _rewrite(body: str, shape: Shape, c: SparqlConstraint, this: str, focus: str) -> str:
    """Substitute $this, $PATH, $currentShape, $shapesGraph and parameters; bind $this.

    The focus pattern opens the WHERE group of the query and of every sub-SELECT that uses
    $this, which must then select $this too, so that joining on it equals pre-binding.

    Raises:
        ValueError: the query uses $PATH on a node shape, binds a pre-bound variable, or uses
            $this in a sub-SELECT that does not select it; or it is not a SELECT query with
            a WHERE group.

    """
    tokens: list[list[str]] = []
    at = 0
    for match in _TOKENS.finditer(body):
        tokens.append(["text", body[at : match.start()]])
        kind, text = match.lastgroup or "skip", match[0]
        if kind == "var":
            text = _substitute(text, shape, c, this)
            if text[0] not in "?$":  # a value in place of the variable
                kind, text = "term", _place_value(tokens, text, match[0][1:])
        tokens.append([kind, text])
        at = match.end()
    tokens.append(["text", body[at:]])
    for kind, text in tokens:
        if kind == "text" and (found := _FORBIDDEN.search(text)):
            raise ValueError(f"{found[1].upper()} is not allowed with a pre-bound $this")
    pre_bound = {"this", *(["value"] if c.ask else []), *(name for name, _ in c.bindings)}
    for found in _BINDS.finditer(body):
        if found[1] in pre_bound:
            raise ValueError(f"AS ${found[1]} is not allowed with a pre-bound ${found[1]}")
    _bind_in_plain_groups(tokens, this, focus)
    tokens = _write_anti_joins(tokens)
    selects = [i for i, token in enumerate(tokens) if token[0] == "select"]
    if not selects:
        raise ValueError("only SELECT queries are supported")
    for number, start in enumerate(selects):
        where = next((i for i in range(start, len(tokens)) if tokens[i][0] == "open"), None)
        if where is None:
            raise ValueError("the query has no WHERE group")
        tokens[where][1] += f" {focus} "
        projection = "".join(text for _, text in tokens[start + 1 : where])
        if ["var", this] in tokens[start:where] or (not number and re.match(_STAR, projection)):
            continue
        if number:  # SHACL: a sub-SELECT must return the pre-bound variables
            raise ValueError("a sub-SELECT must select $this too, by name")
        head = re.match(r"(?i)\s*(DISTINCT|REDUCED)\b", tokens[start + 1][1])
        cut = head.end() if head else 0
        tokens[start + 1][1] = f"{tokens[start + 1][1][:cut]} {this} {tokens[start + 1][1][cut:]}"
    return "".join(text for _, text in tokens)


def _bind_in_plain_groups(tokens: list[list[str]], this: str, focus: str) -> None:
    """Bind $this by ``focus`` at the start of every plain nested group that uses it.

    A group ``{ ... }`` or a UNION branch is evaluated before it is joined with the rest, so
    a FILTER in it would see $this unbound; binding it there too equals pre-binding.
    """
    for index, (kind, _) in enumerate(tokens):
        if kind != "open" or index < 2:
            continue
        before = tokens[index - 1][1].strip()
        plain = (before == "" and tokens[index - 2][0] in ("open", "close")) or bool(
            re.search(r"\.$|\bUNION$", before, re.IGNORECASE)
        )
        inner = tokens[index + 1 : _find_closing(tokens, index)]
        starts_select = next((k for k, _ in inner if k != "text"), "") == "select"
        if plain and not starts_select and ["var", this] in inner:
            tokens[index][1] += f" {focus} "


def _write_anti_joins(tokens: list[list[str]]) -> list[list[str]]:
    """Each ``FILTER NOT EXISTS { flat pattern }`` as an OPTIONAL at the end of its group.

    The same test, but pyoxigraph joins the pattern once instead of once per solution. Only
    patterns without nested groups are moved, so their filters see the outer solution as before.
    """
    for number in itertools.count():
        found = _find_flat_not_exists(tokens)
        if found is None:
            return tokens
        opening, closing, group_end = found
        marker = f"?_exists{number}"
        head = tokens[opening - 1][1]
        tokens[opening - 1][1] = _NOT_EXISTS.sub("", head)
        moved = [["text", "OPTIONAL {"], *tokens[opening + 1 : closing]]
        moved.append(["text", f" BIND(true AS {marker}) }} FILTER(!BOUND({marker})) "])
        tokens = tokens[:opening] + tokens[closing + 1 : group_end] + moved + tokens[group_end:]
    raise AssertionError("unreachable")


def _find_flat_not_exists(tokens: list[list[str]]) -> tuple[int, int, int] | None:
    """Opening and closing brace of a flat NOT EXISTS pattern, and the end of its group."""
    stack: list[int] = []
    for index, (kind, _) in enumerate(tokens):
        if kind == "open":
            stack.append(index)
        elif kind == "close" and stack:
            opening = stack.pop()
            flat = all(k != "open" for k, _ in tokens[opening + 1 : index])
            if stack and flat and _NOT_EXISTS.search(tokens[opening - 1][1]):
                return opening, index, _find_closing(tokens, stack[-1])
    return None


def _find_closing(tokens: list[list[str]], opening: int) -> int:
    """The index of the brace that closes the one at ``opening`` (the end if none)."""
    depth = 0
    for index in range(opening, len(tokens)):
        depth += {"open": 1, "close": -1}.get(tokens[index][0], 0)
        if depth == 0:
            return index
    return len(tokens)


def _place_value(tokens: list[list[str]], term: str, name: str) -> str:
    """The text that replaces the variable ``?name`` by the value ``term`` after ``tokens``.

    ``BOUND(?name)`` becomes ``COALESCE(true, term)``, which is true; in the projection of a
    SELECT the value is selected as ``(term AS ?name)``.
    """
    last = tokens[-1]
    if last[0] == "text" and (call := _BOUND_CALL.search(last[1])):
        last[1] = last[1][: call.start()] + "COALESCE(true, "
        return term
    kinds = [kind for kind, _ in tokens]
    opening = next((i for i in reversed(range(len(kinds))) if kinds[i] in ("select", "open")), -1)
    if opening >= 0 and kinds[opening] == "select":
        between = "".join(text for kind, text in tokens[opening + 1 :] if kind == "text")
        if between.count("(") == between.count(")"):
            return f"({term} AS ?{name})"
    return term


def _substitute(token: str, shape: Shape, c: SparqlConstraint, this: str) -> str:
    """The variable ``token`` with $this, $PATH, $currentShape, ... substituted."""
    name = token[1:]
    if name == "this" or (name == "value" and c.ask and shape.path is None):
        return this
    if name == "PATH":
        if shape.path is None:
            raise ValueError("$PATH in a SPARQL constraint of a node shape")
        return shape.path.sparql()
    if name == "currentShape":
        if shape.id.startswith("_:"):
            raise ValueError("$currentShape of a blank-node shape")
        return f"<{shape.id}>"
    if name == "shapesGraph":
        return f"<{SHAPES_GRAPH}>"
    return next((str(value) for key, value in c.bindings if key == name), token)


def _expand_prefixes(body: str, prefixes: dict[str, str]) -> str:
    """``body`` with prefixed names written as full IRIs, to embed it in another query."""
    if not prefixes:
        return body
    names = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
    pattern = re.compile(_TOKENS.pattern + rf"|(?<![\w?$])(?P<pfx>{names}):(?P<local>[\w\-]*)")

    def expand(match: re.Match[str]) -> str:
        """A prefixed name as a full IRI; any other token as it is."""
        if match["pfx"] is None:
            return match[0]
        return f"<{prefixes[match['pfx']]}{match['local']}>"

    return pattern.sub(expand, body)
