# The Lasten observation of 5.2.1 (Monitor 2016-II) names another prestatie as its dimension.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/lasten> | pg:prestatie | sh:SPARQLConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE { ?o pg:prestatie ?p } INSERT { ?o pg:prestatie <prestatie/2015-2019/5.4.2> }
WHERE { BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/lasten> AS ?o) ?o pg:prestatie ?p }
