"""``import-indicator``: measured values from a CSV, checked row by row, beside the targets.

Every value here is invented for the tests; none is a real measurement.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from conftest import QUERIES
from prestatiegraaf.cli import app
from prestatiegraaf.graph.store import load_data
from prestatiegraaf.import_indicator import import_indicator, read_indicator_csv
from prestatiegraaf.namespaces import PROVINCE_IRI
from prestatiegraaf.pipeline import BuildResult
from prestatiegraaf.query import read_query, run_query
from prestatiegraaf.serve.pages import render_resource
from prestatiegraaf.serve.site import Site
from prestatiegraaf.serve.views import Context
from prestatiegraaf.validate.result import validate_files

runner = CliRunner()
INDICATOR = "instroom-technische-studies-mbo-hbo-wo"
HEADER = "indicator,area,period,value,unit,source\n"
INVENTED = (
    HEADER + f"{INDICATOR},Overijssel,2020,37.5,percent,Invented value for a test\n"
    f"{INDICATOR},Overijssel,2018,31,percent,https://example.org/invented\n"
)


def _invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def folder(tmp_path: Path, seed_build: BuildResult) -> Path:
    """A build folder holding the example graph, to import measured values into."""
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(seed_build.files[0], out / "prestaties.ttl")
    return out


def _csv(tmp_path: Path, text: str, name: str = "metingen.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def _realisation(data: list[Path]) -> list[dict[str, str]]:
    query = read_query(QUERIES / "doelrealisatie.rq")
    result = run_query(query, load_data(data))
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def test_invented_values_show_beside_the_target_of_5_2_1(tmp_path: Path, folder: Path) -> None:
    code, out, err = _invoke(
        "import-indicator", str(_csv(tmp_path, INVENTED)), "--out", str(folder)
    )
    assert (code, err) == (0, "")
    assert "2 observations written" in out and (folder / "indicators.ttl").is_file()
    rows = [r for r in _realisation([folder]) if r["code"] == "5.2.1"]
    assert rows, "5.2.1 has its 40% target"
    for row in rows:
        assert row["indicator"] == INDICATOR
        assert (row["comparison"], row["value"], row["unit"]) == ("tenminste", "40", "percent")
        assert (row["deadline"], row["measured"], row["period"]) == ("2020", "37.5", "2020")
        assert row["gehaald"] == "false"  # 37.5 is below the 40 aimed at


def test_a_value_at_or_above_the_target_is_met(tmp_path: Path, folder: Path) -> None:
    text = HEADER + f'{INDICATOR},overijssel,2019-2020,"41,5",%,Invented\n'
    import_indicator(_csv(tmp_path, text), folder)
    rows = [r for r in _realisation([folder]) if r["indicator"] == INDICATOR]
    assert {(r["measured"], r["period"], r["gehaald"]) for r in rows} == {
        ("41.5", "2019-2020", "true")
    }


def test_without_measured_values_a_target_is_unknown(seed_build: BuildResult) -> None:
    rows = _realisation([seed_build.files[0]])
    assert rows and {(r["measured"], r["period"], r["gehaald"]) for r in rows} == {
        ("", "", "unknown")
    }


def test_a_value_in_another_unit_or_area_or_year_is_not_compared(
    tmp_path: Path, folder: Path
) -> None:
    text = (
        HEADER + f"{INDICATOR},Overijssel,2020,5000,count,Invented\n"
        f"{INDICATOR},Gelderland,2020,45,percent,Invented\n"
        f"{INDICATOR},Overijssel,2021,45,percent,Invented\n"
    )
    import_indicator(_csv(tmp_path, text), folder)
    assert {r["gehaald"] for r in _realisation([folder])} == {"unknown"}


def test_observations_are_a_data_cube_that_conforms_to_the_shapes(tmp_path: Path) -> None:
    written, count = import_indicator(_csv(tmp_path, INVENTED), tmp_path / "values.ttl")
    assert (written, count) == (tmp_path / "values.ttl", 2)
    store = load_data([written])
    pg = "https://w3id.org/prestatiegraaf/def#"
    observations = list(
        store.quads_for_pattern(None, ox.NamedNode(pg + "gebied"), ox.NamedNode(PROVINCE_IRI))
    )
    assert len(observations) == 2
    assert validate_files([written]).conforms


def test_the_output_is_the_same_for_the_same_file(tmp_path: Path) -> None:
    first, _ = import_indicator(_csv(tmp_path, INVENTED), tmp_path / "a.ttl")
    second, _ = import_indicator(_csv(tmp_path, INVENTED), tmp_path / "b.ttl")
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (f"{INDICATOR},Overijssel,2020,veel,percent,Invented", 'value "veel" is not a number'),
        (f"{INDICATOR},Overijssel,twintig,40,percent,Invented", 'period "twintig" is not a year'),
        (f"{INDICATOR},Overijssel,2021-2019,40,percent,Invented", "ends before it starts"),
        (f"{INDICATOR},Overijssel,2020,40,kg,Invented", 'unit "kg" is not one of'),
        (f"{INDICATOR},Overijssel,2020,40,percent,", "empty source"),
        (f"{INDICATOR},Overijssel,2020", "expected 6 cells, found 3"),
        (f"{INDICATOR},Overijssel,2020,40,percent,http://bad iri", None),  # a text, not an IRI
    ],
)
def test_a_bad_row_is_named_by_its_line(
    tmp_path: Path, folder: Path, row: str, message: str | None
) -> None:
    good = f"{INDICATOR},Overijssel,2018,30,percent,Invented\n"
    path = _csv(tmp_path, HEADER + good + "\n" + row + "\n")
    code, _, err = _invoke("import-indicator", str(path), "--out", str(folder))
    if message is None:
        assert code == 0
        return
    assert code == 2
    assert f"error: {path}:4: " in err and message in err  # line 4: header, good, blank, bad
    assert not (folder / "indicators.ttl").exists()  # all or nothing


def test_a_duplicate_row_names_both_lines(tmp_path: Path, folder: Path) -> None:
    path = _csv(tmp_path, INVENTED + f"{INDICATOR},Overijssel,2020,38,percent,Another\n")
    code, _, err = _invoke("import-indicator", str(path), "--out", str(folder))
    assert code == 2
    assert f"{path}:4: duplicate row: indicator, area and period as on line 2" in err


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("indicator,area,period,value,unit", "missing column source"),
        ("indicator,area,period,value,unit,source,note", "unknown column note"),
        ("", "is empty"),
    ],
)
def test_a_bad_header_is_named_on_line_1(tmp_path: Path, header: str, message: str) -> None:
    path = _csv(tmp_path, header + "\n")
    code, _, err = _invoke("import-indicator", str(path), "--out", str(tmp_path / "o"))
    assert code == 2 and f"error: {path}:1: {message}" in err
    assert "Traceback" not in err


def test_every_error_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    text = HEADER + "a,Overijssel,2020,x,percent,s\nb,Overijssel,2020,1,parsec,s\n"
    with pytest.raises(Exception) as caught:
        read_indicator_csv(_csv(tmp_path, text))
    lines = str(caught.value).splitlines()
    assert [line.split(": ", 1)[0].rsplit(":", 1)[1] for line in lines] == ["2", "3"]


def test_a_missing_file_and_a_file_without_rows_are_usage_errors(tmp_path: Path) -> None:
    code, _, err = _invoke("import-indicator", str(tmp_path / "none.csv"))
    assert code == 2 and "cannot be read" in err
    code, _, err = _invoke("import-indicator", str(_csv(tmp_path, HEADER)))
    assert code == 2 and "holds no rows" in err


def test_the_csv_layout_is_documented() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "targets.md").read_text("utf-8")
    header = next(csv.reader(io.StringIO(HEADER)))
    assert ",".join(header) in doc


def test_the_prestatie_page_shows_targets_and_results(tmp_path: Path, folder: Path) -> None:
    prestatie = "https://w3id.org/prestatiegraaf/id/prestatie/2015-2019/5.2.1"
    store = load_data([folder / "prestaties.ttl"])
    context = Context(store, Site(base="https://w3id.org/prestatiegraaf"))
    page = render_resource(context, prestatie) or ""
    assert "Doelen en realisatie" not in page  # no measured values loaded
    import_indicator(_csv(tmp_path, INVENTED), folder)
    store = load_data([folder])
    page = render_resource(Context(store, Site(base="https://w3id.org/prestatiegraaf")), prestatie)
    assert page is not None and "<h2>Doelen en realisatie</h2>" in page
    table = page.split("<h2>Doelen en realisatie</h2>", 1)[1].split("</table>", 1)[0]
    assert "40 percent" in table and "37.5" in table and "false" in table
    assert "40% instroom in technische studies" in table


def test_a_target_without_deadline_is_never_compared(tmp_path: Path) -> None:
    graph = tmp_path / "graph.ttl"
    graph.write_text(
        """
        @prefix pg: <https://w3id.org/prestatiegraaf/def#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix qudt: <http://qudt.org/schema/qudt/> .
        @prefix unit: <http://qudt.org/vocab/unit/> .
        @prefix id: <https://w3id.org/prestatiegraaf/id/> .
        @prefix begrip: <https://w3id.org/prestatiegraaf/id/begrip/> .
        @prefix tooi: <https://identifier.overheid.nl/tooi/id/provincie/> .
        @prefix ind: <https://w3id.org/prestatiegraaf/id/indicator/> .
        id:b pg:beschrijft id:p ; pg:actie [ pg:doel id:g ] .
        id:p skos:notation "9.9.9" .
        id:g pg:waarde 40 ; qudt:unit unit:PERCENT ;
            pg:tekst "40% instroom in technische studies in het mbo, hbo en wo."@nl ;
            pg:indicator ind:instroom-technische-studies-mbo-hbo-wo ;
            pg:gebied tooi:pv23 ; pg:vergelijking begrip:vergelijking-tenminste .
        begrip:vergelijking-tenminste skos:notation "tenminste" .
        """,
        "utf-8",
    )
    values, _ = import_indicator(_csv(tmp_path, INVENTED), tmp_path / "values.ttl")
    rows = _realisation([graph, values])
    assert [(r["code"], r["deadline"], r["measured"], r["gehaald"]) for r in rows] == [
        ("9.9.9", "", "", "unknown")
    ]
