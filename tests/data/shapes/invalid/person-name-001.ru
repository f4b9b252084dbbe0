# A portfolio holder's name with a language tag (foaf:name is a plain string).
# expect: <persoon/eddy-van-hijum> | foaf:name | sh:DatatypeConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
DELETE { ?p foaf:name ?n } INSERT { ?p foaf:name "Eddy van Hijum"@nl }
WHERE { BIND (<persoon/eddy-van-hijum> AS ?p) ?p foaf:name ?n }
