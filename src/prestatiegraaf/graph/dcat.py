"""Stage 3, graph: the dataset described by DCAT-AP-NL 3.0 (on DCAT-AP 3.0).

A ``dcat:Catalog`` holds the ``dcat:Dataset`` (the graph) and, when its address is known, the
SPARQL endpoint as a ``dcat:DataService``; every published file of the graph is a
``dcat:Distribution`` with its download address, media type, file type, byte size and SHA-256
checksum. Terms of controlled vocabularies (EU authority tables, IANA media types, Geonames)
are named by their IRIs and typed with the class DCAT-AP expects of them, so the description
validates on its own, without inference. Every node is an IRI: the Turtle stays byte-stable.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.extract.extracted import ExtractedDocument
from prestatiegraaf.graph.iris import IriMinter
from prestatiegraaf.graph.terms import XSD, Triples, plain, std, text
from prestatiegraaf.namespaces import PG_IRI, PROVINCE_IRI

SPDX = "http://spdx.org/rdf/terms#"
VCARD = "http://www.w3.org/2006/vcard/ns#"
EU = "http://publications.europa.eu/resource/authority/"
IANA = "https://www.iana.org/assignments/media-types/"
RDFS_RESOURCE = "http://www.w3.org/2000/01/rdf-schema#Resource"
_DATE = ox.NamedNode(XSD + "date")
SHA256 = SPDX + "checksumAlgorithm_sha256"

LICENSE = "http://creativecommons.org/publicdomain/zero/1.0/"
ACCESS_RIGHTS = EU + "access-right/PUBLIC"
LANGUAGE = EU + "language/NLD"
THEMES = EU + "data-theme"
THEME = EU + "data-theme/GOVE"  # government and public sector
SPATIAL = "http://sws.geonames.org/2748838/"  # Geonames: the province of Overijssel
ONTOLOGY = PG_IRI.rstrip("#")
SHAPES = ONTOLOGY + "/shapes"
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"
KEYWORDS = (
    ("prestaties", "nl"),
    ("planning en control", "nl"),
    ("begroting", "nl"),
    ("voorjaarsnota", "nl"),
    ("jaarverslag", "nl"),
    ("Provincie Overijssel", "nl"),
    ("performance commitments", "en"),
    ("linked data", "en"),
)


@dataclass(frozen=True)
class FileFormat:
    """How a distribution's file is described: IANA media type and EU file type."""

    media_type: str
    file_type: str
    label: str


FILE_FORMATS = {
    ".ttl": FileFormat("text/turtle", "RDF_TURTLE", "Turtle"),
    ".nt": FileFormat("application/n-triples", "RDF_N_TRIPLES", "N-Triples"),
    ".trig": FileFormat("application/trig", "RDF_TRIG", "TriG"),
    ".jsonld": FileFormat("application/ld+json", "JSON_LD", "JSON-LD"),
}


@dataclass(frozen=True)
class Contact:
    """The contact point of the dataset: who answers questions about it."""

    name: str = "Provincie Overijssel"
    email: str = "postbus@overijssel.nl"  # the province's public mailbox
    url: str = "https://www.overijssel.nl"


CONTACT = Contact()


@dataclass(frozen=True)
class Described:
    """The resources of one description and what all of them share."""

    base: str  # the landing page: the home page of the published site
    dataset: str
    catalog: str
    contact: str
    service: str | None  # the data service, when an endpoint is known
    endpoint: str | None
    modified: ox.Literal | None
    issued: ox.Literal | None = None


def described(
    iris: IriMinter,
    endpoint: str | None,
    modified: str | None,
    contact: Contact = CONTACT,
    issued: date | None = None,
) -> Described:
    """The IRIs of a description for ``iris``; ``endpoint`` may be a path below the base."""
    base = iris.base.rstrip("/")
    if endpoint is not None and endpoint.startswith("/"):
        endpoint = base + endpoint
    when = (
        None if modified is None else ox.Literal(modified, datatype=ox.NamedNode(XSD + "dateTime"))
    )
    return Described(
        base=base,
        dataset=iris.dataset("prestatiegraaf"),
        catalog=iris.named("catalogus", "prestatiegraaf"),
        contact=iris.named("contactpunt", contact.name),
        service=None if endpoint is None else iris.named("dienst", "sparql"),
        endpoint=endpoint,
        modified=when,
        issued=None if issued is None else ox.Literal(issued.isoformat(), datatype=_DATE),
    )


def sha256(path: Path) -> str:
    """The SHA-256 digest of a file as lower-case hex, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def download_url(base: str, path: Path) -> str:
    """Where a published file is downloaded: its name below the base."""
    return f"{base}/{path.name}"


def catalog_triples(out: Triples, d: Described) -> None:
    """The catalogue that lists the dataset and the endpoint."""
    out.typed(d.catalog, std("dcat:Catalog"))
    out.add(d.catalog, std("dcterms:title"), text("Catalogus van de prestatiegraaf"))
    out.add(d.catalog, std("dcterms:title"), text("Catalogue of the prestatiegraaf", "en"))
    out.add(
        d.catalog,
        std("dcterms:description"),
        text("De gekoppelde data die de prestatiegraaf van de Provincie Overijssel publiceert."),
    )
    out.add(
        d.catalog,
        std("dcterms:description"),
        text(
            "The linked data published by the prestatiegraaf of the Province of Overijssel.", "en"
        ),
    )
    _common(out, d.catalog, d)
    out.link(d.catalog, std("foaf:homepage"), d.base)
    out.link(d.catalog, std("dcterms:spatial"), SPATIAL)
    out.link(d.catalog, std("dcterms:language"), LANGUAGE)
    out.link(d.catalog, std("dcat:themeTaxonomy"), THEMES)
    out.link(d.catalog, std("dcat:dataset"), d.dataset)
    if d.service is not None:
        out.link(d.catalog, std("dcat:service"), d.service)


def dataset_triples(
    out: Triples, d: Described, documents: Sequence[ExtractedDocument], iris: IriMinter
) -> None:
    """The dataset: what it is, who publishes it, what it covers and where it comes from."""
    out.typed(d.dataset, std("dcat:Dataset"))
    out.add(d.dataset, std("dcterms:title"), text("Prestaties van de Provincie Overijssel"))
    out.add(
        d.dataset,
        std("dcterms:title"),
        text("Performance commitments of the Province of Overijssel", "en"),
    )
    out.add(
        d.dataset,
        std("dcterms:description"),
        text(
            "Prestaties uit de planning- en controldocumenten van de Provincie Overijssel: acties, "
            "doelen, actoren, budgetten, kleurscores en besluiten, met de brontekst van elk feit."
        ),
    )
    out.add(
        d.dataset,
        std("dcterms:description"),
        text(
            "Performance commitments from the planning and control documents of the Province of "
            "Overijssel: actions, goals, actors, budgets, colour scores and decisions, each fact "
            "with its source text.",
            "en",
        ),
    )
    out.add(d.dataset, std("dcterms:identifier"), plain(d.dataset))
    _common(out, d.dataset, d)
    out.link(d.dataset, std("dcterms:creator"), PROVINCE_IRI)
    out.link(d.dataset, std("dcterms:accessRights"), ACCESS_RIGHTS)
    out.link(d.dataset, std("dcat:theme"), THEME)
    out.link(d.dataset, std("dcterms:language"), LANGUAGE)
    out.link(d.dataset, std("dcterms:spatial"), SPATIAL)
    out.link(d.dataset, std("dcat:landingPage"), d.base)
    for conforms in (ONTOLOGY, SHAPES):
        out.link(d.dataset, std("dcterms:conformsTo"), conforms)
    for keyword, language in KEYWORDS:
        out.add(d.dataset, std("dcat:keyword"), text(keyword, language))
    _temporal(out, d.dataset, documents)
    for extracted in documents:  # the documents are no datasets: dcterms:source would say so
        slug = iris.document_slug(extracted.source.document, extracted.source.path)
        out.link(d.dataset, std("prov:wasDerivedFrom"), iris.document(slug))


def _temporal(out: Triples, dataset: str, documents: Sequence[ExtractedDocument]) -> None:
    """The years the documents are about, as a period from the first to the last."""
    years = sorted({y for e in documents if (y := e.source.document.year) is not None})
    if not years:
        return
    period = f"{dataset}/periode"
    out.link(dataset, std("dcterms:temporal"), period)
    out.typed(period, std("dcterms:PeriodOfTime"))
    gyear = ox.NamedNode(XSD + "gYear")
    out.add(period, std("dcat:startDate"), ox.Literal(f"{years[0]:04d}", datatype=gyear))
    out.add(period, std("dcat:endDate"), ox.Literal(f"{years[-1]:04d}", datatype=gyear))


def distribution_triples(out: Triples, d: Described, path: Path) -> str:
    """One published file as a distribution; returns its download address.

    Raises:
        ValueError: the file's suffix is not that of a graph format.
        OSError: the file cannot be read.
    """
    found = FILE_FORMATS.get(path.suffix)
    if found is None:
        raise ValueError(f"no media type known for {path.name}")
    size, checksum = path.stat().st_size, sha256(path)
    distribution = f"{d.dataset}/distributie/{path.name.replace('.', '-')}"
    url, media_type = download_url(d.base, path), IANA + found.media_type
    out.link(d.dataset, std("dcat:distribution"), distribution)
    out.typed(distribution, std("dcat:Distribution"))
    out.add(distribution, std("dcterms:title"), plain(path.name))
    out.add(distribution, std("dcterms:description"), text(f"De graaf in {found.label}"))
    out.add(distribution, std("dcterms:description"), text(f"The graph in {found.label}", "en"))
    out.link(distribution, std("dcat:accessURL"), url)
    out.link(distribution, std("dcat:downloadURL"), url)
    out.typed(url, ox.NamedNode(RDFS_RESOURCE))
    out.link(distribution, std("dcat:mediaType"), media_type)
    out.typed(media_type, std("dcterms:MediaType"))
    out.link(distribution, std("dcterms:format"), EU + "file-type/" + found.file_type)
    out.typed(EU + "file-type/" + found.file_type, std("dcterms:MediaTypeOrExtent"))
    out.link(distribution, std("dcterms:license"), LICENSE)
    out.link(distribution, std("dcterms:conformsTo"), ONTOLOGY)
    out.add(distribution, std("dcat:byteSize"), _non_negative(size))
    node = f"{distribution}/checksum"
    out.link(distribution, ox.NamedNode(SPDX + "checksum"), node)
    out.typed(node, ox.NamedNode(SPDX + "Checksum"))
    out.link(node, ox.NamedNode(SPDX + "algorithm"), SHA256)
    hex_binary = ox.NamedNode(XSD + "hexBinary")
    out.add(node, ox.NamedNode(SPDX + "checksumValue"), ox.Literal(checksum, datatype=hex_binary))
    if d.modified is not None:
        out.add(distribution, std("dcterms:modified"), d.modified)
    return url


def service_triples(out: Triples, d: Described) -> None:
    """The SPARQL endpoint as a data service that serves the dataset."""
    if d.service is None or d.endpoint is None:
        return
    out.typed(d.service, std("dcat:DataService"))
    out.add(d.service, std("dcterms:title"), text("SPARQL-endpoint van de prestatiegraaf"))
    out.add(d.service, std("dcterms:title"), text("SPARQL endpoint of the prestatiegraaf", "en"))
    out.add(
        d.service,
        std("dcterms:description"),
        text("Bevraag de prestaties met SPARQL 1.1; de graaf kan alleen worden gelezen."),
    )
    out.add(
        d.service,
        std("dcterms:description"),
        text("Query the performance commitments with SPARQL 1.1; the graph is read-only.", "en"),
    )
    out.add(d.service, std("dcterms:identifier"), plain(d.service))
    _common(out, d.service, d)
    out.link(d.service, std("dcterms:accessRights"), ACCESS_RIGHTS)
    out.link(d.service, std("dcat:theme"), THEME)
    out.link(d.service, std("dcat:endpointURL"), d.endpoint)
    out.typed(d.endpoint, ox.NamedNode(RDFS_RESOURCE))
    out.link(d.service, std("dcat:endpointDescription"), SPARQL_PROTOCOL)
    out.typed(SPARQL_PROTOCOL, ox.NamedNode(RDFS_RESOURCE))
    out.link(d.service, std("dcat:servesDataset"), d.dataset)
    out.link(d.service, std("dcat:landingPage"), d.base)
    out.link(d.service, std("foaf:page"), d.base)


def _common(out: Triples, resource: str, d: Described) -> None:
    """What the catalogue, the dataset and the service share: publisher, contact, licence."""
    out.link(resource, std("dcterms:publisher"), PROVINCE_IRI)
    out.link(resource, std("dcat:contactPoint"), d.contact)
    out.link(resource, std("dcterms:license"), LICENSE)
    if d.modified is not None:
        out.add(resource, std("dcterms:modified"), d.modified)
    if d.issued is not None:
        out.add(resource, std("dcterms:issued"), d.issued)


def referenced_triples(out: Triples, d: Described, contact: Contact) -> None:
    """The agents and the controlled terms the description refers to, typed as DCAT-AP asks."""
    out.typed(PROVINCE_IRI, std("foaf:Agent"))
    out.add(PROVINCE_IRI, std("foaf:name"), text("Provincie Overijssel"))
    out.typed(d.contact, ox.NamedNode(VCARD + "Kind"))
    out.add(d.contact, ox.NamedNode(VCARD + "fn"), text(contact.name))
    out.link(d.contact, ox.NamedNode(VCARD + "hasEmail"), "mailto:" + contact.email)
    out.link(d.contact, ox.NamedNode(VCARD + "hasURL"), contact.url)
    out.typed(SHA256, ox.NamedNode(SPDX + "ChecksumAlgorithm"))
    out.typed(LICENSE, std("dcterms:LicenseDocument"))
    out.typed(ACCESS_RIGHTS, std("dcterms:RightsStatement"))
    out.typed(LANGUAGE, std("dcterms:LinguisticSystem"))
    out.typed(SPATIAL, std("dcterms:Location"))
    out.typed(d.base, std("foaf:Document"))
    out.typed(THEMES, std("skos:ConceptScheme"))
    out.add(THEMES, std("dcterms:title"), text("Data theme", "en"))
    out.typed(THEME, std("skos:Concept"))
    out.link(THEME, std("skos:inScheme"), THEMES)
    out.add(THEME, std("skos:prefLabel"), text("Overheid en publieke sector"))
    out.add(THEME, std("skos:prefLabel"), text("Government and public sector", "en"))
    for standard, title in (
        (ONTOLOGY, "Prestatiegraaf-ontologie"),
        (SHAPES, "Prestatiegraaf-shapes"),
    ):
        out.typed(standard, std("dcterms:Standard"))
        out.add(standard, std("dcterms:title"), text(title))


def _non_negative(value: int) -> ox.Literal:
    """An xsd:nonNegativeInteger."""
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "nonNegativeInteger"))
