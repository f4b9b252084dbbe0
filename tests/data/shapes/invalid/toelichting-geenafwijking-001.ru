# "Geen afwijking" recorded as the string "ja" instead of a boolean.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/toelichting/voortgang> | pg:geenAfwijking | sh:DatatypeConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE { ?t pg:geenAfwijking ?g } INSERT { ?t pg:geenAfwijking "ja" }
WHERE { BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/toelichting/voortgang> AS ?t) ?t pg:geenAfwijking ?g }
