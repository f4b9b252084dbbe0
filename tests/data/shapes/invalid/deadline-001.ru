# A deadline more than a year before the document year: 2015 in Begroting 2017 (2020 misread).
# expect: <prestatiebeschrijving/begroting-2017/5.2.1/actie/1/doel/1> | pg:deadline | sh:SPARQLConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
DELETE { ?d pg:deadline ?y } INSERT { ?d pg:deadline "2015"^^xsd:gYear }
WHERE { BIND (<prestatiebeschrijving/begroting-2017/5.2.1/actie/1/doel/1> AS ?d) ?d pg:deadline ?y }
