# The name of the prestatie without language tag: wrong datatype and language, and no Dutch name left.
# expect: <prestatie/2015-2019/5.2.1> | skos:prefLabel | sh:DatatypeConstraintComponent | Violation
# expect: <prestatie/2015-2019/5.2.1> | skos:prefLabel | sh:LanguageInConstraintComponent | Violation
# expect: <prestatie/2015-2019/5.2.1> | skos:prefLabel | sh:QualifiedMinCountConstraintComponent | Warning
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
DELETE { ?p skos:prefLabel ?l } INSERT { ?p skos:prefLabel ?plain }
WHERE { BIND (<prestatie/2015-2019/5.2.1> AS ?p) ?p skos:prefLabel ?l BIND (STR(?l) AS ?plain) }
