# A negative line number in a quote selector.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/1/bron/citaat> | pg:regel | sh:MinInclusiveConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE { ?s pg:regel ?r } INSERT { ?s pg:regel -3 }
WHERE { BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/1/bron/citaat> AS ?s) ?s pg:regel ?r }
