# A running page header read as the portfolio holder's name: it makes a person of it.
# expect: <prestatiebeschrijving/begroting-2017/5.2.1/basisinformatie> | pg:portefeuillehouder | sh:SPARQLConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
DELETE { ?b pg:portefeuillehouder ?p }
INSERT {
    ?b pg:portefeuillehouder <persoon/provincie-overijssel-begroting-2017-pagina-144> .
    <persoon/provincie-overijssel-begroting-2017-pagina-144> a foaf:Person ;
        foaf:name "Provincie Overijssel – Begroting 2017 – pagina 144" .
}
WHERE { BIND (<prestatiebeschrijving/begroting-2017/5.2.1/basisinformatie> AS ?b) ?b pg:portefeuillehouder ?p }
