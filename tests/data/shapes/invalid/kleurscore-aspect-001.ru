# A colour score without aspect.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/kleurscore/acties> | pg:aspect | sh:MinCountConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE WHERE { <prestatiebeschrijving/monitor-2016-ii/5.2.1/kleurscore/acties> pg:aspect ?aspect }
