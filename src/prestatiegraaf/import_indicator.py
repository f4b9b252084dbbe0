"""Measured values of indicators from a CSV file, as RDF Data Cube observations.

The CSV has the header ``indicator,area,period,value,unit,source`` (in any order, no other
columns) and one measured value a row:

- ``indicator``: the code of a target's indicator (``instroom-technische-studies-mbo-hbo-wo``,
  as ``queries/doelrealisatie.rq`` lists it), its IRI, or its words, which give the same code;
- ``area``: ``Overijssel`` (the province, the area of every target), an IRI, or another name;
- ``period``: a year (``2020``) or a range of years (``2019-2020``);
- ``value``: a number, with a decimal point or comma (``41.5``, ``"41,5"``);
- ``unit``: ``percent`` (``%``, ``procent``), ``count`` (``aantal``) or ``euro`` (``eur``, ``€``);
- ``source``: where the value comes from, a URL or a text.

Every row is checked before anything is written; an error names the file and the line.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from prestatiegraaf.errors import OutputError, SourceError
from prestatiegraaf.graph.iris import IriMinter
from prestatiegraaf.graph.terms import RDF_TYPE, decimal, pg, std, year
from prestatiegraaf.namespaces import DEFAULT_BASE, PREFIXES, PROVINCE_IRI
from prestatiegraaf.sources.normalize import slug

COLUMNS = ("indicator", "area", "period", "value", "unit", "source")
OUTPUT_NAME = "indicators.ttl"
UNITS = {
    "percent": "PERCENT",
    "%": "PERCENT",
    "procent": "PERCENT",
    "count": "NUM",
    "aantal": "NUM",
    "euro": "CCY_EUR",
    "eur": "CCY_EUR",
    "€": "CCY_EUR",
}
_YEAR = r"(?:19|20)\d{2}"
_PERIOD = re.compile(rf"^({_YEAR})(?:\s*[-–/]\s*({_YEAR}))?$")
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")
_IRI = re.compile(r"^https?://\S+$")
_MAX_ERRORS = 20


@dataclass(frozen=True)
class Measurement:
    """One checked row: a measured value of an indicator for an area and a period."""

    line: int
    indicator: str  # the indicator's code
    label: str  # the indicator as written in the file
    area: str  # an IRI
    area_label: str | None  # the name of an area minted here, None for an IRI given
    first_year: int | None  # the first year of a range, None for one year
    year: int
    value: Decimal
    unit: str  # QUDT unit name
    source: str


def read_indicator_csv(path: Path, base: str = DEFAULT_BASE) -> list[Measurement]:
    """Read and check every row of ``path``.

    Raises:
        SourceError: the file cannot be read, or rows are wrong; the message has a line per
            problem, each naming the file and line.

    """
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError("is not UTF-8 text; save the CSV as UTF-8", path=path) from None
    except OSError as exc:
        raise SourceError(f"cannot be read: {exc.strerror}", path=path) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None or not any(cell.strip() for cell in header):
        raise SourceError(f"is empty; expected the header {','.join(COLUMNS)}", path=path, line=1)
    names = [cell.strip().lower() for cell in header]
    missing = [c for c in COLUMNS if c not in names]
    unknown = [n for n in names if n not in COLUMNS]
    if missing or unknown or len(set(names)) != len(names):
        problem = "; ".join(
            part
            for part in (
                f"missing column {', '.join(missing)}" if missing else "",
                f"unknown column {', '.join(unknown)}" if unknown else "",
                "a column is named twice" if len(set(names)) != len(names) else "",
            )
            if part
        )
        raise SourceError(f"{problem}; expected the header {','.join(COLUMNS)}", path=path, line=1)
    iris = IriMinter(base)
    errors: list[str] = []
    found: list[Measurement] = []
    seen: dict[tuple[str, str, int], int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        try:
            measurement = _row(names, cells, line, iris)
        except ValueError as exc:
            errors.append(f"{path}:{line}: {exc}")
        else:
            key = (measurement.indicator, measurement.area, measurement.year)
            if key in seen:
                errors.append(
                    f"{path}:{line}: duplicate row: indicator, area and period as on line "
                    f"{seen[key]}"
                )
            else:
                seen[key] = line
                found.append(measurement)
    if errors:
        shown = errors[:_MAX_ERRORS]
        if len(errors) > _MAX_ERRORS:
            shown.append(f"... and {len(errors) - _MAX_ERRORS} more")
        raise SourceError("\n".join(shown))
    if not found:
        raise SourceError("holds no rows below its header", path=path, line=2)
    return found


def _row(names: list[str], cells: list[str], line: int, iris: IriMinter) -> Measurement:
    """Check one row; ``ValueError`` says what is wrong with it."""
    if len(cells) != len(names):
        raise ValueError(f"expected {len(names)} cells, found {len(cells)}")
    row = {name: cell.strip() for name, cell in zip(names, cells, strict=True)}
    empty = [c for c in COLUMNS if not row[c]]
    if empty:
        raise ValueError(f"empty {', '.join(empty)}")
    indicator = row["indicator"]
    code = indicator.rstrip("/").rsplit("/", 1)[-1] if _IRI.match(indicator) else slug(indicator)
    if not _NUMBER.match(row["value"]):
        raise ValueError(f'value "{row["value"]}" is not a number (41.5 or "41,5")')
    try:
        value = Decimal(row["value"].replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise ValueError(f'value "{row["value"]}" is not a number') from None
    period = _PERIOD.match(row["period"])
    if period is None:
        raise ValueError(f'period "{row["period"]}" is not a year (2020) or years (2019-2020)')
    first, last = int(period[1]), int(period[2] or period[1])
    if first > last:
        raise ValueError(f'period "{row["period"]}" ends before it starts')
    unit = UNITS.get(row["unit"].lower())
    if unit is None:
        raise ValueError(f'unit "{row["unit"]}" is not one of percent, count, euro')
    for column in ("indicator", "area", "source"):
        if _IRI.match(row[column]) and not _valid_iri(row[column]):
            raise ValueError(f'{column} "{row[column]}" is not a valid IRI')
    area = row["area"]
    if _IRI.match(area):
        area_iri, area_label = area, None
    elif slug(area) == "overijssel":
        area_iri, area_label = PROVINCE_IRI, None
    else:
        area_iri, area_label = iris.named("gebied", area), area
    return Measurement(
        line=line,
        indicator=code,
        label=indicator,
        area=area_iri,
        area_label=area_label,
        first_year=first if first != last else None,
        year=last,
        value=value,
        unit=unit,
        source=row["source"],
    )


def observation_triples(measurements: Iterable[Measurement], base: str) -> list[ox.Triple]:
    """The observations, their dataset and indicators as triples, sorted."""
    iris = IriMinter(base)
    dataset = ox.NamedNode(iris.dataset("indicatoren"))
    triples: set[ox.Triple] = {
        ox.Triple(dataset, RDF_TYPE, pg("Indicatorreeks")),
        ox.Triple(dataset, std("qb:structure"), pg("indicatorStructuur")),
        ox.Triple(dataset, std("dcterms:title"), ox.Literal("Indicatorwaarden", language="nl")),
        ox.Triple(dataset, std("dcterms:title"), ox.Literal("Indicator values", language="en")),
    }
    labels: dict[str, str] = {}
    for m in measurements:
        indicator = ox.NamedNode(iris.named("indicator", m.indicator))
        labels.setdefault(m.indicator, m.label)
        period = f"{m.first_year}-{m.year}" if m.first_year else str(m.year)
        node = ox.NamedNode(
            f"{dataset.value}/{m.indicator}/{slug(m.area.rsplit('/', 1)[-1])}/{period}"
        )
        triples |= {
            ox.Triple(node, RDF_TYPE, pg("Indicatorwaarneming")),
            ox.Triple(node, std("qb:dataSet"), dataset),
            ox.Triple(node, pg("indicator"), indicator),
            ox.Triple(node, pg("gebied"), ox.NamedNode(m.area)),
            ox.Triple(node, pg("meetjaar"), year(m.year)),
            ox.Triple(node, pg("gemetenWaarde"), decimal(m.value)),
            ox.Triple(node, std("sdmx-attribute:unitMeasure"), std("unit:" + m.unit)),
            ox.Triple(node, std("dcterms:source"), _source(m.source)),
        }
        if m.first_year is not None:
            triples.add(ox.Triple(node, pg("meetjaarVanaf"), year(m.first_year)))
        if m.area_label is not None:
            area = ox.NamedNode(m.area)
            triples.add(ox.Triple(area, RDF_TYPE, std("dcterms:Location")))
            triples.add(ox.Triple(area, std("rdfs:label"), ox.Literal(m.area_label, language="nl")))
    for code, label in labels.items():
        indicator = ox.NamedNode(iris.named("indicator", code))
        triples.add(ox.Triple(indicator, RDF_TYPE, pg("Indicator")))
        triples.add(ox.Triple(indicator, std("skos:prefLabel"), ox.Literal(label, language="nl")))
        triples.add(ox.Triple(indicator, std("skos:notation"), ox.Literal(code)))
    return sorted(triples, key=str)


def import_indicator(path: Path, out: Path, base: str = DEFAULT_BASE) -> tuple[Path, int]:
    """Read ``path`` and write its observations as Turtle, all or nothing.

    ``out`` is a folder (the file ``indicators.ttl`` in it) or a ``.ttl`` file. Returns the
    file written and the number of observations.

    Raises:
        SourceError: the CSV is wrong (nothing is written).
        OutputError: the output cannot be written.

    """
    measurements = read_indicator_csv(path, base)
    target = out if out.suffix.lower() == ".ttl" else out / OUTPUT_NAME
    data = ox.serialize(observation_triples(measurements, base), format=ox.RdfFormat.TURTLE,
                        prefixes=PREFIXES)  # fmt: skip
    _write_atomically(target, data or b"")
    return target, len(measurements)


def _write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file beside it and one rename."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".indicators-", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, target)
        finally:
            Path(temporary).unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot be written: {exc.strerror}", path=target) from None


def _source(value: str) -> ox.NamedNode | ox.Literal:
    return ox.NamedNode(value) if _IRI.match(value) else ox.Literal(value)


def _valid_iri(value: str) -> bool:
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True
