"""Stage 4, validate: the SPARQL test a single value node must pass, per value-wise component.

sh:datatype, sh:nodeKind, sh:pattern, sh:minLength, sh:maxLength, the four range components,
sh:in and sh:languageIn each check one value node on its own, so each becomes one SPARQL
expression; :mod:`.compiler` reports the value nodes for which it is not true.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from prestatiegraaf.validate.shape_model import RDFS, SH, XSD, Constraint, Term

NODE_KIND_TESTS = {
    "IRI": "isIRI({v})",
    "BlankNode": "isBlank({v})",
    "Literal": "isLiteral({v})",
    "BlankNodeOrIRI": "!isLiteral({v})",
    "BlankNodeOrLiteral": "!isIRI({v})",
    "IRIOrLiteral": "!isBlank({v})",
}
CASTABLE = frozenset(  # XSD types pyoxigraph casts to, so that ill-formed literals are found
    "integer decimal float double boolean dateTime date time gYear gYearMonth gMonthDay gDay "
    "gMonth duration dayTimeDuration yearMonthDuration".split()
)
STORED_AS_OTHER = {  # datatypes whose well-formed literals pyoxigraph's store keeps as another
    **{
        XSD + name: "xsd:integer"
        for name in (
            "nonNegativeInteger positiveInteger negativeInteger nonPositiveInteger long int short "
            "byte unsignedLong unsignedInt unsignedShort unsignedByte"
        ).split()
    },
    XSD + "dateTimeStamp": "xsd:dateTime",
}
LEXICAL_FORMS = {  # XSD types pyoxigraph does not cast to: the regular expression of their forms
    "language": r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$",
    "hexBinary": r"^([0-9a-fA-F]{2})*$",
    "base64Binary": r"^((([A-Za-z0-9+/] ?){4})*(([A-Za-z0-9+/] ?){3}[A-Za-z0-9+/]"
    r"|([A-Za-z0-9+/] ?){2}[AEIMQUYcgkosw048] ?=|[A-Za-z0-9+/] ?[AQgw] ?= ?=))?$",
    "normalizedString": r"^[^\r\n\t]*$",
    "token": r"^([^ \t\n\r]+( [^ \t\n\r]+)*)?$",
}
COMPARISONS = {
    "minInclusive": ">=",
    "maxInclusive": "<=",
    "minExclusive": ">",
    "maxExclusive": "<",
    "lessThan": "<",
    "lessThanOrEquals": "<=",
}


def to_plain(term: object) -> str:
    """The IRI of a named node, the lexical form of a literal, any other term as a string."""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def to_sparql_terms(terms: tuple[Term, ...]) -> list[str]:
    """Terms in SPARQL syntax; blank nodes of the shapes graph are left out (they match nothing)."""
    return [str(term) for term in terms if not isinstance(term, ox.BlankNode)]


def write_condition(c: Constraint, v: str) -> str | None:
    """The SPARQL expression a value node ``v`` must satisfy, for value-wise components.

    Returns None for a component that is not value-wise.
    """
    name, arg = c.parameter, c.values[0] if c.values else None
    if name == "datatype":
        return _write_datatype_test(to_plain(arg), v)
    if name == "nodeKind":
        return NODE_KIND_TESTS[to_plain(arg).removeprefix(SH)].format(v=v)
    if name == "pattern":
        regex = f"REGEX(STR({v}), {ox.Literal(to_plain(arg))}, {ox.Literal(c.flags)})"
        return f"!isBlank({v}) && {regex}"
    if name in ("minLength", "maxLength"):
        op = ">=" if name == "minLength" else "<="
        return f"!isBlank({v}) && STRLEN(STR({v})) {op} {to_plain(arg)}"
    if name in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
        return f"{v} {COMPARISONS[name]} {arg}"
    if name == "in":
        return " || ".join(f"sameTerm({v}, {t})" for t in to_sparql_terms(c.values)) or "false"
    if name == "languageIn":
        tests = [f"langMatches(lang({v}), {ox.Literal(to_plain(t))})" for t in c.values]
        return " || ".join(tests) or "false"
    return None


def _write_datatype_test(datatype: str, v: str) -> str:
    """The test that ``v`` is a well-formed literal of ``datatype``."""
    if datatype == f"{RDFS}Literal":
        return f"isLiteral({v})"
    if datatype == "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString":
        return f'isLiteral({v}) && lang({v}) != ""'
    test = f"isLiteral({v}) && sameTerm(datatype({v}), <{datatype}>)"
    local = datatype.removeprefix(XSD)
    if local in CASTABLE:
        return f"{test} && isLiteral(<{datatype}>({v}))"
    if local in LEXICAL_FORMS and datatype.startswith(XSD):
        return f"{test} && REGEX(STR({v}), {ox.Literal(LEXICAL_FORMS[local])})"
    return test


def default_message(c: Constraint) -> tuple[tuple[str, str], ...]:
    """The message of a constraint whose shape has none: the parameter and its values."""
    shown = ", ".join(to_plain(v) for v in c.values)
    return (("en", f"Value does not satisfy sh:{c.parameter} {shown}".rstrip()),)


def given_forms(literals: Iterable[Term]) -> dict[str, str]:
    """The literals among ``literals`` that pyoxigraph's store writes in another form.

    The store keeps a literal in a canonical form (``4.0`` is ``"4"^^xsd:decimal``); a
    focus node given as such a literal (``sh:targetNode 4.0``) is reported as it was given.
    Maps the stored form to the given one, both in N-Triples.
    """
    given = [term for term in literals if isinstance(term, ox.Literal)]
    if not given:
        return {}
    store = ox.Store()
    subject = ox.NamedNode("urn:x-prestatiegraaf:literal")
    found: dict[str, str] = {}
    for number, literal in enumerate(given):
        predicate = ox.NamedNode(f"urn:x-prestatiegraaf:literal:{number}")
        store.add(ox.Quad(subject, predicate, literal))
        (stored,) = store.quads_for_pattern(subject, predicate, None)
        if str(stored.object) != str(literal):
            found.setdefault(str(stored.object), str(literal))
    return found
