# A decision id with a typo: "PS/2015/68x".
# expect: <besluit/ps-2015-687> | dcterms:identifier | sh:PatternConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
DELETE { ?b dcterms:identifier ?i } INSERT { ?b dcterms:identifier "PS/2015/68x" }
WHERE { BIND (<besluit/ps-2015-687> AS ?b) ?b dcterms:identifier ?i }
