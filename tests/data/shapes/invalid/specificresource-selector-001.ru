# A selector typed only as oa:TextQuoteSelector: it gives no character positions, so the source
# reference's selector is not of both classes (and its quote length is no longer checked).
# expect: <prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/2/bron> | oa:hasSelector | sh:ClassConstraintComponent | Violation
BASE <https://w3id.org/prestatiegraaf/id/>
PREFIX pg: <https://w3id.org/prestatiegraaf/def#>
PREFIX oa: <http://www.w3.org/ns/oa#>
DELETE DATA { <prestatiebeschrijving/monitor-2016-ii/5.2.1/actie/2/bron/citaat> a oa:TextPositionSelector }
