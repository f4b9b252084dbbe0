"""build --quarantine: one doubtful section does not stop the publication of the sound ones.

A small corpus holds two documents; the monitor has a good section (2.2.3) and a broken one
(2.2.4, whose Ruimte is not Begroot - Besteed, which pgsh:RuimteShape rejects). By default
the build refuses the graph; with --quarantine it leaves out 2.2.4 and publishes the rest,
byte for byte what a build of the sources without that section publishes.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from conftest import ROOT
from prestatiegraaf.cli import app
from prestatiegraaf.graph.store import load_data
from prestatiegraaf.pipeline import BuildOptions, build
from prestatiegraaf.publish.quarantine import owning_descriptions

ID = "https://w3id.org/prestatiegraaf/id/"
GOOD = f"{ID}prestatiebeschrijving/monitor-2017-ii/2.2.3"
BROKEN = f"{ID}prestatiebeschrijving/monitor-2017-ii/2.2.4"
GRAPH_FILES = ("prestaties.ttl", "prestaties.nt", "prestaties.trig", "prestaties.jsonld")

MANIFEST = """file,title,kind,year,period
monitor.md,Monitor 2017-II,monitor,2017,II
begroting.md,Begroting 2018,begroting,2018,
"""
GOOD_SECTION = """## 2.2.3 Stimuleren van lokale energie-initiatieven

Wij ondersteunen inwoners en coöperaties die zelf duurzame energie willen opwekken.

Integrale kleurscore

Groen

### Lasten prestatie

| Begroot | Besteed | Ruimte |
|---|---|---|
| 3.200.000 | 1.150.000 | 2.050.000 |

### Acties

1. Wij verstrekken procesgeld aan lokale energie-initiatieven.
2. Wij werken samen met de Stichting Cultuurpad Oost aan een route langs de molens.

### Toelichting op voortgang

Geen afwijking.

**Verantwoordelijke portefeuillehouder:**

Erik Lievers.
"""
BROKEN_SECTION = """
## 2.2.4 Verduurzamen van de woningvoorraad

Wij helpen eigenaren hun woning te verduurzamen.

Integrale kleurscore

Oranje

### Lasten prestatie

| Begroot | Besteed | Ruimte |
|---|---|---|
| 1.000.000 | 400.000 | 500.000 |

### Acties

1. Wij openen samen met het Regionaal Energieloket (REL) een loket voor woningeigenaren.

### Toelichting op voortgang

Geen afwijking.

**Verantwoordelijke portefeuillehouder:**

Hester Maij.
"""
BEGROTING = """## 2.2.3 Stimuleren van lokale energie-initiatieven

Wij ondersteunen inwoners en coöperaties die zelf duurzame energie willen opwekken.

### Acties

1. Wij verstrekken procesgeld aan lokale energie-initiatieven.
2. Wij werken via het Regionaal Energieloket (REL) aan advies voor coöperaties.

**Verantwoordelijke portefeuillehouder:**

Erik Lievers.
"""

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def corpus(folder: Path, *, broken: bool = True) -> Path:
    """The two documents in ``folder``; the monitor's last section broken or left out."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.csv").write_text(MANIFEST, "utf-8")
    (folder / "monitor.md").write_text(GOOD_SECTION + (BROKEN_SECTION if broken else ""), "utf-8")
    (folder / "begroting.md").write_text(BEGROTING, "utf-8")
    return folder


@pytest.fixture(scope="module")
def quarantined(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str, str]:
    """The broken corpus built with --quarantine: the output folder, exit code and output."""
    root = tmp_path_factory.mktemp("quarantine")
    out = root / "out"
    code, stdout, stderr = invoke("build", str(corpus(root / "src")), "--out", str(out),
                                  "--quarantine")  # fmt: skip
    return out, code, stdout, stderr


def _subjects(out: Path) -> set[str]:
    store = load_data([out / "prestaties.nt"])
    return {quad.subject.value for quad in store if isinstance(quad.subject, ox.NamedNode)}


def test_the_default_build_is_strict(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = invoke("build", str(corpus(tmp_path / "src")), "--out", str(out))
    assert code == 1
    assert "graph does not conform to the shapes (1 violations" in stderr
    assert "nothing published" in stderr and "Traceback" not in stdout + stderr
    assert not (out / "prestaties.ttl").exists() and not (out / "report.txt").exists()
    report = (out / "failed-build" / "validation-report.txt").read_text("utf-8")
    assert "Ruimte (500000) does not equal Begroot (1000000) minus Besteed (400000)" in report
    assert "Left out" not in report


def test_quarantine_publishes_the_sound_sections(quarantined: tuple[Path, int, str, str]) -> None:
    out, code, stdout, stderr = quarantined
    assert code == 0, stderr
    assert "2 files, 3 sections (1 left out)" in stdout
    assert (
        f"warning: 1 description left out of the published graph (--quarantine); "
        f"report in {out / 'validation-report.txt'}"
    ) in stderr
    assert "monitor.md: 2.2.4 (Monitor 2017-II) left out: 1 finding" in stderr
    subjects = _subjects(out)
    assert GOOD in subjects and f"{GOOD}/lasten" in subjects and f"{GOOD}/actie/2" in subjects
    assert f"{ID}prestatiebeschrijving/begroting-2018/2.2.3" in subjects
    # the broken description, its facts, their provenance and what only it needed are gone
    assert not [s for s in subjects if s.startswith(BROKEN)]
    assert f"{ID}persoon/hester-maij" not in subjects
    assert f"{ID}prestatie/2015-2019/2.2.4" not in subjects
    # an actor the other document names as well stays
    assert f"{ID}organisatie/regionaal-energieloket" in subjects


def test_the_published_graph_conforms(quarantined: tuple[Path, int, str, str]) -> None:
    out = quarantined[0]
    code, stdout, _ = invoke("validate", str(out))
    assert code == 0
    assert stdout.splitlines()[-1].startswith("conforms: 0 violations")


def test_it_is_the_graph_of_the_sources_without_the_broken_section(
    quarantined: tuple[Path, int, str, str], tmp_path: Path
) -> None:
    out = quarantined[0]
    clean = tmp_path / "clean"
    code, _, stderr = invoke("build", str(corpus(tmp_path / "src", broken=False)), "--out",
                             str(clean), "--no-cache")  # fmt: skip
    assert code == 0, stderr
    for name in GRAPH_FILES:
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name


def test_the_reports_list_what_was_left_out(quarantined: tuple[Path, int, str, str]) -> None:
    out = quarantined[0]
    validation = (out / "validation-report.txt").read_text("utf-8").splitlines()
    assert validation[0] == "Left out of the published graph (--quarantine): 1 description"
    assert validation[1].startswith(
        "  2.2.4 'Verduurzamen van de woningvoorraad' (Monitor 2017-II)"
    )
    assert validation[1].endswith("monitor.md")
    assert validation[2] == f"    {BROKEN}"
    assert validation[3].startswith("    Violation: 2.2.4 (Monitor 2017-II): pg:ruimte")
    assert validation[3].endswith(
        "Ruimte (500000) does not equal Begroot (1000000) minus Besteed (400000)"
    )
    assert validation[4].startswith("      source: monitor.md:")
    assert validation[-1].startswith("conforms: 0 violations")  # of the graph published

    report = json.loads((out / "report.json").read_text("utf-8"))
    (left,) = report["quarantined"]
    assert left["file"].endswith("monitor.md")
    assert (left["code"], left["document"], left["description"]) == (
        "2.2.4",
        "Monitor 2017-II",
        BROKEN,
    )
    (violation,) = left["violations"]
    assert violation["shape"] == "pgsh:RuimteShape" and violation["path"] == "pg:ruimte"
    assert violation["focus"] == f"{BROKEN}/lasten"
    assert violation["message"].startswith("Ruimte (500000) does not equal")

    text = (out / "report.txt").read_text("utf-8")
    assert "    2.2.4    " in text and "[left out: does not conform]" in text
    left_line = next(line for line in text.splitlines() if line.startswith("LEFT OUT "))
    assert left_line.endswith("monitor.md 2.2.4 (Monitor 2017-II): 1 finding")
    assert "    Violation: pg:ruimte: Ruimte (500000) does not equal" in text
    assert text.splitlines()[-1] == "2 files read, 0 failed, 3 sections, 1 left out"


def test_nothing_left_out_is_a_normal_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = invoke("build", str(corpus(tmp_path / "src", broken=False)), "--out",
                                  str(out), "--quarantine")  # fmt: skip
    assert code == 0
    assert "left out" not in stdout + stderr
    assert "quarantined" not in json.loads((out / "report.json").read_text("utf-8"))
    assert "Left out" not in (out / "validation-report.txt").read_text("utf-8")
    code, stdout, _ = invoke("build", str(tmp_path / "src"), "--out", str(out), "--quarantine")
    assert code == 0 and "graph unchanged since the last build" in stdout


def test_the_library_call_says_what_was_left_out(tmp_path: Path) -> None:
    result = build(BuildOptions(inputs=(corpus(tmp_path / "src"),), out_dir=tmp_path / "out",
                                quarantine=True, workers=1))  # fmt: skip
    (left,) = result.left_out
    assert (left.code, left.title, left.document) == (
        "2.2.4",
        "Verduurzamen van de woningvoorraad",
        "Monitor 2017-II",
    )
    assert left.file.endswith("monitor.md") and left.description == BROKEN
    assert [f.issue.source_shape.rsplit("#", 1)[1] for f in left.findings] == ["RuimteShape"]
    assert result.validation is not None and result.validation.conforms
    assert not (tmp_path / "out" / ".cache" / "published-graph.record").exists()


def _shapes_with_a_rule_for_persons(folder: Path) -> Path:
    """The project's shapes and one more: a portfolio holder's name starts with a Z."""
    folder.mkdir()
    shutil.copy(ROOT / "shapes" / "prestatiegraaf.shapes.ttl", folder)
    (folder / "extra.shapes.ttl").write_text(
        """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix ex: <https://example.org/shapes#> .
ex:Z a sh:NodeShape ; sh:targetClass foaf:Person ;
    sh:property [ sh:path foaf:name ; sh:pattern "^Z" ;
                  sh:message "Names start with a Z."@en , "Namen beginnen met een Z."@nl ] .
""",
        "utf-8",
    )
    return folder


@pytest.mark.parametrize("broken", [False, True])
def test_a_shared_resource_that_fails_stops_the_build(tmp_path: Path, broken: bool) -> None:
    shapes = _shapes_with_a_rule_for_persons(tmp_path / "shapes")
    out = tmp_path / "out"
    code, stdout, stderr = invoke("build", str(corpus(tmp_path / "src", broken=broken)), "--out",
                                  str(out), "--shapes", str(shapes), "--quarantine")  # fmt: skip
    assert code == 1, stderr
    assert "Traceback" not in stdout + stderr
    assert not (out / "prestaties.ttl").exists()
    violations = 2 if broken else 1  # Erik Lievers, who the good section names too
    assert f"graph does not conform to the shapes ({violations + broken} violations" in stderr
    assert ("leaving out 1 description with violations does not make" in stderr) is broken
    report = (out / "failed-build" / "validation-report.txt").read_text("utf-8")  # whole graph
    assert "Names start with a Z." in report
    assert ("Ruimte (500000) does not equal" in report) is broken


def test_a_patched_build_quarantines_too(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """After a clean build of a larger corpus, one file breaks: the patched graph does not
    conform, so the build leaves the section out and writes the rest whole; fixing the file
    gives the clean graph back."""
    source = tmp_path / "src"
    shutil.copytree(ROOT / "tests" / "data" / "sources", source)
    with (source / "manifest.csv").open("a", encoding="utf-8") as manifest:
        manifest.write("zz-monitor.md,Monitor 2017-II,monitor,2017,II\n")
    (source / "zz-monitor.md").write_text(GOOD_SECTION, "utf-8")
    out, reference = tmp_path / "out", tmp_path / "reference"
    assert invoke("build", str(source), "--out", str(out))[0] == 0
    assert invoke("build", str(source), "--out", str(reference), "--no-cache")[0] == 0

    (source / "zz-monitor.md").write_text(GOOD_SECTION + BROKEN_SECTION, "utf-8")
    caplog.set_level(logging.INFO, logger="prestatiegraaf")
    code, stdout, stderr = invoke("build", str(source), "--out", str(out), "--quarantine")
    assert code == 0, stderr
    assert "(1 left out)" in stdout
    assert "graph files patched" in caplog.text and "leaving out 1 description " in caplog.text
    for name in GRAPH_FILES:
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name
    assert invoke("build", str(source), "--out", str(out))[0] == 1  # strict: nothing changes
    for name in GRAPH_FILES:
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name

    (source / "zz-monitor.md").write_text(GOOD_SECTION, "utf-8")
    code, stdout, _ = invoke("build", str(source), "--out", str(out))
    assert code == 0 and "graph unchanged since" not in stdout  # no record: a full build
    assert "graph files patched" not in stdout
    for name in (*GRAPH_FILES, "validation-report.txt"):
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name


def test_focus_nodes_are_traced_to_the_description_that_owns_them(
    quarantined: tuple[Path, int, str, str],
) -> None:
    store = load_data([quarantined[0] / "prestaties.nt"])
    owned = [
        GOOD,
        f"{GOOD}/actie/1",
        f"{GOOD}/actie/1/bron",
        f"{GOOD}/actie/1/bron/citaat",
        f"{GOOD}/lasten",
        f"{GOOD}/kleurscore/integraal/bron/citaat",
        f"{GOOD}/basisinformatie",
        f"{GOOD}/vermelding/stichting-cultuurpad-oost",
    ]
    shared = [f"{ID}persoon/erik-lievers", f"{ID}organisatie/stichting-cultuurpad-oost"]
    found = owning_descriptions(store, [*owned, *shared, '"a literal"', "_:b0"])
    assert found == dict.fromkeys(owned, GOOD)
