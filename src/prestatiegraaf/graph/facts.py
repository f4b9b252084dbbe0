"""Stage 3, graph: one document's description of one prestatie, fact by fact, as triples."""

from __future__ import annotations

from dataclasses import dataclass

from prestatiegraaf.extract.budget import funding_source_key
from prestatiegraaf.graph.goals import goal_tree
from prestatiegraaf.graph.iris import IriMinter, slug
from prestatiegraaf.graph.terms import (
    Triples,
    boolean,
    concept,
    decimal,
    integer,
    pg,
    plain,
    std,
    text,
    year,
)
from prestatiegraaf.model import Action, Governance, PrestatieSection, Span
from prestatiegraaf.namespaces import PROVINCE_IRI

UNITS = {"percent": "PERCENT", "count": "NUM", "euro": "CCY_EUR"}


@dataclass(frozen=True)
class Context:
    """Where a description belongs: its IRI, the document, source file and prestatie."""

    iris: IriMinter
    description: str
    document: str
    source: str
    prestatie: str
    period: str
    text: str  # the decoded source file the spans point into


def map_section(section: PrestatieSection, ctx: Context, out: Triples) -> None:
    """Add everything ``section`` says to ``out``."""
    d = ctx.description
    out.typed(d, pg("Prestatiebeschrijving"))
    out.link(d, pg("beschrijft"), ctx.prestatie)
    out.link(d, std("dcterms:isPartOf"), ctx.document)
    out.add(d, std("dcterms:title"), text(section.title))
    out.provenance(d, section.heading, ctx.document, ctx.source, ctx.text)
    if section.intro:
        out.add(d, pg("ambitie"), text(section.intro))
    if section.context:
        out.add(d, pg("context"), text(section.context))
    for action in section.actions:
        _action(action, ctx, out)
    _mentions(section, ctx, out)
    _budget(section, ctx, out)
    _scores_and_explanations(section, ctx, out)
    _decisions(section, ctx, out)
    _governance(section.governance, ctx, out)


def _fact(
    out: Triples, ctx: Context, iri: str, cls: str, span: Span | None, phrase: str | None = None
) -> None:
    out.typed(iri, pg(cls))
    out.provenance(iri, span, ctx.document, ctx.source, ctx.text, phrase)


def _action(action: Action, ctx: Context, out: Triples) -> None:
    iri = f"{ctx.description}/actie/{action.number}"
    out.link(ctx.description, pg("actie"), iri)
    _fact(out, ctx, iri, "Actie", action.span)
    out.add(iri, pg("nummer"), integer(action.number))
    out.add(iri, pg("tekst"), text(action.text))
    for index, target in enumerate(action.targets, start=1):
        goal = f"{iri}/doel/{index}"
        out.link(iri, pg("doel"), goal)
        _fact(out, ctx, goal, "Doel", action.span, target.text)
        out.add(goal, pg("waarde"), decimal(target.value))
        out.link(goal, std("qudt:unit"), std("unit:" + UNITS[target.unit]).value)
        if target.year is not None:
            out.add(goal, pg("deadline"), year(target.year))
        if target.qualifier:
            out.add(goal, pg("kwalificatie"), plain(target.qualifier))
        out.add(goal, pg("tekst"), text(target.text))


def _mentions(section: PrestatieSection, ctx: Context, out: Triples) -> None:
    d = ctx.description
    for mention in section.actors:
        actor = ctx.iris.actor(mention.key)
        out.link(d, pg("betrokkenActor"), actor)
        iri = f"{d}/vermelding/{mention.key}"
        out.link(d, pg("vermelding"), iri)
        _fact(out, ctx, iri, "Vermelding", mention.span, mention.text)
        out.link(iri, pg("vermeldt"), actor)
    for ref in section.references:
        other = ctx.iris.prestatie(ref.code, ctx.period)
        out.link(d, pg("verwijstNaar"), other)
        goal_tree(out, ctx.iris, ref.code, ctx.period, other)
        iri = f"{d}/vermelding/prestatie-{ref.code}"
        out.link(d, pg("vermelding"), iri)
        _fact(out, ctx, iri, "Vermelding", ref.span, ref.code)
        out.link(iri, pg("vermeldt"), other)


def _budget(section: PrestatieSection, ctx: Context, out: Triples) -> None:
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
        source = _funding_source(out, ctx, part.source_key, part.source)
        out.link(obs, pg("financieringsbron"), source)
        out.add(obs, pg("bedrag"), integer(part.amount))
    for index, amount in enumerate(section.amounts, start=1):
        iri = f"{d}/bedrag/{index}"
        out.link(d, pg("bedragvermelding"), iri)
        _fact(out, ctx, iri, "Bedragvermelding", amount.span, amount.text)
        out.add(iri, pg("bedrag"), integer(amount.amount))
        out.add(iri, pg("soortBedrag"), plain(amount.kind))
        out.add(iri, pg("tekst"), text(amount.text))


RESERVE_LABELS = {
    "reserve-kwaliteit-van-overijssel": "Reserve Kwaliteit van Overijssel",
    "reserve-natuurnetwerk-nederland": "Reserve Natuurnetwerk Nederland",
    "algemene-risicoreserve": "Algemene risicoreserve",
    "algemene-middelen": "Algemene middelen",
}


def _funding_source(out: Triples, ctx: Context, key: str, written: str) -> str:
    """One resource per funding source, whatever name a document gives it.

    The Ecologische Hoofdstructuur reserve was renamed Natuurnetwerk Nederland in 2017; the
    make-up's "Reserve Uitvoering Kwaliteit van Overijssel" is the reserve that Basisinformatie
    calls "Kwaliteit van Overijssel".
    """
    iri = ctx.iris.funding_source(key)
    out.typed(iri, pg("Financieringsbron"))
    if "reserve" in key:
        out.typed(iri, pg("Reserve"))
    out.add(iri, std("skos:prefLabel"), text(RESERVE_LABELS.get(key, written)))
    return iri


def _observation(obs: str, dataset: str, ctx: Context, out: Triples, span: Span | None) -> None:
    out.typed(obs, std("qb:Observation"))
    out.provenance(obs, span, ctx.document, ctx.source, ctx.text)
    out.link(obs, std("qb:dataSet"), ctx.iris.dataset(dataset))
    out.link(obs, pg("prestatie"), ctx.prestatie)
    out.link(obs, pg("document"), ctx.document)
    out.link(obs, std("sdmx-attribute:unitMeasure"), std("unit:CCY_EUR").value)


def _scores_and_explanations(section: PrestatieSection, ctx: Context, out: Triples) -> None:
    d = ctx.description
    seen: set[str] = set()
    for score in section.scores:
        iri = f"{d}/kleurscore/{score.aspect}"
        if iri in seen:
            continue
        seen.add(iri)
        out.link(d, pg("kleurscore"), iri)
        _fact(out, ctx, iri, "Kleurscore", score.span)
        out.add(iri, pg("aspect"), concept("aspect", score.aspect))
        out.add(iri, pg("kleur"), concept("kleur", score.score))
    counts: dict[str, int] = {}
    for note in section.explanations:
        counts[note.topic] = counts.get(note.topic, 0) + 1
        suffix = "" if counts[note.topic] == 1 else f"-{counts[note.topic]}"
        iri = f"{d}/toelichting/{note.topic}{suffix}"
        out.link(d, pg("toelichting"), iri)
        _fact(out, ctx, iri, "Toelichting", note.span)
        out.add(iri, pg("onderwerp"), concept("onderwerp", note.topic))
        out.add(iri, pg("tekst"), text(note.text))
        out.add(iri, pg("geenAfwijking"), boolean(note.no_deviation))


def _decisions(section: PrestatieSection, ctx: Context, out: Triples) -> None:
    d = ctx.description
    for ref in section.decisions:
        decision = ctx.iris.decision(ref.identifier)
        out.typed(decision, pg("Besluit"))
        out.add(decision, std("dcterms:identifier"), plain(ref.identifier))
        out.link(decision, std("dcterms:publisher"), PROVINCE_IRI)
        iri = f"{d}/besluit/{slug(ref.identifier)}"
        out.link(d, pg("besluitverwijzing"), iri)
        _fact(out, ctx, iri, "Besluitverwijzing", ref.span)
        out.link(iri, pg("besluit"), decision)
        out.add(iri, pg("besluitrelatie"), concept("besluitrelatie", ref.relation))


def _governance(info: Governance, ctx: Context, out: Triples) -> None:
    if info == Governance():
        return
    iri = f"{ctx.description}/basisinformatie"
    out.link(ctx.description, pg("basisinformatie"), iri)
    _fact(out, ctx, iri, "Basisinformatie", info.span)
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
            reserve = _funding_source(out, ctx, funding_source_key(name), name.strip())
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
