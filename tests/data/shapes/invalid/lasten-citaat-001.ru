# Begroot, Besteed and Ruimte read from a paragraph of over 300 characters.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/lasten> | pg:bron | sh:SPARQLConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX oa: <http://www.w3.org/ns/oa#>
DELETE { ?s oa:exact ?q ; oa:end ?end } INSERT { ?s oa:exact ?paragraph ; oa:end ?later }
WHERE {
    BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/lasten/bron/citaat> AS ?s)
    ?s oa:exact ?q ; oa:start ?start ; oa:end ?end .
    BIND (CONCAT("Voor deze prestatie is in 2016 een bedrag van 1.532.000 euro begroot. ",
                 "Tot en met het tweede kwartaal is 429.000 euro besteed aan de samenwerkingsprojecten ",
                 "van regionale bedrijven en ROC's, zodat er nog 1.103.000 euro ruimte is. Een deel ",
                 "daarvan schuiven wij door naar 2017, omdat twee projecten later zijn gestart dan ",
                 "gepland en de subsidieaanvragen pas in het najaar binnenkomen.") AS ?paragraph)
    BIND (?start + STRLEN(?paragraph) AS ?later)
}
