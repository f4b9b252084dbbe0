# pg:verwijstNaar pointing to the description's own prestatie ("zie prestatie 5.2.1" in its own text).
# expect: <prestatiebeschrijving/monitor-2019-i/5.2.1> | pg:verwijstNaar | sh:DisjointConstraintComponent | Violation
# expect: <prestatiebeschrijving/monitor-2019-i/5.2.1> | pg:verwijstNaar | sh:SPARQLConstraintComponent | Warning
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
INSERT DATA { <prestatiebeschrijving/monitor-2019-i/5.2.1> pg:verwijstNaar <prestatie/2015-2019/5.2.1> }
