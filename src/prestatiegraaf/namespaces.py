"""The project's namespaces and the fixed prefix set used in every serialisation.

The terms themselves are defined in ``ontology/prestatiegraaf.ttl`` and nowhere else; see
:mod:`.vocabulary`.
"""

from __future__ import annotations

PG_IRI = "https://w3id.org/prestatiegraaf/def#"
BEGRIP_IRI = "https://w3id.org/prestatiegraaf/id/begrip/"
DEFAULT_BASE = "https://w3id.org/prestatiegraaf"
PROVINCE_IRI = "https://identifier.overheid.nl/tooi/id/provincie/pv23"


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
