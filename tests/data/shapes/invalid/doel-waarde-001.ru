# A negative target value (a dash before "40%" read as a minus sign).
# expect: <prestatiebeschrijving/begroting-2017/5.2.1/actie/1/doel/1> | pg:waarde | sh:MinInclusiveConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?d pg:waarde ?w } INSERT { ?d pg:waarde "-40"^^xsd:decimal }
WHERE { BIND (<prestatiebeschrijving/begroting-2017/5.2.1/actie/1/doel/1> AS ?d) ?d pg:waarde ?w }
