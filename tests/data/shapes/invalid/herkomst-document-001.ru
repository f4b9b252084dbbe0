# A fact without document: action 2 of Monitor 2016-II lost its prov:wasDerivedFrom.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/2> | prov:wasDerivedFrom | sh:SPARQLConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX prov: <http://www.w3.org/ns/prov#>
DELETE WHERE { <prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/2> prov:wasDerivedFrom ?document }
