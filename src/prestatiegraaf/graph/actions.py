"""Stage 3, graph: actions and the targets they state — fact kind ``actions``."""

from __future__ import annotations

from prestatiegraaf.extract.targets import comparison_of, indicator_of
from prestatiegraaf.graph.kinds import Comparison, Context, GraphKind, Way, add_fact
from prestatiegraaf.graph.terms import (
    Triples,
    concept,
    decimal,
    integer,
    pg,
    plain,
    std,
    text,
    year,
)
from prestatiegraaf.model import Action, PrestatieSection
from prestatiegraaf.namespaces import PROVINCE_IRI

UNITS = {"percent": "PERCENT", "count": "NUM", "euro": "CCY_EUR"}  # QUDT unit of each target unit


def map_actions(section: PrestatieSection, ctx: Context, out: Triples) -> None:
    """Each action by its number, each target below its action."""
    for action in section.actions:
        _action(action, ctx, out)


def _action(action: Action, ctx: Context, out: Triples) -> None:
    iri = f"{ctx.description}/actie/{action.number}"
    out.link(ctx.description, pg("actie"), iri)
    add_fact(out, ctx, iri, "Actie", action.span)
    out.add(iri, pg("nummer"), integer(action.number))
    out.add(iri, pg("tekst"), text(action.text))
    for index, target in enumerate(action.targets, start=1):
        goal = f"{iri}/doel/{index}"
        out.link(iri, pg("doel"), goal)
        add_fact(out, ctx, goal, "Doel", action.span, target.text)
        out.add(goal, pg("waarde"), decimal(target.value))
        out.link(goal, std("qudt:unit"), std("unit:" + UNITS[target.unit]).value)
        if target.year is not None:
            out.add(goal, pg("deadline"), year(target.year))
        if target.qualifier:
            out.add(goal, pg("kwalificatie"), plain(target.qualifier))
        out.add(goal, pg("tekst"), text(target.text))
        indicator = indicator_of(target)
        if indicator is not None:
            out.link(goal, pg("indicator"), ctx.iris.named("indicator", indicator.code))
        out.link(goal, pg("gebied"), PROVINCE_IRI)  # the targets are the province's own
        out.link(goal, pg("vergelijking"), concept("vergelijking", comparison_of(target)).value)


_TARGET = """
?d pg:actie/pg:doel ?g . ?g pg:waarde ?w ; qudt:unit ?u .
OPTIONAL { ?g pg:deadline ?y }
BIND(STRAFTER(STR(?u), "unit/") AS ?unit)
BIND(IF(?unit = "PERCENT", "%", IF(?unit = "CCY_EUR", " euro", "")) AS ?sign)
BIND("" AS ?key)
BIND(CONCAT(STR(?w), ?sign, IF(BOUND(?y), CONCAT(" in ", STR(?y)), "")) AS ?value)
"""

KIND = GraphKind(
    "actions",
    map_actions,
    properties=(
        "actie",
        "nummer",
        "tekst",
        "doel",
        "waarde",
        "deadline",
        "kwalificatie",
        "indicator",
        "gebied",
        "vergelijking",
    ),
    classes=("Actie", "Doel"),
    parts=("actie", "doel"),
    compared=(
        Comparison("actie", "?d pg:actie ?a . ?a pg:nummer ?key ; pg:tekst ?value .", Way.ACTIONS),
        Comparison("doel", _TARGET, Way.SET),
    ),
)
