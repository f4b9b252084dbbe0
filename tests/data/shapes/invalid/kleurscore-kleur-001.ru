# An unknown colour score: pg:kleur points to a concept outside the colour list.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/kleurscore/financien> | pg:kleur | sh:InConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE { ?k pg:kleur ?c } INSERT { ?k pg:kleur <begrip/kleur-paars> }
WHERE { BIND (<prestatiebeschrijving/monitor-2016-ii/5.2.1/kleurscore/financien> AS ?k) ?k pg:kleur ?c }
