# The Besteed column of the Lasten prestatie table was not read (a warning); the Ruimte rule needs all
# three figures and stays silent.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/lasten> | pg:besteed | sh:MinCountConstraintComponent | Warning
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE WHERE { <prestatiebeschrijving/monitor-2016-ii/5.2.1/lasten> pg:besteed ?besteed }
