# An unknown document kind: a concept outside the document-kind list ("kadernota").
# expect: <document/begroting-2017> | pg:documentsoort | sh:InConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE { ?d pg:documentsoort ?s } INSERT { ?d pg:documentsoort <begrip/documentsoort-kadernota> }
WHERE { BIND (<document/begroting-2017> AS ?d) ?d pg:documentsoort ?s }
