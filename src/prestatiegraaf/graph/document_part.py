"""Stage 3, graph: one source document's part of the graph, independent of every other file.

A document's part holds the document, its source file, and every description with its facts
and goal-tree links. It can be made in a worker process and cached with the extraction; only
the history index (:mod:`prestatiegraaf.graph.history`) needs all documents, and it overrides
the default prestatie of a section only where a code was reused for another prestatie.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from prestatiegraaf.extract.extracted import ExtractedDocument
from prestatiegraaf.graph.description import Context, map_section
from prestatiegraaf.graph.goals import goal_tree
from prestatiegraaf.graph.iris import IriMinter, coalition_period
from prestatiegraaf.graph.terms import Triples, concept, pg, plain, std, year
from prestatiegraaf.model import DocumentInfo
from prestatiegraaf.namespaces import PROVINCE_IRI


def default_prestatie(extracted: ExtractedDocument, code: str, iris: IriMinter) -> str:
    """The prestatie a section with ``code`` describes unless the history index says otherwise."""
    return iris.prestatie(code, coalition_period(extracted.source.document.year))


def document_triples(
    extracted: ExtractedDocument, iris: IriMinter, prestaties: Mapping[str, str] | None = None
) -> Triples:
    """The triples of ``extracted``'s part of the graph.

    Args:
        extracted: the document.
        iris: the IRI minter of the build.
        prestaties: section code → prestatie IRI, where it differs from
            :func:`default_prestatie` (a code reused for another prestatie).
    """
    out = Triples()
    info = extracted.source.document
    doc_slug = iris.document_slug(info, extracted.source.path)
    document = iris.document(doc_slug)
    source = iris.source_file(doc_slug, extracted.source.path)
    _document(out, document, info)
    _source_file(out, source, document, extracted)
    period = coalition_period(info.year)
    for section in extracted.sections:
        prestatie = (prestaties or {}).get(section.code) or default_prestatie(
            extracted, section.code, iris
        )
        goal_tree(out, iris, section.code, period, prestatie)
        description = iris.description(doc_slug, section.code)
        out.link(description, std("dcterms:isVersionOf"), prestatie)
        text = extracted.source.text
        ctx = Context(iris, description, document, source, prestatie, period, text)
        map_section(section, ctx, out)
    return out


def document_ntriples(
    extracted: ExtractedDocument, base: str, prestaties: Mapping[str, str] | None = None
) -> bytes:
    """:func:`document_triples` as N-Triples (unordered; duplicates possible)."""
    triples = document_triples(extracted, IriMinter(base), prestaties).items
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None  # no output target given: the bytes are returned
    return data


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
