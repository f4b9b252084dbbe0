# A fact with two sources: the overall colour score also points at the source of the actions score.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/kleurscore/integraal> | pg:bron | sh:MaxCountConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
INSERT DATA {
  <prestatiebeschrijving/monitor-2016-ii/5.2.1/kleurscore/integraal>
      pg:bron <prestatiebeschrijving/monitor-2016-ii/5.2.1/kleurscore/acties/bron> .
}
