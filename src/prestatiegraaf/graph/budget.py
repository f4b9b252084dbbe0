"""Stage 3, graph: budget figures and make-up as data-cube observations — fact kind ``budget``."""

from __future__ import annotations

from prestatiegraaf.extract.budget_tables import funding_source_label
from prestatiegraaf.graph.kinds import Comparison, Context, GraphKind, Way
from prestatiegraaf.graph.terms import Triples, integer, pg, std, text
from prestatiegraaf.model import PrestatieSection, Span


def map_budget(section: PrestatieSection, ctx: Context, out: Triples) -> None:
    """Begroot / Besteed / Ruimte as one observation, each make-up line as another."""
    d = ctx.description
    figures = section.budget
    if figures is not None:
        obs = f"{d}/lasten"
        out.link(d, pg("lasten"), obs)
        _observation(obs, "lasten", ctx, out, figures.span)
        for name in ("begroot", "besteed", "ruimte"):
            value = getattr(figures, name)
            if value is not None:
                out.add(obs, pg(name), integer(value))
    for part in section.budget_components:
        obs = f"{d}/budgetopbouw/{part.source_key}"
        out.link(d, pg("budgetopbouw"), obs)
        _observation(obs, "budgetopbouw", ctx, out, part.span)
        source = funding_source(out, ctx, part.source_key, part.source)
        out.link(obs, pg("financieringsbron"), source)
        out.add(obs, pg("bedrag"), integer(part.amount))


def funding_source(out: Triples, ctx: Context, key: str, written: str) -> str:
    """One resource per funding source, whatever name a document gives it."""
    iri = ctx.iris.funding_source(key)
    out.typed(iri, pg("Financieringsbron"))
    if "reserve" in key:
        out.typed(iri, pg("Reserve"))
    out.add(iri, std("skos:prefLabel"), text(funding_source_label(key, written)))
    return iri


def _observation(obs: str, dataset: str, ctx: Context, out: Triples, span: Span | None) -> None:
    out.typed(obs, std("qb:Observation"))
    out.provenance(obs, span, ctx.document, ctx.source, ctx.text)
    out.link(obs, std("qb:dataSet"), ctx.iris.dataset(dataset))
    out.link(obs, pg("prestatie"), ctx.prestatie)
    out.link(obs, pg("document"), ctx.document)
    out.link(obs, std("sdmx-attribute:unitMeasure"), std("unit:CCY_EUR").value)


_FIGURES = """
?d pg:lasten ?o . VALUES ?m { pg:begroot pg:besteed pg:ruimte } ?o ?m ?value .
BIND(STRAFTER(STR(?m), "#") AS ?key)
"""

KIND = GraphKind(
    "budget",
    map_budget,
    properties=(
        "lasten",
        "begroot",
        "besteed",
        "ruimte",
        "budgetopbouw",
        "financieringsbron",
        "bedrag",
        "prestatie",
        "document",
    ),  # fmt: skip
    classes=("Financieringsbron", "Reserve"),
    parts=("lasten", "budgetopbouw"),
    compared=(Comparison("budget", _FIGURES, Way.KEYED),),
)
