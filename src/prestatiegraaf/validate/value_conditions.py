"""Stage 4, validate: the SPARQL test a single value node must pass, per value-wise component.

sh:datatype, sh:nodeKind, sh:pattern, sh:minLength, sh:maxLength, the four range components,
sh:in and sh:languageIn each check one value node on its own, so each becomes one SPARQL
expression; :mod:`.compiler` reports the value nodes for which it is not true.
"""

from __future__ import annotations

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
INTEGER_RANGES: dict[str, tuple[int | None, int | None]] = {
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "negativeInteger": (None, -1),
    "nonPositiveInteger": (None, 0),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-128, 127),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 255),
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
    if local in INTEGER_RANGES:
        low, high = INTEGER_RANGES[local]
        number = f"<{XSD}integer>(STR({v}))"
        checks = [f"isLiteral({number})"]
        checks += [f"{number} >= {low}"] if low is not None else []
        checks += [f"{number} <= {high}"] if high is not None else []
        return " && ".join([test, *checks])
    return test
