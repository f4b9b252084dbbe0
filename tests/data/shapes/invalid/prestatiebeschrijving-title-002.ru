# A running page header was read as a second heading: the description has two titles.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1> | dcterms:title | sh:MaxCountConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
INSERT DATA { <prestatiebeschrijving/monitor-2016-ii/5.2.1> dcterms:title "Monitor 2016-II Economie, vestigingsklimaat en innovatie"@nl }
