# An observation missing qb:dataSet: no dataset, so neither the lasten structure.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/lasten> | qb:dataSet | sh:MinCountConstraintComponent | Violation
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/lasten> | (qb:dataSet/qb:structure) | sh:MinCountConstraintComponent | Violation
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/lasten> | (qb:dataSet/qb:structure) | sh:HasValueConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX qb: <http://purl.org/linked-data/cube#>
DELETE WHERE { <prestatiebeschrijving/monitor-2016-ii/5.2.1/lasten> qb:dataSet ?dataset }
