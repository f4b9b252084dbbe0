"""Stage 3, graph: the goal tree kerntaak → beleidsdoel → prestatie of a coalition period."""

from __future__ import annotations

from prestatiegraaf.graph.iris import IriMinter
from prestatiegraaf.graph.terms import Triples, pg, plain, std, text


def goal_tree(out: Triples, iris: IriMinter, code: str, period: str, prestatie: str) -> None:
    """State the kerntaak → beleidsdoel → prestatie chain of ``code`` in its period's tree."""
    scheme = iris.goal_tree(period)
    out.typed(scheme, std("skos:ConceptScheme"))
    out.add(scheme, std("skos:prefLabel"), text(f"Doelenboom coalitieperiode {period}"))
    kerntaak_code, beleidsdoel_code = code.split(".")[0], ".".join(code.split(".")[:2])
    chain = [
        (iris.goal(kerntaak_code, period), "Kerntaak", kerntaak_code, None),
        (iris.goal(beleidsdoel_code, period), "Beleidsdoel", beleidsdoel_code, 0),
        (prestatie, "Prestatie", code, 1),
    ]
    for iri, cls, notation, parent in chain:
        out.typed(iri, pg(cls))
        out.add(iri, std("skos:notation"), plain(notation))
        out.add(iri, pg("coalitieperiode"), plain(period))
        out.link(iri, std("skos:inScheme"), scheme)
        if parent is None:
            out.link(iri, std("skos:topConceptOf"), scheme)
        else:
            out.link(iri, std("skos:broader"), chain[parent][0])
