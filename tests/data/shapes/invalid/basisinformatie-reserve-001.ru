# The governance block names reserves but answers "Relatie met reserve" with no (sh:not).
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/basisinformatie> | - | sh:NotConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE { ?b pg:relatieMetReserve true } INSERT { ?b pg:relatieMetReserve false }
WHERE { BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/basisinformatie> AS ?b) ?b pg:relatieMetReserve true }
