# A source file with a channel outside the channel list ("pdf-tekst", a Dutch spelling of pdf-text).
# expect: <bron/begroting-2017/000-048e71227b56a148-txt> | pg:kanaal | sh:InConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE { ?f pg:kanaal ?k } INSERT { ?f pg:kanaal <begrip/kanaal-pdf-tekst> }
WHERE { BIND (<bron/begroting-2017/000-048e71227b56a148-txt> AS ?f) ?f pg:kanaal ?k }
