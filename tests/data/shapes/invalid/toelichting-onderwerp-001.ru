# An explanation about two topics at once (progress and finances).
# expect: <prestatiebeschrijving/monitor-2019-i/5.2.1/toelichting/voortgang> | pg:onderwerp | sh:MaxCountConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
INSERT DATA { <prestatiebeschrijving/monitor-2019-i/5.2.1/toelichting/voortgang> pg:onderwerp <begrip/onderwerp-financien> }
