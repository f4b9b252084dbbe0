# A dangling actor reference: pg:betrokkenActor points to an IRI with no type and no label, and no mention.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1> | pg:betrokkenActor | sh:ClassConstraintComponent | Violation
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1> | pg:betrokkenActor | sh:SPARQLConstraintComponent | Warning
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
INSERT DATA { <prestatiebeschrijving/monitor-2016-ii/5.2.1> pg:betrokkenActor <organisatie/oost-nl> }
