# The quote of Begroot, Besteed and Ruimte runs on into a long sentence without any figures label.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/lasten> | pg:bron | sh:SPARQLConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX oa: <http://www.w3.org/ns/oa#>
DELETE { ?s oa:exact ?q ; oa:end ?end } INSERT { ?s oa:exact ?runOn ; oa:end ?later }
WHERE {
    BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/lasten/bron/citaat> AS ?s)
    ?s oa:exact ?q ; oa:start ?start ; oa:end ?end .
    BIND (CONCAT(STR(?q), ". Wij hebben in 2016 samen met het bedrijfsleven, de onderwijsinstellingen ",
                 "en de gemeenten in Twente, Salland en de Kop van Overijssel nieuwe afspraken ",
                 "gemaakt over de instroom van jongeren in technische opleidingen.") AS ?runOn)
    BIND (?start + STRLEN(?runOn) AS ?later)
}
