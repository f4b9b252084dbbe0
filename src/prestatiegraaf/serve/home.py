"""The home page and the query form, as pure functions of the graph and the site.

The home page says what the dataset is, counts it, lists the prestaties by kerntaak and
offers the example queries and the data files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.namespaces import sparql_prefixes
from prestatiegraaf.serve.pages import ResultTable, render
from prestatiegraaf.serve.views import Context, TermView

# The files of a build folder the site offers, and what each holds.
DUMPS = {
    "prestaties.ttl": ("text/turtle", "the graph in Turtle"),
    "prestaties.nt": ("application/n-triples", "the graph in N-Triples"),
    "prestaties.trig": ("application/trig", "the graph in TriG (one named graph)"),
    "prestaties.jsonld": ("application/ld+json", "the graph in JSON-LD"),
    "dataset.ttl": ("text/turtle", "the dataset description (DCAT)"),
    "report.txt": ("text/plain", "the coverage report"),
    "validation-report.txt": ("text/plain", "the SHACL validation report"),
}
COUNTED = (
    ("prestaties", "pg:Prestatie"),
    ("descriptions", "pg:Prestatiebeschrijving"),
    ("documents", "pg:Document"),
    ("actions", "pg:Actie"),
    ("actors", "pg:Actor"),
    ("source files", "pg:Bronbestand"),
)
SHOW_AS = (
    ("html", "table"), ("json", "JSON"), ("xml", "XML"), ("csv", "CSV"), ("tsv", "TSV"),
    ("turtle", "Turtle"), ("ntriples", "N-Triples"), ("jsonld", "JSON-LD"),
)  # fmt: skip


@dataclass(frozen=True)
class Example:
    """An example query of ``queries/``: its file name without ``.rq``, question and text."""

    name: str
    title: str
    text: str


def example_queries(folder: Path) -> list[Example]:
    """The ``*.rq`` files of ``folder``, titled by their ``# Question:`` line."""
    examples = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        title = path.stem
        for line in text.splitlines():
            if line.startswith("# Question:"):
                title = line.removeprefix("# Question:").strip()
                title = title[:1].upper() + title[1:]
                break
        examples.append(Example(path.stem, title, text))
    return examples


@dataclass
class Goal:
    """A beleidsdoel with its prestaties, for the home page."""

    view: TermView
    prestaties: list[dict[str, object]] = field(default_factory=list)


@dataclass
class Task:
    """A kerntaak of one coalition period with its goals, for the home page."""

    view: TermView
    period: str
    goals: dict[str, Goal] = field(default_factory=dict)


def _select(store: ox.Store, query: str) -> list[list[object]]:
    solutions = store.query(sparql_prefixes() + query)
    assert isinstance(solutions, ox.QuerySolutions)
    return [list(solution) for solution in solutions]


def _text(term: object) -> str:
    return term.value if isinstance(term, ox.Literal) else ""


def _sort_code(code: str) -> list[int]:
    return [int(part) if part.isdigit() else 0 for part in code.split(".")]


def prestaties_by_task(context: Context) -> list[Task]:
    """The prestaties of the graph grouped by kerntaak and beleidsdoel, in code order."""
    rows = _select(context.store, """
        SELECT ?prestatie ?code ?goal ?task ?period (COUNT(DISTINCT ?document) AS ?documents)
        WHERE {
          ?prestatie a pg:Prestatie ; skos:notation ?code .
          OPTIONAL { ?prestatie pg:coalitieperiode ?period }
          OPTIONAL { ?prestatie skos:broader ?goal . OPTIONAL { ?goal skos:broader ?task } }
          OPTIONAL { ?description pg:beschrijft ?prestatie ; dcterms:isPartOf ?document }
        }
        GROUP BY ?prestatie ?code ?goal ?task ?period""")  # fmt: skip
    tasks: dict[str, Task] = {}
    for prestatie, code, goal, task, period, documents in sorted(
        rows, key=lambda r: (_text(r[4]), _sort_code(_text(r[1])))
    ):
        task_key = str(task) if task is not None else f"none {_text(period)}"
        if task_key not in tasks:
            view = (
                context.view(task) if task is not None else TermView("Without kerntaak", "literal")
            )
            tasks[task_key] = Task(view, _text(period) or "unknown")
        goals = tasks[task_key].goals
        goal_key = str(goal)
        if goal_key not in goals:
            goals[goal_key] = Goal(
                context.view(goal)
                if goal is not None
                else TermView("Without beleidsdoel", "literal")
            )
        assert isinstance(prestatie, ox.NamedNode)
        goals[goal_key].prestaties.append({
            "code": _text(code),
            "label": context.label(prestatie) if context.label(prestatie) != _text(code) else "",
            "href": context.site.href(prestatie.value),
            "documents": int(_text(documents) or 0),
        })  # fmt: skip
    return list(tasks.values())


def render_home(context: Context, examples: list[Example], dumps: list[str]) -> str:
    """The home page; ``dumps`` are the files of :data:`DUMPS` the site offers."""
    store = context.store
    dataset_rows = _select(
        store,
        """
        SELECT ?dataset WHERE { ?dataset a dcat:Dataset } ORDER BY ?dataset LIMIT 1""",
    )
    dataset = dataset_rows[0][0] if dataset_rows else None
    title, description = "Prestatiegraaf", ""
    if isinstance(dataset, ox.NamedNode):
        title = context.label(dataset) or title
        found = _select(store, f"SELECT ?d WHERE {{ <{dataset.value}> dcterms:description ?d }}")
        literals = [row[0] for row in found if isinstance(row[0], ox.Literal)]
        preferred = [x for x in literals if x.language == context.language] or literals
        description = preferred[0].value if preferred else ""
    counts = [("triples", len(store))]
    for name, kind in COUNTED:
        found = _select(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {kind} }}")
        counts.append((name, int(_text(found[0][0]) or 0)))
    documents = [
        {"view": context.view(row[0]), "descriptions": int(_text(row[1]) or 0)}
        for row in _select(store, """
            SELECT ?document (COUNT(?description) AS ?n) WHERE {
              ?document a pg:Document .
              OPTIONAL { ?description dcterms:isPartOf ?document ; a pg:Prestatiebeschrijving }
            } GROUP BY ?document""")
    ]  # fmt: skip
    documents.sort(key=lambda d: d["view"].text)  # type: ignore[attr-defined]
    return render(
        "home.html", context,
        title=title, description=description, counts=counts,
        tasks=[{"view": t.view, "period": t.period, "goals": list(t.goals.values())}
               for t in prestaties_by_task(context)],
        documents=documents, examples=examples,
        dumps=[(name, context.site.link(name), DUMPS[name][1]) for name in dumps],
        dataset=context.view(dataset) if dataset is not None else None,
    )  # fmt: skip


def render_query_page(
    context: Context,
    *,
    query: str,
    examples: list[Example],
    chosen: str = "html",
    limits: tuple[float, int] = (30.0, 10_000),
    result: ResultTable | None = None,
    error: str | None = None,
) -> str:
    """The query form, with the answer or error of the query it was sent when there is one."""
    seconds, rows = limits
    return render(
        "query.html", context,
        query=query, examples=examples, formats=SHOW_AS, chosen=chosen,
        limit_time=f"{seconds:g}" if seconds != float("inf") else "",
        limit_rows=f"{rows:,}" if rows else "unlimited",
        result=result, error=error,
    )  # fmt: skip
