# An ill-typed action number: "drie"^^xsd:integer is no valid xsd:integer. The numbering rule stays
# silent: comparing the ill-typed number with the count of actions is a SPARQL error, so its FILTER
# drops the description; the datatype and minimum checks catch the defect.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/3> | pg:nummer | sh:DatatypeConstraintComponent | Violation
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/3> | pg:nummer | sh:MinInclusiveConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?a pg:nummer ?n } INSERT { ?a pg:nummer "drie"^^xsd:integer }
WHERE { BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/3> AS ?a) ?a pg:nummer ?n }
