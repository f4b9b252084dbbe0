"""Stage 3, graph: the description of the published dataset, ``dataset.ttl``.

:func:`dataset_description` describes the dataset by DCAT-AP-NL (:mod:`.dcat`) with the VoID
statistics of its graph (:mod:`.void`); :func:`dataset_triples` is the earlier, shorter DCAT
description. The only timestamp comes from ``SOURCE_DATE_EPOCH`` (reproducible builds);
without it the metadata carries none, so the same sources always give the same bytes.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.extract.extracted import ExtractedDocument
from prestatiegraaf.graph import dcat, void
from prestatiegraaf.graph.iris import IriMinter
from prestatiegraaf.graph.terms import Triples, integer, pg, plain, std, text
from prestatiegraaf.namespaces import PROVINCE_IRI

LICENSE = dcat.LICENSE
ENDPOINT = "/sparql"  # where ``prestatiegraaf serve`` answers SPARQL, below the base
DISTRIBUTIONS = {
    "prestaties.ttl": "text/turtle",
    "prestaties.nt": "application/n-triples",
    "prestaties.trig": "application/trig",
    "prestaties.jsonld": "application/ld+json",
}


def build_time() -> str | None:
    """The build time from ``SOURCE_DATE_EPOCH`` as an ISO date-time, or None when unset."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value.isdigit():
        return None
    return datetime.fromtimestamp(int(value), tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def dataset_triples(
    documents: Sequence[ExtractedDocument], iris: IriMinter, triple_count: int
) -> list[ox.Triple]:
    """A ``dcat:Dataset`` for the graph, its documents as sources and one distribution a file."""
    out = Triples()
    dataset = iris.dataset("prestatiegraaf")
    out.typed(dataset, std("dcat:Dataset"))
    out.add(dataset, std("dcterms:title"), text("Prestaties van de Provincie Overijssel"))
    out.add(
        dataset,
        std("dcterms:title"),
        text("Performance commitments of the Province of Overijssel", "en"),
    )
    out.add(
        dataset,
        std("dcterms:description"),
        text(
            "Prestaties uit de planning- en controldocumenten van de Provincie Overijssel: acties, "
            "doelen, actoren, budgetten, kleurscores en besluiten, met de brontekst van elk feit."
        ),
    )
    out.link(dataset, std("dcterms:publisher"), PROVINCE_IRI)
    out.link(dataset, std("dcterms:license"), LICENSE)
    out.add(dataset, std("void:triples"), integer(triple_count))
    issued = build_time()
    if issued is not None:
        modified = ox.Literal(issued, datatype=ox.NamedNode(std("xsd:dateTime").value))
        out.add(dataset, std("dcterms:modified"), modified)
    for extracted in documents:
        slug = iris.document_slug(extracted.source.document, extracted.source.path)
        out.link(dataset, std("dcterms:source"), iris.document(slug))
    for name, media_type in DISTRIBUTIONS.items():
        distribution = f"{dataset}/distributie/{name.replace('.', '-')}"
        out.link(dataset, std("dcat:distribution"), distribution)
        out.typed(distribution, std("dcat:Distribution"))
        out.add(distribution, std("dcterms:title"), plain(name))
        out.add(distribution, std("dcat:mediaType"), plain(media_type))
        out.link(distribution, std("dcterms:license"), LICENSE)
    return list(dict.fromkeys(out.items))


def dataset_description(
    documents: Sequence[ExtractedDocument],
    iris: IriMinter,
    graph_file: Path,
    distributions: Sequence[Path],
    *,
    endpoint: str | None = ENDPOINT,
    contact: dcat.Contact = dcat.CONTACT,
    issued: date | None = None,
) -> list[ox.Triple]:
    """The dataset described by DCAT-AP-NL, with the VoID statistics of its graph.

    Args:
        documents: the documents the graph was made of (its sources and temporal coverage).
        iris: the minter of the build, whose base is the address of the published site.
        graph_file: the graph as N-Triples, one triple a line; read as a stream.
        distributions: the published files of the graph, as finished (size and checksum).
        endpoint: the public SPARQL endpoint, an IRI or a path below the base; None: none
            is described.
        contact: the contact point.
        issued: the day the dataset was first published (``dcterms:issued``), when known.

    Raises:
        OSError: a file cannot be read.
        ValueError: a distribution is not in a graph format.

    """
    out = Triples()
    d = dcat.described(iris, endpoint, build_time(), contact, issued)
    uri_space = f"{d.base}/id/"
    stats = void.graph_statistics(graph_file, uri_space, pg("Prestatie").value)
    dcat.catalog_triples(out, d)
    dcat.dataset_triples(out, d, documents, iris)
    dumps = [dcat.distribution_triples(out, d, path) for path in distributions]
    dcat.service_triples(out, d)
    dcat.referenced_triples(out, d, contact)
    void.void_triples(out, d.dataset, stats, dumps, uri_space)
    if d.endpoint is not None:
        out.link(d.dataset, std("void:sparqlEndpoint"), d.endpoint)
    return list(dict.fromkeys(out.items))
