# The heading of prestatie 5.2.1 in Monitor 2016-II was not read: the description has no title.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1> | dcterms:title | sh:MinCountConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
DELETE WHERE { <prestatiebeschrijving/monitor-2016-ii/5.2.1> dcterms:title ?title }
