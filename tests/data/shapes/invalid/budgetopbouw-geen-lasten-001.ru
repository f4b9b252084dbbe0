# A budget make-up line that also carries Begroot (a lasten column copied into the make-up).
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/budgetopbouw/reserve-kwaliteit-van-overijssel> | (pg:begroot|pg:besteed|pg:ruimte) | sh:MaxCountConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
INSERT DATA { <prestatiebeschrijving/monitor-2016-ii/5.2.1/budgetopbouw/reserve-kwaliteit-van-overijssel> pg:begroot 1532000 }
