"""The project's vocabulary and the fixed prefix set used in every serialisation."""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

PG_IRI = "https://w3id.org/prestatiegraaf/def#"
BEGRIP_IRI = "https://w3id.org/prestatiegraaf/id/begrip/"
DEFAULT_BASE = "https://w3id.org/prestatiegraaf"
PROVINCE_IRI = "https://identifier.overheid.nl/tooi/id/provincie/pv23"


class PG(DefinedNamespace):
    """prestatiegraaf ontology terms (``ontology/prestatiegraaf.ttl``)."""

    _fail = True
    _NS = Namespace(PG_IRI)

    # classes
    Document: URIRef
    Bronbestand: URIRef
    Kerntaak: URIRef
    Beleidsdoel: URIRef
    Prestatie: URIRef
    Prestatiebeschrijving: URIRef
    Actie: URIRef
    Doel: URIRef
    Actor: URIRef
    Programma: URIRef
    Netwerk: URIRef
    Vermelding: URIRef
    Basisinformatie: URIRef
    Reserve: URIRef
    Financieringsbron: URIRef
    Coalitieakkoord: URIRef
    Besluit: URIRef
    Besluitverwijzing: URIRef
    Kleurscore: URIRef
    Toelichting: URIRef
    Bedragvermelding: URIRef
    # data structure definitions
    lastenStructuur: URIRef
    budgetopbouwStructuur: URIRef
    # document
    documentsoort: URIRef
    jaar: URIRef
    periode: URIRef
    kanaal: URIRef
    # prestatie and its description
    coalitieperiode: URIRef
    beschrijft: URIRef
    ambitie: URIRef
    context: URIRef
    actie: URIRef
    nummer: URIRef
    tekst: URIRef
    doel: URIRef
    waarde: URIRef
    deadline: URIRef
    kwalificatie: URIRef
    betrokkenActor: URIRef
    verwijstNaar: URIRef
    vermelding: URIRef
    vermeldt: URIRef
    # budget
    lasten: URIRef
    budgetopbouw: URIRef
    prestatie: URIRef
    document: URIRef
    financieringsbron: URIRef
    begroot: URIRef
    besteed: URIRef
    ruimte: URIRef
    bedrag: URIRef
    bedragvermelding: URIRef
    soortBedrag: URIRef
    # scores and explanations
    kleurscore: URIRef
    aspect: URIRef
    kleur: URIRef
    toelichting: URIRef
    onderwerp: URIRef
    geenAfwijking: URIRef
    # decisions and governance
    besluitverwijzing: URIRef
    besluit: URIRef
    besluitrelatie: URIRef
    basisinformatie: URIRef
    portefeuillehouder: URIRef
    rol: URIRef
    rolomschrijving: URIRef
    looptijd: URIRef
    eindjaar: URIRef
    relatieMetReserve: URIRef
    reserve: URIRef
    coalitieakkoord: URIRef
    projectwebsite: URIRef
    # provenance
    bron: URIRef
    regel: URIRef


PREFIXES: dict[str, str] = {
    "pg": PG_IRI,
    "begrip": BEGRIP_IRI,
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "qudt": "http://qudt.org/schema/qudt/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "unit": "http://qudt.org/vocab/unit/",
    "vann": "http://purl.org/vocab/vann/",
    "void": "http://rdfs.org/ns/void#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def sparql_prefixes() -> str:
    """The fixed prefixes as the PREFIX lines of a SPARQL query."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
