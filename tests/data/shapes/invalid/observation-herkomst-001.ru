# The lasten of Monitor 2016-II derived from Begroting 2017: provenance and document dimension differ.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/lasten> | prov:wasDerivedFrom | sh:EqualsConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX prov: <http://www.w3.org/ns/prov#>
DELETE { ?o prov:wasDerivedFrom ?d } INSERT { ?o prov:wasDerivedFrom <document/begroting-2017> }
WHERE { BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/lasten> AS ?o) ?o prov:wasDerivedFrom ?d }
