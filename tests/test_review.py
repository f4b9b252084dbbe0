"""New actors to review: in the coverage report and with ``prestatiegraaf actors``.

A small corpus names three organisations the actor register does not know (the Stichting
Cultuurpad Oost, the Regionaal Energieloket and Port of Zwolle) and one it does (Oost NL).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from prestatiegraaf.cli import app
from prestatiegraaf.graph.store import load_data
from prestatiegraaf.review import Context, NewActor, format_actors, new_actors

MANIFEST = """file,title,kind,year,period
monitor.md,Monitor 2017-II,monitor,2017,II
begroting.md,Begroting 2018,begroting,2018,
"""
MONITOR = """## 2.2.3 Stimuleren van lokale energie-initiatieven

Wij ondersteunen inwoners en coöperaties die zelf duurzame energie willen opwekken.

Integrale kleurscore

Groen

### Lasten prestatie

| Begroot | Besteed | Ruimte |
|---|---|---|
| 3.200.000 | 1.150.000 | 2.050.000 |

### Acties

1. Wij verstrekken procesgeld, samen met de Stichting Cultuurpad Oost.
2. Wij openen met het Regionaal Energieloket (REL) een loket voor woningeigenaren.
3. Wij werken samen met Port of Zwolle en Oost NL aan duurzaam vervoer over water.

### Toelichting op voortgang

Geen afwijking.

**Verantwoordelijke portefeuillehouder:**

Erik Lievers.

## 2.2.4 Verduurzamen van de woningvoorraad

Wij helpen eigenaren hun woning te verduurzamen.

Integrale kleurscore

Oranje

### Lasten prestatie

| Begroot | Besteed | Ruimte |
|---|---|---|
| 1.000.000 | 400.000 | 600.000 |

### Acties

1. Het Regionaal Energieloket (REL) adviseert woningeigenaren over isolatie.

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

ENERGIELOKET = NewActor(
    name="Regionaal Energieloket",
    key="regionaal-energieloket",
    kind="org:Organization",
    how="organisatiewoord",
    lowest=0.9,
    highest=0.9,
    mentions=3,
    prestaties=2,
    contexts=(
        Context("begroting.md", 8, "Regionaal Energieloket"),
        Context("monitor.md", 18, "Regionaal Energieloket"),
        Context("monitor.md", 45, "Regionaal Energieloket"),
    ),
)
PORT = NewActor(
    name="Port of Zwolle",
    key="port-of-zwolle",
    kind="org:Organization",
    how="signaalwoord",
    lowest=0.6,
    highest=0.6,
    mentions=1,
    prestaties=1,
    contexts=(Context("monitor.md", 19, "Port of Zwolle"),),
)
CULTUURPAD = NewActor(
    name="Stichting Cultuurpad Oost",
    key="stichting-cultuurpad-oost",
    kind="org:Organization",
    how="organisatiewoord",
    lowest=0.9,
    highest=0.9,
    mentions=1,
    prestaties=1,
    contexts=(Context("monitor.md", 17, "Stichting Cultuurpad Oost"),),
)

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus built into a folder of its own."""
    root = tmp_path_factory.mktemp("review")
    source = root / "src"
    source.mkdir()
    for name, text in (("manifest.csv", MANIFEST), ("monitor.md", MONITOR),
                       ("begroting.md", BEGROTING)):  # fmt: skip
        (source / name).write_text(text, "utf-8")
    out = root / "out"
    code, _, stderr = invoke("build", str(source), "--out", str(out))
    assert code == 0, stderr
    return out


def test_new_actors_are_listed_most_mentioned_first(built: Path) -> None:
    found = new_actors(load_data([built]))
    assert found == [ENERGIELOKET, PORT, CULTUURPAD]  # Oost NL is in the register


def test_min_confidence_keeps_the_surer_ones(built: Path) -> None:
    store = load_data([built])
    assert new_actors(store, 0.8) == [ENERGIELOKET, CULTUURPAD]
    assert new_actors(store, 0.95) == []


def test_the_table(built: Path) -> None:
    code, stdout, _ = invoke("actors", "--data", str(built))
    assert code == 0
    assert stdout == format_actors([ENERGIELOKET, PORT, CULTUURPAD])
    lines = stdout.splitlines()
    assert lines[0].split() == [
        "name", "key", "class", "how", "lowest", "highest", "mentions", "prestaties"
    ]  # fmt: skip
    assert lines[2].split() == [
        "Regionaal", "Energieloket", "regionaal-energieloket", "org:Organization",
        "organisatiewoord", "0.90", "0.90", "3", "2",
    ]  # fmt: skip
    assert lines[3:6] == [
        '    begroting.md:8: "Regionaal Energieloket"',
        '    monitor.md:18: "Regionaal Energieloket"',
        '    monitor.md:45: "Regionaal Energieloket"',
    ]
    assert lines[-1] == "(3 actors outside the register)"


def test_the_csv(built: Path) -> None:
    code, stdout, _ = invoke("actors", "--data", str(built), "--format", "csv",
                             "--min-confidence", "0.5")  # fmt: skip
    assert code == 0
    rows = list(csv.reader(io.StringIO(stdout)))
    assert rows == [
        ["name", "key", "class", "how", "lowest", "highest", "mentions", "prestaties",
         "context1", "context2", "context3"],
        ["Regionaal Energieloket", "regionaal-energieloket", "org:Organization",
         "organisatiewoord", "0.90", "0.90", "3", "2", 'begroting.md:8: "Regionaal Energieloket"',
         'monitor.md:18: "Regionaal Energieloket"', 'monitor.md:45: "Regionaal Energieloket"'],
        ["Port of Zwolle", "port-of-zwolle", "org:Organization", "signaalwoord", "0.60", "0.60",
         "1", "1", 'monitor.md:19: "Port of Zwolle"', "", ""],
        ["Stichting Cultuurpad Oost", "stichting-cultuurpad-oost", "org:Organization",
         "organisatiewoord", "0.90", "0.90", "1", "1",
         'monitor.md:17: "Stichting Cultuurpad Oost"', "", ""],
    ]  # fmt: skip


def test_bad_input_is_one_line(tmp_path: Path) -> None:
    code, stdout, stderr = invoke("actors", "--data", str(tmp_path / "none"))
    assert code == 2 and stdout == ""
    assert stderr.strip() == f"error: {tmp_path / 'none'}: data not found; expected a Turtle " \
        "file or a build folder"  # fmt: skip
    code, _, _ = invoke("actors", "--data", str(tmp_path), "--min-confidence", "1.5")
    assert code == 2


def test_an_empty_list(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("build", "--out", str(out))[0] == 0  # the example corpus: register actors only
    code, stdout, _ = invoke("actors", "--data", str(out))
    assert code == 0 and stdout.splitlines()[-1] == "(0 actors outside the register)"


def test_the_coverage_report_lists_new_actors(built: Path) -> None:
    report = json.loads((built / "report.json").read_text("utf-8"))
    by_file = {Path(entry["file"]).name: entry["sections"] for entry in report["files"]}
    found = {
        (name, section["code"]): section["new_actors"]
        for name, sections in by_file.items()
        for section in sections
    }
    assert found == {
        ("monitor.md", "2.2.3"): [
            {"name": "Stichting Cultuurpad Oost", "key": "stichting-cultuurpad-oost",
             "kind": "organisatie", "how": "organisatiewoord", "confidence": 0.9, "line": 17},
            {"name": "Regionaal Energieloket", "key": "regionaal-energieloket",
             "kind": "organisatie", "how": "organisatiewoord", "confidence": 0.9, "line": 18},
            {"name": "Port of Zwolle", "key": "port-of-zwolle", "kind": "organisatie",
             "how": "signaalwoord", "confidence": 0.6, "line": 19},
        ],
        ("monitor.md", "2.2.4"): [
            {"name": "Regionaal Energieloket", "key": "regionaal-energieloket",
             "kind": "organisatie", "how": "organisatiewoord", "confidence": 0.9, "line": 45},
        ],
        ("begroting.md", "2.2.3"): [
            {"name": "Regionaal Energieloket", "key": "regionaal-energieloket",
             "kind": "organisatie", "how": "organisatiewoord", "confidence": 0.9, "line": 8},
        ],
    }  # fmt: skip
    text = (built / "report.txt").read_text("utf-8").splitlines()
    assert (
        "      new actor: Stichting Cultuurpad Oost (stichting-cultuurpad-oost; organisatiewoord, "
        "confidence 0.90)"
    ) in text
    start = text.index("new actors, not in the register (3; review with 'prestatiegraaf actors'):")
    assert text[start + 1 :] == [
        "    Regionaal Energieloket (actor:regionaal-energieloket, organisatie; organisatiewoord, "
        "confidence 0.90; 3 mentions)",
        "    Port of Zwolle (actor:port-of-zwolle, organisatie; signaalwoord, confidence 0.60; "
        "1 mention)",
        "    Stichting Cultuurpad Oost (actor:stichting-cultuurpad-oost, organisatie; "
        "organisatiewoord, confidence 0.90; 1 mention)",
        "2 files read, 0 failed, 3 sections",
    ]


def test_the_command_has_help_and_is_in_the_readme() -> None:
    code, stdout, _ = invoke("actors", "--help")
    assert code == 0 and "Example:" in stdout
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "prestatiegraaf actors" in readme and "--quarantine" in readme
