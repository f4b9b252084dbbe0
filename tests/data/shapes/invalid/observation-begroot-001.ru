# Begroot kept as a decimal (1532000.0) instead of whole euros. Numerically it still adds up,
# so only the datatype is wrong.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/lasten> | pg:begroot | sh:DatatypeConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?o pg:begroot ?b } INSERT { ?o pg:begroot "1532000.0"^^xsd:decimal }
WHERE { BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/lasten> AS ?o) ?o pg:begroot ?b }
