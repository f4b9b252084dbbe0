# Ruimte misread (1.100 instead of 1.103 x EUR 1.000): Begroot - Besteed != Ruimte.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/lasten> | pg:ruimte | sh:SPARQLConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE { ?o pg:ruimte ?r } INSERT { ?o pg:ruimte 1100000 }
WHERE { BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/lasten> AS ?o) ?o pg:ruimte ?r }
