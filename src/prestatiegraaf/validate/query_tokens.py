"""Stage 4, validate: the tokens and terms of a SPARQL query, for the pattern reader.

:func:`tokenize` splits a query into tokens, refusing any text it does not know;
:class:`QueryCursor` steps through them and reads IRIs (with the prefixes declared so far) and
literals. :mod:`.patterns` reads the query's structure on top of it.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from prestatiegraaf.validate.pattern_graph import Opaque

Token = tuple[str, str]
"""A token as (kind, text); the kind is a group name of the token pattern, "" past the end."""

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


def tokenize(query: str) -> list[Token]:
    """The tokens of ``query``, without white space and comments.

    Raises:
        Opaque: the query holds text that is no token.
    """
    tokens: list[Token] = []
    at = 0
    for match in _TOKEN.finditer(query):
        if match.start() != at:
            raise Opaque(f"the query holds text the reader does not know: {query[at : at + 20]!r}")
        at = match.end()
        if match.lastgroup != "space":
            tokens.append((match.lastgroup or "", match[0]))
    if at != len(query):
        raise Opaque(f"the query holds text the reader does not know: {query[at : at + 20]!r}")
    return tokens


class QueryCursor:
    """The tokens of a query, the place reached in them, and the prefixes declared so far."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.at = 0
        self.prefixes: dict[str, str] = {}

    def peek(self, ahead: int = 0) -> Token:
        """The token ``ahead`` places on, ``("", "")`` past the end."""
        index = self.at + ahead
        return self.tokens[index] if index < len(self.tokens) else ("", "")

    def take(self) -> Token:
        """Step past the next token and return it.

        Raises:
            Opaque: the query has ended.
        """
        token = self.peek()
        if not token[0]:
            raise Opaque("the query ends too early")
        self.at += 1
        return token

    def peek_word(self, ahead: int = 0) -> str:
        """The token ``ahead`` places on in capitals if it is a word, else ""."""
        kind, text = self.peek(ahead)
        return text.upper() if kind == "word" else ""

    def expect(self, text: str) -> None:
        """Step past the next token, which must be ``text``.

        Raises:
            Opaque: the next token is another.
        """
        if self.take()[1] != text:
            raise Opaque(f"expected {text!r}")

    def expect_word(self, word: str) -> None:
        """Step past the next token, which must be the keyword ``word`` (in capitals).

        Raises:
            Opaque: the next token is another.
        """
        if self.peek_word() != word:
            raise Opaque(f"expected {word}")
        self.take()

    def read_iri(self, kind: str, text: str) -> str:
        """The IRI of an ``iri`` or ``pname`` token.

        Raises:
            Opaque: the prefix of a prefixed name is not declared.
        """
        if kind == "iri":
            return text[1:-1]
        prefix, _, local = text.partition(":")
        if prefix not in self.prefixes:
            raise Opaque(f"unknown prefix {prefix}:")
        return self.prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)

    def read_literal(self, text: str) -> ox.Literal:
        """The literal of the ``string`` token ``text``, with the tag or datatype after it.

        Raises:
            Opaque: the literal holds a unicode escape.
        """
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
            return ox.Literal(value, datatype=ox.NamedNode(self.read_iri(kind, name)))
        return ox.Literal(value)


_REMOTE_WORDS = {"SERVICE", "LOAD"}
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def remote_access(query: str) -> tuple[str, int] | None:
    """The first ``SERVICE`` (or ``LOAD``) in ``query`` with what follows it, and its line.

    These are the SPARQL operations with which pyoxigraph sends an HTTP request (``FROM``
    only names a graph of the store). Strings, IRIs, comments, prefixed names and variables
    are skipped; text no token matches is passed over, so that an unknown piece of text can
    only make a keyword found, never hide one. Code point escapes are read first, as
    SPARQL reads them before the query. None when the query has neither.
    """
    text = _CODEPOINT.sub(lambda m: chr(int(m[1] or m[2], 16)), query)
    tokens = [match for match in _TOKEN.finditer(text) if match.lastgroup != "space"]
    for index, match in enumerate(tokens):
        if match.lastgroup == "word" and match[0].upper() in _REMOTE_WORDS:
            words = [match[0].upper()]
            following = [token[0] for token in tokens[index + 1 : index + 3]]
            if following and following[0].upper() == "SILENT":
                words.append("SILENT")
                following = following[1:]
            words.extend(following[:1])
            return " ".join(words), text.count("\n", 0, match.start()) + 1
    return None
