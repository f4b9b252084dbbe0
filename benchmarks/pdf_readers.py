"""Stage 1, sources: which PDF library to read printed two-column P&C pages with.

The fixtures are generated with the test suite's generator (``tests/pdf_fixtures.py``): a
Begroting of 140 prestaties over about 70 two-column pages, typeset twice (``columns``: ragged
text, list numbers right of their items, a content stream in scrambled order; ``justified``:
reportlab's platypus with justified columns and numbers left of the items), and the three seed
sections, with running headers, tables and a label/value grid. Measured per library:

- speed: pages per second to get the words with their boxes (what the layout step needs), and
  to get the library's own plain text;
- order of the library's own text: the share of the logical blocks (headings, paragraphs,
  items, labels, values, cells) found whole and in reading order (longest increasing run of
  their positions, white space and hyphens ignored);
- the same score for the text the project renders (``sources.pdf.render_pages``) from that
  library's word boxes, and whether the extractor then finds all 140 sections in order.

pypdf has no glyph boxes, so only its own text is scored. Run
``python benchmarks/pdf_readers.py``; output is one ``name value`` pair a line.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

import pdfplumber
import pypdf
import pypdfium2 as pdfium  # type: ignore[import-untyped]

from prestatiegraaf.extract.extracted import extract_document
from prestatiegraaf.model import Channel, DocumentInfo, SourceDocument
from prestatiegraaf.sources.decode import split_lines
from prestatiegraaf.sources.elements import build_elements
from prestatiegraaf.sources.lines import classify
from prestatiegraaf.sources.pdf import PdfLimits, load_pdf, read_pages, render_pages
from prestatiegraaf.sources.pdf_layout import Page, Word

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from pdf_fixtures import (  # noqa: E402
    Grid,
    Heading,
    Item,
    Layout,
    Para,
    Table,
    begroting_layout,
    find_fonts,
    prestatie_codes,
    seed_layout,
    write_flowing_pdf,
    write_pdf,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SEEDS = {  # title, where list numbers stand, lists from the highest number down
    "000_048e71227b56a148.txt": ("Begroting 2017", "right", True),
    "001_e4d768af5dac0265.txt": ("Monitor 2019-I", "left", False),
    "002_83e0883af9086c1a.txt": ("Monitor 2016-II", "right", False),
}
_SQUASH = re.compile(r"[\s\-\u00ad]+")


def pdfplumber_pages(path: Path) -> list[Page]:
    """Word boxes from pdfplumber, in the layout step's terms."""
    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            words = page.extract_words(extra_attrs=["size", "fontname"], x_tolerance=1.5)
            pages.append(
                Page(
                    float(page.width),
                    float(page.height),
                    tuple(
                        Word(
                            w["text"],
                            w["x0"],
                            w["x1"],
                            w["top"],
                            w["bottom"],
                            w["size"],
                            "bold" in w["fontname"].casefold(),
                        )
                        for w in words
                    ),
                )
            )
    return pages


def pdfium_pages(path: Path) -> list[Page]:
    """Word boxes from PDFium, as the project reads them."""
    return read_pages(path, PdfLimits())


def pdfplumber_text(path: Path) -> str:
    """The text pdfplumber gives itself."""
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def pdfium_text(path: Path) -> str:
    """PDFium's own text."""
    document = pdfium.PdfDocument(str(path))
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def pypdf_text(path: Path, mode: Literal["plain", "layout"] = "plain") -> str:
    """The text pypdf gives itself: plain (content-stream order) or in layout mode."""
    reader = pypdf.PdfReader(path)
    return "\n".join(page.extract_text(extraction_mode=mode) for page in reader.pages)


def blocks_of(layout: Layout) -> list[str]:
    """The texts of the logical blocks, in reading order."""
    texts: list[str] = []
    for block in layout.blocks:
        if isinstance(block, Heading | Para | Item):
            texts.append(block.text)
        elif isinstance(block, Table):
            texts.extend(cell for row in block.rows for cell in row)
        elif isinstance(block, Grid):
            for label, values in block.rows:
                texts.extend([label, *values])
    return texts


def order_score(blocks: Sequence[str], text: str) -> float:
    """Share of ``blocks`` found whole and in order in ``text`` (white space, hyphens ignored)."""
    haystack = _SQUASH.sub("", text)
    positions: list[int] = []
    cursor: dict[str, int] = {}
    for block in blocks:
        needle = _SQUASH.sub("", block)
        found = haystack.find(needle, cursor.get(needle, 0))
        if found >= 0:
            cursor[needle] = found + 1
            positions.append(found)
    return _increasing(positions) / len(blocks)


def _increasing(values: Sequence[int]) -> int:
    import bisect

    tails: list[int] = []
    for value in values:
        index = bisect.bisect_left(tails, value)
        tails[index : index + 1] = [value]
    return len(tails)


def timed(function: Callable[[Path], object], path: Path, repeat: int) -> tuple[float, object]:
    """Best wall-clock time of ``repeat`` runs, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(path)
        best = min(best, time.perf_counter() - start)
    return best, result


def sections_in_order(pages: list[Page], path: Path, codes: list[str]) -> bool:
    """Whether the rendered text splits into exactly the expected sections, in order."""
    text = "\n".join(render_pages(pages).lines)
    lines = split_lines(text)
    elements = tuple(build_elements([classify(line) for line in lines]))
    doc = SourceDocument(path, Channel.PDF, DocumentInfo("x"), lines, elements, text)
    return [section.code for section in extract_document(doc).sections] == codes


def main() -> None:
    """Generate the fixtures, measure every reader and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", type=int, default=140)
    parser.add_argument("--repeat", type=int, default=1)
    options = parser.parse_args()
    fonts = find_fonts()
    if fonts is None:
        sys.exit("no DejaVuSans.ttf and DejaVuSans-Bold.ttf found in the usual font folders")
    layout = begroting_layout(options.sections)
    codes = list(prestatie_codes(options.sections))
    with tempfile.TemporaryDirectory() as folder:
        for style, writer in (("columns", write_pdf), ("justified", write_flowing_pdf)):
            path = Path(folder) / f"begroting-{style}.pdf"
            pages = writer(path, layout, fonts)
            print(f"{style}_pages {pages}")
            measure(style, path, layout, pages, codes, options.repeat)
        for name, (title, side, descending) in SEEDS.items():
            seed = seed_layout(
                EXAMPLES / name, title, number_side=side, descending=descending, start=0.55
            )
            path = Path(folder) / f"{name}.pdf"
            write_pdf(path, seed, fonts)
            for reader, pages_of in (("pdfium", pdfium_pages), ("pdfplumber", pdfplumber_pages)):
                score = order_score(blocks_of(seed), "\n".join(render_pages(pages_of(path)).lines))
                print(f"seed_{name[:3]}_{reader}_layout_order {score:.3f}")


def measure(
    style: str, path: Path, layout: Layout, pages: int, codes: list[str], repeat: int
) -> None:
    """Speed and order figures of every reader on one generated Begroting."""
    blocks = blocks_of(layout)
    for name, reader in (("pdfium", pdfium_pages), ("pdfplumber", pdfplumber_pages)):
        seconds, result = timed(reader, path, repeat)
        assert isinstance(result, list)
        rendered = "\n".join(render_pages(result).lines)
        print(f"{style}_{name}_words_pages_per_s {pages / seconds:.1f}")
        print(f"{style}_{name}_layout_order {order_score(blocks, rendered):.3f}")
        print(f"{style}_{name}_layout_sections_in_order {sections_in_order(result, path, codes)}")
    seconds, _ = timed(load_pdf, path, repeat)
    print(f"{style}_load_pdf_pages_per_s {pages / seconds:.1f}")
    own: dict[str, Callable[[Path], str]] = {
        "pdfium": pdfium_text,
        "pdfplumber": pdfplumber_text,
        "pypdf": pypdf_text,
        "pypdf_layout": lambda path: pypdf_text(path, "layout"),
    }
    for name, function in own.items():
        seconds, output = timed(function, path, repeat)
        print(f"{style}_{name}_text_pages_per_s {pages / seconds:.1f}")
        print(f"{style}_{name}_text_order {order_score(blocks, str(output)):.3f}")


if __name__ == "__main__":
    main()
