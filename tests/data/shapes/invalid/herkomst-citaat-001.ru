# A fact without source: action 2 of Monitor 2016-II lost its pg:bron.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/2> | pg:bron | sh:SPARQLConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE WHERE { <prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/2> pg:bron ?bron }
