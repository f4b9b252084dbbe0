# A document published by the wrong organisation (the municipality of Zwolle, not the province).
# expect: <document/monitor-2016-ii> | dcterms:publisher | sh:HasValueConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
DELETE { ?d dcterms:publisher ?p }
INSERT { ?d dcterms:publisher <https://identifier.overheid.nl/tooi/id/gemeente/gm0193> }
WHERE { BIND (<document/monitor-2016-ii> AS ?d) ?d dcterms:publisher ?p }
