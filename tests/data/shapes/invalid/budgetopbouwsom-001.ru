# The budget make-up does not add up to Begroot (1.500 instead of 1.532 x EUR 1.000).
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1> | pg:budgetopbouw | sh:SPARQLConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE { ?o pg:bedrag ?b } INSERT { ?o pg:bedrag 1500000 }
WHERE { BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/budgetopbouw/reserve-kwaliteit-van-overijssel> AS ?o) ?o pg:bedrag ?b }
