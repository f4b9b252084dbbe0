# A portfolio holder given as a name string instead of a person.
# expect: <prestatiebeschrijving/monitor-2019-i/5.2.1/basisinformatie> | pg:portefeuillehouder | sh:NodeKindConstraintComponent | Violation
# expect: <prestatiebeschrijving/monitor-2019-i/5.2.1/basisinformatie> | pg:portefeuillehouder | sh:ClassConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE { ?b pg:portefeuillehouder ?p } INSERT { ?b pg:portefeuillehouder "E. van Hijum" }
WHERE { BIND (<prestatiebeschrijving/monitor-2019-i/5.2.1/basisinformatie> AS ?b) ?b pg:portefeuillehouder ?p }
