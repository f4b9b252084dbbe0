# A colour score read from a sentence of the explanation (the quote and its end position changed together).
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/kleurscore/integraal> | pg:bron | sh:SPARQLConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX oa: <http://www.w3.org/ns/oa#>
DELETE { ?s oa:exact ?q ; oa:end ?end } INSERT { ?s oa:exact ?sentence ; oa:end ?later }
WHERE {
    BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/kleurscore/integraal/bron/citaat> AS ?s)
    ?s oa:exact ?q ; oa:start ?start ; oa:end ?end .
    BIND ("De uitvoering ligt op schema, daarom is de integrale kleurscore groen gebleven." AS ?sentence)
    BIND (?start + STRLEN(?sentence) AS ?later)
}
