# The block label "Acties" glued to the first action.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/1> | pg:tekst | sh:NotConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE { ?a pg:tekst ?t } INSERT { ?a pg:tekst ?glued }
WHERE { BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/1> AS ?a) ?a pg:tekst ?t BIND (STRLANG(CONCAT("Acties ", STR(?t)), "nl") AS ?glued) }
