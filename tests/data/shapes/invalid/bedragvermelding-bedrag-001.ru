# An amount in running text kept as the string "1,1 miljoen": wrong datatype.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/bedrag/1> | pg:bedrag | sh:DatatypeConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE { ?b pg:bedrag ?x } INSERT { ?b pg:bedrag "1,1 miljoen" }
WHERE { BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/bedrag/1> AS ?b) ?b pg:bedrag ?x }
