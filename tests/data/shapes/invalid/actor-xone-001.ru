# An actor of two kinds at once: a collaboration that is also typed as an organisation (sh:xone).
# expect: <organisatie/greenpac> | - | sh:XoneConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX org: <http://www.w3.org/ns/org#>
INSERT DATA { <organisatie/greenpac> a org:Organization }
