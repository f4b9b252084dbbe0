# The kind of an amount mention misspelt ("verschoven" instead of "verschuiving").
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/bedrag/1> | pg:soortBedrag | sh:PatternConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE { ?b pg:soortBedrag ?k } INSERT { ?b pg:soortBedrag "verschoven" }
WHERE { BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/bedrag/1> AS ?b) ?b pg:soortBedrag ?k }
