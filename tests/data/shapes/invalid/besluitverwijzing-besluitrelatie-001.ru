# A decision citation with a relation outside the list ("aanleiding").
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/besluit/ps-2016-196> | pg:besluitrelatie | sh:InConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE { ?v pg:besluitrelatie ?r } INSERT { ?v pg:besluitrelatie <begrip/besluitrelatie-aanleiding> }
WHERE { BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/besluit/ps-2016-196> AS ?v) ?v pg:besluitrelatie ?r }
