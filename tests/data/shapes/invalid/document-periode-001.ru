# A monitor period written as "2" instead of "II".
# expect: <document/monitor-2016-ii> | pg:periode | sh:PatternConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE { ?d pg:periode ?p } INSERT { ?d pg:periode "2" }
WHERE { BIND (<document/monitor-2016-ii> AS ?d) ?d pg:periode ?p }
