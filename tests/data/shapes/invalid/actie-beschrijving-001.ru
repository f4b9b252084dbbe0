# An action listed in two descriptions: action 1 of Monitor 2016-II also attached to Begroting 2017,
# which then has six actions numbered 1 to 5.
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/1> | ^pg:actie | sh:MaxCountConstraintComponent | Violation
# expect: <prestatiebeschrijving/begroting-2017/5.2.1> | pg:actie | sh:SPARQLConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
INSERT DATA { <prestatiebeschrijving/begroting-2017/5.2.1> pg:actie <prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/1> }
