# A document whose kind was not recognised: no pg:documentsoort (a warning).
# expect: <document/begroting-2017> | pg:documentsoort | sh:MinCountConstraintComponent | Warning
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE WHERE { <document/begroting-2017> pg:documentsoort ?s }
