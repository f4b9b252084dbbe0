# The label itself read as the portfolio holder's name.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/basisinformatie> | pg:portefeuillehouder | sh:SPARQLConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
DELETE { ?b pg:portefeuillehouder ?p }
INSERT {
    ?b pg:portefeuillehouder <persoon/verantwoordelijk-portefeuillehouder> .
    <persoon/verantwoordelijk-portefeuillehouder> a foaf:Person ; foaf:name "Verantwoordelijk portefeuillehouder" .
}
WHERE { BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/basisinformatie> AS ?b) ?b pg:portefeuillehouder ?p }
