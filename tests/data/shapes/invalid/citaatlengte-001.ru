# A quote whose length is not end - start: oa:end five characters too far.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/2/bron/citaat> | oa:exact | sh:SPARQLConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX oa: <http://www.w3.org/ns/oa#>
DELETE { ?s oa:end ?end } INSERT { ?s oa:end ?later }
WHERE { BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/2/bron/citaat> AS ?s) ?s oa:end ?end BIND (?end + 5 AS ?later) }
