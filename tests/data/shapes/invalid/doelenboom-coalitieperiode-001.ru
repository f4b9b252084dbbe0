# The coalition period of the prestatie written with an en dash ("2015–2019"): the pattern fails and the
# prestatie no longer shares its period with its beleidsdoel, so no description fits the goal tree.
# expect: <prestatie/2015-2019/5.2.1> | pg:coalitieperiode | sh:PatternConstraintComponent | Violation
# expect: <prestatiebeschrijving/begroting-2017/5.2.1> | pg:beschrijft | sh:SPARQLConstraintComponent | Warning
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1> | pg:beschrijft | sh:SPARQLConstraintComponent | Warning
# expect: <prestatiebeschrijving/monitor-2019-i/5.2.1> | pg:beschrijft | sh:SPARQLConstraintComponent | Warning
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE { ?p pg:coalitieperiode ?c } INSERT { ?p pg:coalitieperiode "2015–2019" }
WHERE { BIND (<prestatie/2015-2019/5.2.1> AS ?p) ?p pg:coalitieperiode ?c }
