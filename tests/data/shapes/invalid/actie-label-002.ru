# A field of the Basisinformatie block read as the last action.
# expect: <prestatiebeschrijving/begroting-2017/5.2.1/actie/5> | pg:tekst | sh:NotConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
DELETE { ?a pg:tekst ?t } INSERT { ?a pg:tekst "Rol provincie: Wij vervullen de rol van regisseur."@nl }
WHERE { BIND (<prestatiebeschrijving/begroting-2017/5.2.1/actie/5> AS ?a) ?a pg:tekst ?t }
