"""Stage 3, graph: Basisinformatie — fact kind ``governance``."""

from __future__ import annotations

from prestatiegraaf.extract.budget_tables import funding_source_key
from prestatiegraaf.graph.budget import funding_source
from prestatiegraaf.graph.kinds import Comparison, Context, GraphKind, Way, add_fact
from prestatiegraaf.graph.terms import Triples, boolean, concept, pg, plain, std, text, year
from prestatiegraaf.model import Governance, PrestatieSection
from prestatiegraaf.sources.normalize import slug


def map_governance(section: PrestatieSection, ctx: Context, out: Triples) -> None:
    """Who is responsible, in which role, for how long, funded from which reserve."""
    info = section.governance
    if info == Governance():
        return
    iri = f"{ctx.description}/basisinformatie"
    out.link(ctx.description, pg("basisinformatie"), iri)
    add_fact(out, ctx, iri, "Basisinformatie", info.span)
    for name in info.portfolio_holders:
        person = ctx.iris.person(name)
        out.link(iri, pg("portefeuillehouder"), person)
        out.typed(person, std("foaf:Person"))
        out.add(person, std("foaf:name"), plain(name))
    for role in info.roles:
        out.add(iri, pg("rol"), concept("rol", slug(role)))
    if info.role_text:
        out.add(iri, pg("rolomschrijving"), text(info.role_text))
    if info.duration:
        out.add(iri, pg("looptijd"), concept("looptijd", info.duration))
    if info.end_year is not None:
        out.add(iri, pg("eindjaar"), year(info.end_year))
    if info.reserve_relation is not None:
        out.add(iri, pg("relatieMetReserve"), boolean(info.reserve_relation))
    if info.reserve_name and info.reserve_relation:
        for name in info.reserve_name.split("/"):
            reserve = funding_source(out, ctx, funding_source_key(name), name.strip())
            out.link(iri, pg("reserve"), reserve)
    if info.coalition_agreement:
        agreement = ctx.iris.coalition_agreement(info.coalition_agreement)
        out.link(iri, pg("coalitieakkoord"), agreement)
        out.typed(agreement, pg("Coalitieakkoord"))
        out.add(agreement, std("dcterms:title"), text(info.coalition_agreement))
    if info.website:
        out.add(iri, pg("projectwebsite"), plain(info.website))
    if info.website_url:
        out.link(iri, std("foaf:homepage"), info.website_url)


KIND = GraphKind(
    "governance",
    map_governance,
    properties=(
        "basisinformatie",
        "portefeuillehouder",
        "rol",
        "rolomschrijving",
        "looptijd",
        "eindjaar",
        "relatieMetReserve",
        "reserve",
        "coalitieakkoord",
        "projectwebsite",
    ),  # fmt: skip
    classes=("Basisinformatie", "Coalitieakkoord", "Financieringsbron", "Reserve"),
    parts=("basisinformatie",),
    compared=(
        Comparison(
            "portefeuillehouder",
            '?d pg:basisinformatie/pg:portefeuillehouder/foaf:name ?value . BIND("" AS ?key)',
            Way.SET,
        ),
    ),
)
