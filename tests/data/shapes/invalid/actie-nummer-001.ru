# An action number typed as a string ("1"^^xsd:string): wrong datatype, and a string is not comparable
# with the minimum 1. The numbering rule still sees three distinct numbers, but the lowest is no longer 1.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/1> | pg:nummer | sh:DatatypeConstraintComponent | Violation
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/1> | pg:nummer | sh:MinInclusiveConstraintComponent | Violation
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1> | pg:actie | sh:SPARQLConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?a pg:nummer ?n } INSERT { ?a pg:nummer "1"^^xsd:string }
WHERE { BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/1> AS ?a) ?a pg:nummer ?n }
