"""Stage 1, PDF: reading order from the layout, the seeds as printed pages, bad input, limits."""

from __future__ import annotations

import csv
import io
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from conftest import EXAMPLES, EXPECTED, QUERIES
from pdf_fixtures import (
    Heading,
    Item,
    Layout,
    begroting_layout,
    find_fonts,
    prestatie_codes,
    seed_layout,
    write_flowing_pdf,
    write_pdf,
)
from prestatiegraaf.errors import SourceError
from prestatiegraaf.extract.extracted import ExtractedDocument, extract_document
from prestatiegraaf.graph import build_store, graph_triples
from prestatiegraaf.model import Channel, DocumentKind, ElementKind, SourceDocument
from prestatiegraaf.query import read_query, serialize_results
from prestatiegraaf.sources.manifest import read_manifest
from prestatiegraaf.sources.pdf import PdfLimits, load_pdf
from prestatiegraaf.sources.pdf_render import join_parts

SECTIONS = 140
FLOWING_SECTIONS = 42
# How each seed is printed: where list numbers stand and whether lists run from the highest
# number down (seed 000 as its text copy shows it).
PRINT = {
    "000_048e71227b56a148": ("right", True),
    "001_e4d768af5dac0265": ("left", False),
    "002_83e0883af9086c1a": ("right", False),
}
GOLDEN = sorted(
    path for path in QUERIES.glob("*.rq") if (EXPECTED / "queries" / f"{path.stem}.csv").exists()
)


@pytest.fixture(scope="module")
def fonts() -> tuple[Path, Path]:
    found = find_fonts()
    if found is None:
        pytest.skip("no DejaVuSans.ttf with DejaVuSans-Bold.ttf in the usual font folders")
    return found


@pytest.fixture(scope="module")
def seed_pdfs(
    fonts: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, SourceDocument]:
    """The three seeds printed as two-column pages (starting mid-column, so they span pages)."""
    folder = tmp_path_factory.mktemp("seed-pdfs")
    docs = {}
    for entry in read_manifest(EXAMPLES / "manifest.csv"):
        side, descending = PRINT[entry.path.stem]
        layout = seed_layout(
            entry.path, entry.document.title, number_side=side, descending=descending, start=0.55
        )
        pdf = folder / f"{entry.path.stem}.pdf"
        write_pdf(pdf, layout, fonts)
        docs[entry.path.stem] = load_pdf(pdf, document=entry.document)
    return docs


@pytest.fixture(scope="module", params=["columns", "justified", "one-column"])
def printed_store(
    request: pytest.FixtureRequest,
    seed_pdfs: dict[str, SourceDocument],
    fonts: tuple[Path, Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> ox.Store:
    """The seeds as printed pages, three ways: the fixture layout, and reportlab's platypus
    with justified text in two columns or in one."""
    docs = list(seed_pdfs.values())
    if request.param != "columns":
        folder = tmp_path_factory.mktemp(request.param)
        columns = 2 if request.param == "justified" else 1
        docs = []
        for entry in read_manifest(EXAMPLES / "manifest.csv"):
            pdf = folder / f"{entry.path.stem}.pdf"
            layout = seed_layout(entry.path, entry.document.title)
            write_flowing_pdf(pdf, layout, fonts, columns=columns)
            docs.append(load_pdf(pdf, document=entry.document))
    return build_store(graph_triples([extract_document(doc) for doc in docs]))


@dataclass(frozen=True)
class Parsed:
    """The generated Begroting, its layout, page count and how long reading it took."""

    path: Path
    layout: Layout
    pages: int
    seconds: float
    doc: SourceDocument
    extracted: ExtractedDocument


@pytest.fixture(scope="module")
def begroting(fonts: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Parsed:
    path = tmp_path_factory.mktemp("begroting") / "begroting-2019.pdf"
    layout = begroting_layout(SECTIONS)
    pages = write_pdf(path, layout, fonts)
    start = time.perf_counter()
    doc = load_pdf(path)
    seconds = time.perf_counter() - start
    return Parsed(path, layout, pages, seconds, doc, extract_document(doc))


def _rows(text: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], sorted(rows[1:])


# --- the seeds as printed pages ------------------------------------------------------------


@pytest.mark.parametrize("query", GOLDEN, ids=lambda path: path.stem)
def test_printed_seeds_answer_the_questions_as_the_text(
    query: Path, printed_store: ox.Store
) -> None:
    produced = serialize_results(read_query(query), printed_store, "csv").decode("utf-8")
    expected = (EXPECTED / "queries" / f"{query.stem}.csv").read_text("utf-8")
    assert _rows(produced) == _rows(expected)


def test_sections_span_pages_without_their_running_headers_and_footers(
    seed_pdfs: dict[str, SourceDocument],
) -> None:
    doc = seed_pdfs["001_e4d768af5dac0265"]
    assert doc.channel is Channel.PDF
    printed = pdfium.PdfDocument(doc.path)
    assert len(printed) == 2
    printed.close()
    for chrome in ("Behoud en groei", "Pagina ", "Monitor 2019-I"):
        assert chrome not in doc.text
    assert "Ook is er aandacht voor meisjes/vrouwen & techniek." in doc.text


def test_list_numbers_right_of_items_in_descending_print_come_out_in_order(
    seed_pdfs: dict[str, SourceDocument],
) -> None:
    doc = seed_pdfs["000_048e71227b56a148"]
    items = [e for e in doc.elements if e.kind is ElementKind.ITEM]
    assert [e.number for e in items] == [1, 2, 3, 4, 5]
    assert items[0].text.startswith("Wij maken prestatieafspraken")
    assert items[0].text.endswith("in Overijssel in 2020.")


def test_labels_and_values_and_table_rows(seed_pdfs: dict[str, SourceDocument]) -> None:
    lines = seed_pdfs["002_83e0883af9086c1a"].text.splitlines()
    assert "Begroot\tBesteed\tRuimte" in lines
    assert "1.532.000\t429.000\t1.103.000" in lines
    assert "1.532.000\tReserve Uitvoering Kwaliteit van Overijssel" in lines
    label = lines.index("Verantwoordelijke portefeuillehouder:")
    assert lines[label + 1] == "Eddy van Hijum."


def test_lines_refer_to_the_rendered_text(seed_pdfs: dict[str, SourceDocument]) -> None:
    for doc in seed_pdfs.values():
        for line in doc.lines:
            assert doc.text[line.offset : line.offset + len(line.raw)] == line.raw


def test_document_is_read_from_the_running_header(seed_pdfs: dict[str, SourceDocument]) -> None:
    path = seed_pdfs["002_83e0883af9086c1a"].path
    info = load_pdf(path).document
    assert (info.title, info.kind, info.year, info.period) == (
        "Monitor 2016-II",
        DocumentKind.MONITOR,
        2016,
        "II",
    )


# --- a whole Begroting ---------------------------------------------------------------------


def test_begroting_splits_into_every_section_in_order(
    begroting: Parsed,
    capsys: pytest.CaptureFixture[str],
    record_property: Callable[[str, object], None],
) -> None:
    rate = begroting.pages / begroting.seconds
    with capsys.disabled():
        sys.stdout.write(
            f"\n{SECTIONS}-section PDF: {begroting.pages} pages read in "
            f"{begroting.seconds:.2f} s ({rate:.1f} pages/s)\n"
        )
    record_property("pdf_seconds", round(begroting.seconds, 2))
    codes = [section.code for section in begroting.extracted.sections]
    assert len(codes) == SECTIONS
    assert codes == list(prestatie_codes(SECTIONS))
    assert begroting.pages >= 60


def test_begroting_actions_survive_column_and_page_breaks(begroting: Parsed) -> None:
    actual = {s.code: [a.text for a in s.actions] for s in begroting.extracted.sections}
    assert actual == _actions_by_code(begroting.layout)


def test_begroting_document_and_hyphenation(begroting: Parsed) -> None:
    assert begroting.doc.document.title == "Begroting 2019"
    text = begroting.doc.text
    assert text.count("De Natura 2000-gebieden vragen aandacht.") == SECTIONS
    assert "infrastructuur" in text
    assert "- " not in text and "-\n" not in text


def _actions_by_code(layout: Layout) -> dict[str, list[str]]:
    expected: dict[str, list[str]] = {}
    for block in layout.blocks:
        if isinstance(block, Heading) and block.level == 3:
            expected[block.text.split()[0]] = []
        elif isinstance(block, Item):
            expected[list(expected)[-1]].append(block.text)
    return expected


def test_justified_columns_from_another_typesetter(
    fonts: tuple[Path, Path], tmp_path: Path
) -> None:
    """Platypus justifies narrow columns (wide uneven gaps) and puts numbers left of items."""
    path = tmp_path / "flowing.pdf"
    layout = begroting_layout(FLOWING_SECTIONS)
    write_flowing_pdf(path, layout, fonts)
    doc = load_pdf(path)
    sections = extract_document(doc).sections
    assert doc.document.title == "Begroting 2019"  # from "Programmabegroting 2019 - Overijssel"
    assert [s.code for s in sections] == list(prestatie_codes(FLOWING_SECTIONS))
    assert {s.code: [a.text for a in s.actions] for s in sections} == _actions_by_code(layout)
    assert all(s.governance.portfolio_holders for s in sections)
    assert "\t" not in doc.text


def test_hyphens_are_rejoined_or_kept() -> None:
    parts = [
        "de infra-",
        "structuur en Natura 2000-",
        "gebieden in Oost-",
        "Nederland, PS/",
        "2015",
    ]
    assert join_parts(parts, set()) == (
        "de infrastructuur en Natura 2000-gebieden in Oost-Nederland, PS/2015"
    )
    assert join_parts(["de Smartindustry-", "agenda"], {"Smartindustry-agenda"}) == (
        "de Smartindustry-agenda"
    )


# --- bad input -----------------------------------------------------------------------------


def _refused(path: Path, limits: PdfLimits | None = None) -> str:
    with pytest.raises(SourceError) as caught:
        load_pdf(path, limits=limits)
    assert caught.value.path == path
    assert str(path) in str(caught.value)
    return caught.value.message


def test_encrypted_pdf_is_refused(fonts: tuple[Path, Path], tmp_path: Path) -> None:
    path = tmp_path / "encrypted.pdf"
    layout = seed_layout(EXAMPLES / "000_048e71227b56a148.txt", "Begroting 2017")
    write_pdf(path, layout, fonts, encrypt="geheim")
    assert "password" in _refused(path)


def test_truncated_pdf_is_refused(begroting: Parsed, tmp_path: Path) -> None:
    path = tmp_path / "truncated.pdf"
    path.write_bytes(begroting.path.read_bytes()[: begroting.path.stat().st_size // 2])
    assert "truncated" in _refused(path)


def test_damaged_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    assert "damaged" in _refused(path)


def test_image_only_pdf_asks_for_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    canvas.drawImage(ImageReader(Image.new("RGB", (200, 280), "white")), 50, 50, 400, 560)
    canvas.showPage()
    canvas.save()
    message = _refused(path)
    assert "no text layer" in message and "OCR" in message


def test_text_file_named_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "begroting.pdf"
    path.write_text("5.2.1 Kiezen, leren en werken in de techniek\n", encoding="utf-8")
    assert "not a PDF" in _refused(path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    assert "not found" in _refused(tmp_path / "missing.pdf")


def test_page_limit(begroting: Parsed) -> None:
    message = _refused(begroting.path, PdfLimits(max_pages=3))
    assert f"{begroting.pages} pages" in message and "limit of 3" in message


def test_size_limit(begroting: Parsed) -> None:
    assert "over the limit" in _refused(begroting.path, PdfLimits(max_bytes=10_000))


def test_time_limit(begroting: Parsed) -> None:
    assert "exceeded the 0.01 s limit" in _refused(begroting.path, PdfLimits(seconds=0.01))


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is enforced on Linux only")
def test_memory_limit(begroting: Parsed) -> None:
    assert "20 MB memory limit" in _refused(begroting.path, PdfLimits(memory_mb=20))
