# The start of a page header ("Provincie Overijssel") has the form of a name, but its words are a header's.
# expect: <prestatiebeschrijving/monitor-2019-i/5.2.1/basisinformatie> | pg:portefeuillehouder | sh:SPARQLConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
DELETE { ?b pg:portefeuillehouder ?p }
INSERT {
    ?b pg:portefeuillehouder <persoon/provincie-overijssel> .
    <persoon/provincie-overijssel> a foaf:Person ; foaf:name "Provincie Overijssel" .
}
WHERE { BIND (<prestatiebeschrijving/monitor-2019-i/5.2.1/basisinformatie> AS ?b) ?b pg:portefeuillehouder ?p }
