# A target without unit ("40" with the percent sign lost).
# expect: <prestatiebeschrijving/begroting-2017/5.2.1/actie/1/doel/1> | qudt:unit | sh:MinCountConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX qudt: <http://qudt.org/schema/qudt/>
DELETE WHERE { <prestatiebeschrijving/begroting-2017/5.2.1/actie/1/doel/1> qudt:unit ?unit }
