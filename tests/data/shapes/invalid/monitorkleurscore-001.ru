# A monitor description losing its colour scores (the colours were images in the source):
# the scores, their sources and quotes are all gone.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1> | pg:kleurscore | sh:SPARQLConstraintComponent | Warning
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX oa: <http://www.w3.org/ns/oa#>
DELETE { ?d pg:kleurscore ?k . ?k ?p ?o . ?bron ?bp ?bo . ?selector ?sp ?so }
WHERE {
  BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1> AS ?d)
  ?d pg:kleurscore ?k . ?k ?p ?o ; pg:bron ?bron .
  ?bron ?bp ?bo ; oa:hasSelector ?selector . ?selector ?sp ?so .
}
