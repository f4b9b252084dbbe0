"""Stage 3, graph: DCAT metadata describing the published dataset and its distributions.

The only timestamp comes from ``SOURCE_DATE_EPOCH`` (reproducible builds); without it the
metadata carries none, so the same sources always give the same bytes.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime

import pyoxigraph as ox

from prestatiegraaf.extract.extracted import ExtractedDocument
from prestatiegraaf.graph.iris import IriMinter
from prestatiegraaf.graph.terms import Triples, integer, plain, std, text
from prestatiegraaf.namespaces import PROVINCE_IRI

LICENSE = "http://creativecommons.org/publicdomain/zero/1.0/"
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
