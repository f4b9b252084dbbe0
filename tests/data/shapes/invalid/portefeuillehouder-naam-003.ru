# A sentence read as the portfolio holder's name; its words are no header or label.
# expect: <prestatiebeschrijving/monitor-2019-i/5.2.1/basisinformatie> | pg:portefeuillehouder | sh:SPARQLConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
DELETE { ?b pg:portefeuillehouder ?p }
INSERT {
    ?b pg:portefeuillehouder <persoon/wij-vervullen-de-rol-van-regisseur> .
    <persoon/wij-vervullen-de-rol-van-regisseur> a foaf:Person ; foaf:name "Wij vervullen de rol van regisseur." .
}
WHERE { BIND (<prestatiebeschrijving/monitor-2019-i/5.2.1/basisinformatie> AS ?b) ?b pg:portefeuillehouder ?p }
