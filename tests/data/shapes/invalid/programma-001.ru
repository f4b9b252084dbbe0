# A programme no longer typed pg:Actor: the programme shape, the description's actor and the
# mention of it all fail.
# expect: <organisatie/boost> | - | sh:ClassConstraintComponent | Violation
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1> | pg:betrokkenActor | sh:ClassConstraintComponent | Violation
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/vermelding/boost> | pg:vermeldt | sh:OrConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE DATA { <organisatie/boost> a pg:Actor }
