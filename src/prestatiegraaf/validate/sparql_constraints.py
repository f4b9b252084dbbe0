"""Stage 4, validate: SPARQL-based constraints (sh:sparql) rewritten to run for all focus nodes.

The sh:select query of a constraint is written for one pre-bound ``$this``. It is rewritten to
find the violations of every focus node at once: ``$this``, ``$PATH`` and ``$currentShape`` are
substituted, and the pattern that binds the focus nodes opens the WHERE group of the query and
of every sub-SELECT that uses ``$this``. Each flat ``FILTER NOT EXISTS`` becomes an OPTIONAL
with a marker, which pyoxigraph evaluates far faster. Inside another query (a shape used by
sh:node, sh:not, ...) the rewritten query becomes a sub-SELECT with its prefixes expanded.
"""

from __future__ import annotations

import itertools
import re

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.validate.shape_model import FULL_SHACL, Shape, SparqlConstraint

_TOKENS = re.compile(
    r'(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*)'
    r"|(?P<var>[?$][A-Za-z0-9_]+)|(?P<select>\b[Ss][Ee][Ll][Ee][Cc][Tt]\b)|(?P<open>\{)|(?P<close>\})"
)
_NOT_EXISTS = re.compile(r"\bFILTER\s+NOT\s+EXISTS\s*$", re.IGNORECASE)
_STAR = re.compile(r"\s*((DISTINCT|REDUCED)\s+)?\*", re.IGNORECASE)
_FORBIDDEN = re.compile(r"(?<![\w:])(MINUS|VALUES)(?![\w:-])", re.IGNORECASE)
_BINDS_THIS = re.compile(r"\bAS\s+[?$]this\b", re.IGNORECASE)
_PREFIX = re.compile(r"\s*(?:#[^\n]*\s*)*PREFIX\s+([^\s:]*):\s*<([^>]*)>", re.IGNORECASE)


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
    body = c.select
    while match := _PREFIX.match(body):
        prefixes[match[1]] = match[2]
        body = body[match.end() :]
    try:
        body = _rewrite(body, shape, this, focus)
    except ValueError as error:
        raise OntologyError(
            f"shape {shape.id}: SPARQL constraint {c.node}: {error}; {FULL_SHACL}",
            path=shape.source or None,
        ) from error
    if top:
        return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items()) + body
    expanded = _expand_prefixes(body, prefixes)
    return f"{{ SELECT DISTINCT {this} WHERE {{ {{ {expanded} }} }} }}"


def _rewrite(body: str, shape: Shape, this: str, focus: str) -> str:
    """Substitute $this, $PATH and $currentShape, and bind $this by ``focus``.

    The focus pattern opens the WHERE group of the query and of every sub-SELECT that uses
    $this, which must then select $this too, so that joining on it equals pre-binding.

    Raises:
        ValueError: the query uses $shapesGraph, $PATH on a node shape, or $this in a
            sub-SELECT that does not select it; or it is not a SELECT query with a WHERE group.

    """
    tokens: list[list[str]] = []
    at = 0
    for match in _TOKENS.finditer(body):
        tokens.append(["text", body[at : match.start()]])
        kind = match.lastgroup or "skip"
        tokens.append([kind, _substitute(match[0], shape, this) if kind == "var" else match[0]])
        at = match.end()
    tokens.append(["text", body[at:]])
    for kind, text in tokens:
        if kind == "text" and (found := _FORBIDDEN.search(text)):
            raise ValueError(f"{found[1].upper()} is not allowed with a pre-bound $this")
    if _BINDS_THIS.search(body):
        raise ValueError("AS $this is not allowed with a pre-bound $this")
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


def _substitute(token: str, shape: Shape, this: str) -> str:
    """The variable ``token`` with $this, $PATH or $currentShape substituted."""
    name = token[1:]
    if name == "this":
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
        raise ValueError("$shapesGraph is not supported")
    return token


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
