# A description without pg:beschrijft: it is about no prestatie.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1> | pg:beschrijft | sh:MinCountConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE WHERE { <prestatiebeschrijving/monitor-2016-ii/5.2.1> pg:beschrijft ?p }
