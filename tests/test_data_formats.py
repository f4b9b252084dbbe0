"""`query` and `validate` read every format a build writes, and fetch nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import QUERIES
from prestatiegraaf.cli import app
from prestatiegraaf.graph.store import data_files, load_data
from prestatiegraaf.pipeline import BuildResult
from prestatiegraaf.publish.jsonld import context_document

FORMATS = ("ttl", "nt", "trig", "jsonld")


def invoke(*args: str) -> tuple[int, str, str]:
    """The command line in a process of its own (validation forks, which a process that has
    run builds in this one may not survive)."""
    command = [sys.executable, "-m", "prestatiegraaf", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    return done.returncode, done.stdout, done.stderr


def refused(*args: str) -> tuple[int, str, str]:
    """The command line here, for input refused before anything runs."""
    result = CliRunner().invoke(app, list(args))
    assert isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@cache
def _query(data: Path, query: str = "budget.rq") -> str:
    code, out, err = invoke("query", str(QUERIES / query), "--data", str(data), "-f", "csv")
    assert code == 0, err
    return out


@cache
def _validate(data: Path) -> tuple[int, str]:
    code, out, err = invoke("validate", str(data), "--format", "json", "--timeout", "0")
    assert code in (0, 1), err
    return code, out


@pytest.fixture(scope="module")
def built(seed_build: BuildResult) -> Path:
    return seed_build.files[0].parent


@pytest.mark.parametrize("suffix", FORMATS[1:])
def test_every_format_gives_the_answers_of_the_turtle(built: Path, suffix: str) -> None:
    turtle, other = built / "prestaties.ttl", built / f"prestaties.{suffix}"
    assert len(_query(turtle).splitlines()) > 1  # the budget of the example has rows
    assert _query(other) == _query(turtle)
    assert _validate(other) == _validate(turtle)
    assert len(load_data([other])) == len(load_data([turtle]))


def test_named_graphs_are_read_into_the_default_graph(tmp_path: Path) -> None:
    trig = tmp_path / "g.trig"
    trig.write_text(
        "<https://example.org/a> <https://example.org/p> 1 .\n"
        "<https://example.org/g1> { <https://example.org/b> <https://example.org/p> 2 . }\n"
        "<https://example.org/g2> { <https://example.org/b> <https://example.org/p> 2 . }\n",
        encoding="utf-8",
    )
    store = load_data([trig])
    assert len(store) == 2 and not list(store.named_graphs())
    jsonld = tmp_path / "g.jsonld"
    jsonld.write_text(
        '{"@id": "https://example.org/g", "@graph": [{"@id": "https://example.org/c",'
        ' "https://example.org/p": "x"}]}',
        encoding="utf-8",
    )
    assert len(load_data([jsonld, trig])) == 3 and not list(load_data([jsonld]).named_graphs())


def test_a_folder_without_turtle_is_read_in_another_format(built: Path, tmp_path: Path) -> None:
    shutil.copy(built / "prestaties.jsonld", tmp_path)
    assert data_files([tmp_path]) == [tmp_path / "prestaties.jsonld"]
    assert _query(tmp_path) == _query(built / "prestaties.ttl")
    assert data_files([built]) == sorted(built.glob("*.ttl"))  # a build folder: its Turtle


def _referring(built: Path, folder: Path, context: str) -> Path:
    """The build's JSON-LD with its context replaced by a reference to ``context``."""
    document = json.loads((built / "prestaties.jsonld").read_bytes())
    document["@context"] = context
    path = folder / "prestaties.jsonld"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_context_beside_the_file_is_read_for_a_reference_to_it(
    built: Path, tmp_path: Path
) -> None:
    path = _referring(built, tmp_path, "context.jsonld")
    code, _, err = refused("query", str(QUERIES / "budget.rq"), "--data", str(path))
    assert code == 2
    assert err.strip() == f"error: {path}: its @context context.jsonld is not beside it"
    (tmp_path / "context.jsonld").write_bytes(context_document())
    assert _query(path) == _query(built / "prestaties.ttl")
    assert _validate(path) == _validate(built / "prestaties.ttl")


@pytest.mark.parametrize(
    "context",
    [
        "https://w3id.org/prestatiegraaf/context.jsonld",
        "../context.jsonld",
        ["https://example.org/context.jsonld", {"pg": "https://w3id.org/prestatiegraaf/def#"}],
    ],
)
def test_a_context_elsewhere_is_refused_not_fetched(
    built: Path, tmp_path: Path, context: object
) -> None:
    document = json.loads((built / "prestaties.jsonld").read_bytes())
    document["@context"] = context
    path = tmp_path / "prestaties.jsonld"
    path.write_text(json.dumps(document), encoding="utf-8")
    (tmp_path / "context.jsonld").write_bytes(context_document())
    for command in (["query", str(QUERIES / "budget.rq"), "--data"], ["validate"]):
        code, out, err = refused(*command, str(path))
        assert code == 2 and out == ""
        assert err.startswith(f"error: {path}: its @context is a document elsewhere, which is "
                              "not fetched")  # fmt: skip
        assert len(err.strip().splitlines()) == 1


def test_broken_json_ld_is_one_line_with_its_place(tmp_path: Path) -> None:
    path = tmp_path / "broken.jsonld"
    path.write_text('{"@context": {"p": "https://example.org/p"},\n"@graph": [{"p": tru}]}')
    code, _, err = refused("validate", str(path))
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert err.startswith(f"error: {path}: not valid RDF:") and "line 2" in err
