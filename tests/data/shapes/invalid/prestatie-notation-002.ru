# The code of the prestatie is written with hyphens ("5-2-1"): the pattern fails, and no description's
# code fits the goal tree any more (the goal-tree rule derives kerntaak and beleidsdoel from the dots).
# expect: <prestatie/2015-2019/5.2.1> | skos:notation | sh:PatternConstraintComponent | Violation
# expect: <prestatiebeschrijving/begroting-2017/5.2.1> | pg:beschrijft | sh:SPARQLConstraintComponent | Warning
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1> | pg:beschrijft | sh:SPARQLConstraintComponent | Warning
# expect: <prestatiebeschrijving/monitor-2019-i/5.2.1> | pg:beschrijft | sh:SPARQLConstraintComponent | Warning
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { ?p skos:notation "5.2.1" } INSERT { ?p skos:notation "5-2-1" }
WHERE { BIND (<prestatie/2015-2019/5.2.1> AS ?p) ?p skos:notation "5.2.1" }
