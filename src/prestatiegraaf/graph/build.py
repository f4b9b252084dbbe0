"""Stage 3, graph: assemble the whole graph from extracted documents into a pyoxigraph store.

The same prestatie (code within a coalition period), actor, person and decision is one
resource whatever document mentions it; each document's description of a prestatie is a
resource of its own, so the history over the planning & control cycle stays queryable.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import cache

import pyoxigraph as ox

from prestatiegraaf.errors import OntologyError
from prestatiegraaf.extract.actors import register
from prestatiegraaf.extract.facts import ExtractedDocument
from prestatiegraaf.graph.facts import Context, map_section
from prestatiegraaf.graph.goals import goal_tree
from prestatiegraaf.graph.history import cycle_key, history_triples, index_prestaties
from prestatiegraaf.graph.iris import IriMinter, coalition_period
from prestatiegraaf.graph.terms import Triples, concept, pg, plain, std, text, year
from prestatiegraaf.model import DocumentInfo
from prestatiegraaf.namespaces import DEFAULT_BASE, PROVINCE_IRI
from prestatiegraaf.resources import code_lists_file


def graph_triples(
    documents: Sequence[ExtractedDocument], base: str = DEFAULT_BASE
) -> list[ox.Triple]:
    """Every triple of the graph for ``documents`` (duplicates removed, unordered)."""
    iris = IriMinter(base)
    out = Triples()
    _province(out)
    index = index_prestaties(documents, iris)
    titles: dict[str, list[tuple[tuple[int, int, str], str]]] = defaultdict(list)
    periods: dict[str, str] = {}
    actors_used: set[str] = set()
    for extracted in documents:
        info = extracted.source.document
        doc_slug = iris.document_slug(info, extracted.source.path)
        document = iris.document(doc_slug)
        source = iris.source_file(doc_slug, extracted.source.path)
        _document(out, document, info)
        _source_file(out, source, document, extracted)
        period = coalition_period(info.year)
        for goal in extracted.goals:
            titles[iris.goal(goal.code, period)].append((cycle_key(info), goal.title))
        for section in extracted.sections:
            prestatie = index.prestatie(doc_slug, section.code)
            periods[prestatie] = period
            titles[prestatie].append((cycle_key(info), section.title))
            goal_tree(out, iris, section.code, period, prestatie)
            description = iris.description(doc_slug, section.code)
            out.link(description, std("dcterms:isVersionOf"), prestatie)
            text = extracted.source.text
            ctx = Context(iris, description, document, source, prestatie, period, text)
            map_section(section, ctx, out)
            actors_used.update(m.key for m in section.actors)
    history_triples(index, out, periods)
    _labels(out, titles)
    _actors(out, iris, actors_used)
    _datasets(out, iris)
    return list(dict.fromkeys([*out.items, *code_lists()]))


@cache
def code_lists() -> tuple[ox.Triple, ...]:
    """The SKOS code lists shipped with the ontology, published with every graph.

    Raises:
        OntologyError: the code-list file is missing or not valid Turtle.

    """
    path = code_lists_file()
    try:
        return tuple(
            ox.Triple(q.subject, q.predicate, q.object)
            for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
        )
    except (OSError, SyntaxError) as exc:
        raise OntologyError(f"code lists unreadable: {exc}", path=path) from exc


def _province(out: Triples) -> None:
    out.typed(PROVINCE_IRI, std("org:FormalOrganization"))
    out.add(PROVINCE_IRI, std("skos:prefLabel"), text("Provincie Overijssel"))


def _document(out: Triples, document: str, info: DocumentInfo) -> None:
    out.typed(document, pg("Document"))
    out.add(document, std("dcterms:title"), plain(info.title))
    out.link(document, std("dcterms:publisher"), PROVINCE_IRI)
    if info.kind is not None:
        out.add(document, pg("documentsoort"), concept("documentsoort", info.kind.value))
    if info.year is not None:
        out.add(document, pg("jaar"), year(info.year))
    if info.period:
        out.add(document, pg("periode"), plain(info.period))
    if info.url:
        out.link(document, std("foaf:page"), info.url)


def _source_file(out: Triples, source: str, document: str, extracted: ExtractedDocument) -> None:
    out.typed(source, pg("Bronbestand"))
    out.add(source, std("dcterms:title"), plain(extracted.source.path.name))
    out.add(source, pg("kanaal"), concept("kanaal", extracted.source.channel.value))
    out.link(source, std("dcterms:isPartOf"), document)


def _labels(out: Triples, titles: dict[str, list[tuple[tuple[int, int, str], str]]]) -> None:
    """The most frequent title is the prefLabel (ties: the latest document); others altLabels."""
    for prestatie, seen in titles.items():
        counts = Counter(title for _, title in seen)
        latest = {title: key for key, title in sorted(seen)}
        best = max(counts, key=lambda title: (counts[title], latest[title]))
        out.add(prestatie, std("skos:prefLabel"), text(best))
        for title in sorted(set(counts) - {best}):
            out.add(prestatie, std("skos:altLabel"), text(title))


def _actors(out: Triples, iris: IriMinter, used: set[str]) -> None:
    for actor in register():
        if actor.key not in used:
            continue
        iri = iris.actor(actor.key)
        for cls in actor.types:
            out.link(iri, std("rdf:type"), cls)
        out.add(iri, std("skos:prefLabel"), text(actor.label))
        out.add(iri, std("skos:notation"), plain(actor.key))
        for alt in actor.alt_labels:
            out.add(iri, std("skos:altLabel"), text(alt))


def _datasets(out: Triples, iris: IriMinter) -> None:
    for name, structure, title in (
        ("lasten", "lastenStructuur", "Lasten per prestatie en document"),
        ("budgetopbouw", "budgetopbouwStructuur", "Budgetopbouw per prestatie en document"),
    ):
        dataset = iris.dataset(name)
        out.typed(dataset, std("qb:DataSet"))
        out.link(dataset, std("qb:structure"), pg(structure).value)
        out.add(dataset, std("dcterms:title"), text(title))
