# Two different English names for one prestatie (uniqueLang); the hint about the missing English name goes.
# expect: <prestatie/2015-2019/5.2.1> | skos:prefLabel | sh:UniqueLangConstraintComponent | Violation
# gone: <prestatie/2015-2019/5.2.1> | skos:prefLabel | sh:QualifiedMinCountConstraintComponent | Info
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
INSERT DATA {
  <prestatie/2015-2019/5.2.1> skos:prefLabel "Choosing, learning and working in technology"@en ,
                                             "Choose, learn and work in engineering"@en .
}
