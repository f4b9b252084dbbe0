# The prestatie hangs under no beleidsdoel (a warning), so no description's code fits the goal tree.
# expect: <prestatie/2015-2019/5.2.1> | skos:broader | sh:MinCountConstraintComponent | Warning
# expect: <prestatiebeschrijving/begroting-2017/5.2.1> | pg:beschrijft | sh:SPARQLConstraintComponent | Warning
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1> | pg:beschrijft | sh:SPARQLConstraintComponent | Warning
# expect: <prestatiebeschrijving/monitor-2019-i/5.2.1> | pg:beschrijft | sh:SPARQLConstraintComponent | Warning
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE WHERE { <prestatie/2015-2019/5.2.1> skos:broader ?beleidsdoel }
