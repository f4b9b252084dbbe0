# An empty quote: the selector's oa:exact is "", so its length is wrong and the fact has no quote.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/1/bron/citaat> | oa:exact | sh:MinLengthConstraintComponent | Violation
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/1/bron/citaat> | oa:exact | sh:SPARQLConstraintComponent | Violation
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/1> | pg:bron | sh:SPARQLConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX oa: <http://www.w3.org/ns/oa#>
DELETE { ?s oa:exact ?q } INSERT { ?s oa:exact "" }
WHERE { BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/1/bron/citaat> AS ?s) ?s oa:exact ?q }
