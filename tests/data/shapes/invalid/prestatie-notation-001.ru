# The code of the prestatie lost its third part ("5.2", the code of its beleidsdoel).
# expect: <prestatie/2015-2019/5.2.1> | skos:notation | sh:PatternConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { ?p skos:notation "5.2.1" } INSERT { ?p skos:notation "5.2" }
WHERE { BIND (<prestatie/2015-2019/5.2.1> AS ?p) ?p skos:notation "5.2.1" }
