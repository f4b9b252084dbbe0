# oa:start and oa:end swapped: start > end, and the quote no longer spans end - start characters.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/1/bron/citaat> | oa:start | sh:LessThanConstraintComponent | Violation
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/1/bron/citaat> | oa:exact | sh:SPARQLConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX oa: <http://www.w3.org/ns/oa#>
DELETE { ?s oa:start ?start ; oa:end ?end } INSERT { ?s oa:start ?end ; oa:end ?start }
WHERE { BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/1/bron/citaat> AS ?s) ?s oa:start ?start ; oa:end ?end }
