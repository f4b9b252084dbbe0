# A role outside the role list ("bemiddelaar"): a well-formed role concept, so only a warning.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/basisinformatie> | pg:rol | sh:InConstraintComponent | Warning
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE { ?b pg:rol ?r } INSERT { ?b pg:rol <begrip/rol-bemiddelaar> }
WHERE { BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/basisinformatie> AS ?b) ?b pg:rol ?r }
