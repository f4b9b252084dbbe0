# The text of an action without language tag: not an rdf:langString, and its (empty) language is not nl or en.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/3> | pg:tekst | sh:DatatypeConstraintComponent | Violation
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/3> | pg:tekst | sh:LanguageInConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE { ?a pg:tekst ?t } INSERT { ?a pg:tekst ?plain }
WHERE { BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/3> AS ?a) ?a pg:tekst ?t BIND (STR(?t) AS ?plain) }
