# A document without pg:jaar (a warning; the deadline rule then has no year to compare with).
# expect: <document/begroting-2017> | pg:jaar | sh:MinCountConstraintComponent | Warning
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE WHERE { <document/begroting-2017> pg:jaar ?jaar }
