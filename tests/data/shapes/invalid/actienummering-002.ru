# A duplicate action number: action 3 of Monitor 2016-II numbered 2 (actions 1, 2, 2).
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1> | pg:actie | sh:SPARQLConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE { ?a pg:nummer 3 } INSERT { ?a pg:nummer 2 }
WHERE { BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/3> AS ?a) ?a pg:nummer 3 }
