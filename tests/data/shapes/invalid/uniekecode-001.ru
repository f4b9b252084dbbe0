# Two descriptions with the same code in one document: the web text of Monitor 2019-I is filed under
# Monitor 2016-II (document and provenance both), which already describes 5.2.1.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1> | pg:beschrijft | sh:SPARQLConstraintComponent | Violation
# expect: <prestatiebeschrijving/monitor-2019-i/5.2.1> | pg:beschrijft | sh:SPARQLConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
DELETE { ?d dcterms:isPartOf <document/monitor-2019-i> ; prov:wasDerivedFrom <document/monitor-2019-i> }
INSERT { ?d dcterms:isPartOf <document/monitor-2016-ii> ; prov:wasDerivedFrom <document/monitor-2016-ii> }
WHERE { BIND (<prestatiebeschrijving/monitor-2019-i/5.2.1> AS ?d) ?d dcterms:isPartOf <document/monitor-2019-i> }
