"""Stage 3, graph: the societal tasks (opgaven) a prestatie serves — fact kind ``tasks``.

A task is one concept whatever document names it; each description links to the tasks it
names, with the quote it was read from.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from prestatiegraaf.extract.extracted import ExtractedDocument
from prestatiegraaf.graph.iris import IriMinter
from prestatiegraaf.graph.kinds import Context, GraphKind
from prestatiegraaf.graph.terms import Triples, pg, std, text
from prestatiegraaf.model import PrestatieSection


def map_tasks(section: PrestatieSection, ctx: Context, out: Triples) -> None:
    """Each task the description names."""
    for task in section.tasks:
        out.link(ctx.description, pg("opgave"), ctx.iris.named("opgave", task.name))


def describe_tasks(documents: Sequence[ExtractedDocument], iris: IriMinter, out: Triples) -> None:
    """Every task named, labelled by the name most documents give it (ties: alphabetical)."""
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for document in documents:
        for section in document.sections:
            for task in section.tasks:
                names[iris.named("opgave", task.name)][task.name] += 1
    for iri, counts in sorted(names.items()):
        out.typed(iri, pg("Opgave"))
        label = min(counts, key=lambda name: (-counts[name], name))
        out.add(iri, std("skos:prefLabel"), text(label))


KIND = GraphKind(
    "tasks", map_tasks, properties=("opgave",), classes=("Opgave",), shared=describe_tasks
)
