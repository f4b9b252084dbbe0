"""Fuzzing every reader and the extractors (issue 19): real sections, randomly damaged.

Each test starts from a real input (the example corpus, the source, HTML and evaluation test
files, or a PDF typeset from a seed), applies a random list of edits — lines deleted,
duplicated and swapped, sections swapped, truncation, random Unicode (control characters,
combining marks, bidi marks, lone surrogates written as the bytes a careless encoder gives),
mojibake, huge and tiny numbers spliced into amounts, percentages and years, deep and broken
HTML nesting, damaged PDF bytes — writes the result into a temporary folder and runs
``load_source`` → ``extract_document`` → ``document_triples``. The promise checked: the run
either completes with sane facts (every action number positive, every span's quote equal to
the decoded text at its offsets, every span inside the text) or raises a
:class:`~prestatiegraaf.errors.PublisherError` whose message names the file. Any other
exception fails the test.

Profiles: ``ci`` (the default: few examples, derandomized, so CI is fast and reproducible)
and ``long`` (``PRESTATIEGRAAF_FUZZ=long``: thousands of examples, random). See
``docs/fuzzing.md``.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from prestatiegraaf.errors import PublisherError
from prestatiegraaf.extract.extracted import ExtractedDocument, extract_document
from prestatiegraaf.graph.document_part import document_triples
from prestatiegraaf.graph.iris import IriMinter
from prestatiegraaf.model import Action, DocumentInfo, DocumentKind, Span
from prestatiegraaf.sources import load_source

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    print_blob=True,
)
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("PRESTATIEGRAAF_FUZZ_EXAMPLES", "5000")),
    deadline=None,
    derandomize=False,
    print_blob=True,
)
PROFILE = os.environ.get("PRESTATIEGRAAF_FUZZ", "ci")
settings.load_profile(PROFILE)
LONG = PROFILE == "long"

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
TEXT_SUFFIXES = (".txt", ".md")
TEXT_SEEDS = sorted(
    [*(ROOT / "examples").glob("*.txt")]
    + [p for p in (DATA / "sources").iterdir() if p.suffix in TEXT_SUFFIXES]
    + [p for p in (DATA / "evaluation" / "dev").iterdir() if p.suffix in TEXT_SUFFIXES]
)
HTML_SEEDS = sorted(
    [*(DATA / "html").glob("*.html"), *(DATA / "evaluation" / "dev").glob("*.html")]
)
MONITOR = DocumentInfo("Monitor 2019-I", DocumentKind.MONITOR, 2019, "I")
BEGROTING = DocumentInfo("Begroting 2019", DocumentKind.BEGROTING, 2019)
DOCUMENTS = st.sampled_from([None, MONITOR, BEGROTING])
IRIS = IriMinter("https://example.org/pg")
#: no single example may take longer than this (the promise of bounded time); generous, as
#: CI machines are slow and shared.
SECONDS = 30.0


# --- seeds ----------------------------------------------------------------------------------


@cache
def seed_text(path: Path) -> str:
    """A seed decoded as its reader would: UTF-8, else Windows-1252 (one HTML seed is)."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


# --- edits ----------------------------------------------------------------------------------

Edit = Callable[[str], str]

#: characters that break naive code: controls, bidi and zero-width marks, combining marks,
#: lone surrogates, non-characters, odd spaces and line breaks, and look-alike digits.
NASTY = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\xa0\xad"
    "\u0300\u0301\u0308\u0327\u20dd"  # combining marks
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2069"
    "\u061c\ufeff\u2028\u2029\u3000\u2060"
    "\ud800\udbff\udc00\udfff"  # lone surrogates, written with surrogatepass
    "\ufffd\ufffe\uffff"
    "\u0661\u0663\u0966\uff11\u2460\u00b2\u00bd\u2155"  # digits that are not ASCII
    "\u20ac%,.\t\r\n-:;|#*<>&"
)
UNICODE = st.text(
    st.one_of(
        st.sampled_from(NASTY),
        st.characters(codec="utf-8"),
        st.characters(min_codepoint=0, max_codepoint=0x3000),
    ),
    min_size=1,
    max_size=12,
)

#: numbers as a document might state them, made huge, tiny, negative or odd.
HUGE_AND_TINY = st.sampled_from(
    [
        "1" + "0" * 40,
        "9" * 25,
        "0," + "0" * 30 + "1",
        "0.000000000000000000001",
        "-5",
        "−12,5",
        "1.000.000.000.000.000.000.000",
        "1e308",
        "NaN",
        "0",
        "00",
        "2" + "0" * 30,
        "99999",
        "0000",
        "1" + "0" * 400,
        "١٢٣",
        "¹²",
        "1½",
    ]
)
SPLICES = st.sampled_from(
    [
        "€ 1" + "0" * 40 + " miljoen",
        "€ 0,000000000000000000001 miljoen",
        "€ -1.000.000",
        "€ 9" + "9" * 30 + ",99",
        "0," + "0" * 30 + "1%",
        "1" + "0" * 40 + "%",
        "-40%",
        "in 2" + "0" * 30,
        "in 0000",
        "in 99999",
        "tot en met 1" + "0" * 25,
        "PS/2" + "0" * 20 + "/1" + "0" * 20,
        "prestatie 5." + "9" * 30 + ".1",
        "Begroot: € 1" + "0" * 40 + "\tBesteed: € 0,0000001\tRuimte: € -3",
        "9" * 30 + ". Wij doen iets.",
        "0. Wij doen niets.",
        "-1. Wij doen minder.",
        "5.2.1 " + "9" * 40,
        "9" * 50 + ".1.1 Titel",
    ]
)
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def delete_line(at: float) -> Edit:
    def edit(text: str) -> str:
        lines = _lines(text)
        del lines[int(at * len(lines)) % len(lines)]
        return "\n".join(lines)

    return edit


def duplicate_line(at: float, times: int) -> Edit:
    def edit(text: str) -> str:
        lines = _lines(text)
        i = int(at * len(lines)) % len(lines)
        lines[i:i] = [lines[i]] * times
        return "\n".join(lines)

    return edit


def swap_lines(a: float, b: float) -> Edit:
    def edit(text: str) -> str:
        lines = _lines(text)
        i, j = int(a * len(lines)) % len(lines), int(b * len(lines)) % len(lines)
        lines[i], lines[j] = lines[j], lines[i]
        return "\n".join(lines)

    return edit


def swap_sections(a: float, b: float) -> Edit:
    """Swap two blocks separated by blank lines (paragraphs, lists, whole sections)."""

    def edit(text: str) -> str:
        blocks = re.split(r"\n\s*\n", text)
        i, j = int(a * len(blocks)) % len(blocks), int(b * len(blocks)) % len(blocks)
        blocks[i], blocks[j] = blocks[j], blocks[i]
        return "\n\n".join(blocks)

    return edit


def truncate(at: float) -> Edit:
    return lambda text: text[: int(at * len(text))]


def insert(at: float, what: str) -> Edit:
    def edit(text: str) -> str:
        i = int(at * len(text))
        return text[:i] + what + text[i:]

    return edit


def mojibake(a: float, b: float) -> Edit:
    """UTF-8 read as Windows-1252 (bytes it leaves undefined read as Latin-1), in a region."""

    def edit(text: str) -> str:
        i, j = sorted((int(a * len(text)), int(b * len(text))))
        raw = text[i:j].encode("utf-8", errors="surrogatepass")
        broken = "".join(bytes([c]).decode("cp1252", errors="ignore") or chr(c) for c in raw)
        return text[:i] + broken + text[j:]

    return edit


def splice_number(at: float, what: str) -> Edit:
    """Replace one number of the text (an amount, a percentage, a year, a code part)."""

    def edit(text: str) -> str:
        found = list(NUMBER.finditer(text))
        if not found:
            return text + what
        m = found[int(at * len(found)) % len(found)]
        return text[: m.start()] + what + text[m.end() :]

    return edit


def splice_line(at: float, what: str) -> Edit:
    """Put a whole phrase on a line of its own, or after a line."""

    def edit(text: str) -> str:
        lines = _lines(text)
        i = int(at * len(lines)) % len(lines)
        lines[i] = lines[i] + " " + what if at * 10 % 2 < 1 else what
        return "\n".join(lines)

    return edit


def line_endings(style: str) -> Edit:
    return lambda text: text.replace("\n", style)


FRACTION = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
TEXT_EDITS: st.SearchStrategy[Edit] = st.one_of(
    st.builds(delete_line, FRACTION),
    st.builds(duplicate_line, FRACTION, st.integers(1, 40)),
    st.builds(swap_lines, FRACTION, FRACTION),
    st.builds(swap_sections, FRACTION, FRACTION),
    st.builds(truncate, FRACTION),
    st.builds(insert, FRACTION, UNICODE),
    st.builds(mojibake, FRACTION, FRACTION),
    st.builds(splice_number, FRACTION, HUGE_AND_TINY),
    st.builds(splice_line, FRACTION, SPLICES),
    st.builds(line_endings, st.sampled_from(["\r\n", "\r", "\n\n", "\u2028", "\x0c"])),
)

#: HTML tags: blocks, lists, tables, inline, and what a reader must skip or distrust.
TAGS = st.sampled_from(
    "div p span section article ul ol li table tr td th h1 h2 h3 h4 b strong em a "
    "script style template nav footer header aside details summary pre br hr".split()
)


def nest(at: float, tag: str, depth: int, close: bool) -> Edit:
    """Wrap a point of the page in ``depth`` levels of ``tag`` (closed or left open)."""

    def edit(text: str) -> str:
        i = int(at * len(text))
        j = text.find("<", i)
        j = len(text) if j < 0 else j
        opened, closed = f"<{tag}>" * depth, f"</{tag}>" * depth if close else ""
        return text[:i] + opened + text[i:j] + closed + text[j:]

    return edit


def break_markup(at: float, what: str) -> Edit:
    """Markup damage: a stray or lost bracket, an unclosed comment, a broken entity."""

    def edit(text: str) -> str:
        i = int(at * len(text))
        if what == "drop" and "<" in text[i:]:
            k = text.index("<", i)
            return text[:k] + text[k + 1 :]
        return text[:i] + what + text[i:]

    return edit


HTML_EDITS: st.SearchStrategy[Edit] = st.one_of(
    TEXT_EDITS,
    st.builds(nest, FRACTION, TAGS, st.integers(1, 230), st.booleans()),
    st.builds(
        break_markup,
        FRACTION,
        st.sampled_from(
            [
                "drop",
                "<",
                ">",
                "<!--",
                "<![CDATA[",
                "&#0;",
                "&#xD800;",
                "&#99999999999;",
                "&amp",
                "&nbsp;&shy;&zwj;",
                '<meta charset="utf-16">',
                '<meta charset="nonsense">',
                '<td colspan="99999999" rowspan="-3">',
                '<ol start="-5"><li value="0">x</li><li value="99999999999999999999">y</li></ol>',
                "<table><tr><td><table><tr><td>",
                "</table></tr></td>",
                '<h3>5.2.1 <span dir="rtl">\u202eTitel</span></h3>',
                "<li>1. </li><li></li><li>\u0301</li>",
            ]
        ),
    ),
)


def encode(text: str, how: str) -> bytes:
    """The bytes written: UTF-8 (lone surrogates as CESU bytes), with BOM, or another codec."""
    if how == "utf-8-bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8", errors="surrogatepass")
    if how in ("cp1252", "utf-16"):
        return text.encode(how, errors="replace" if how == "cp1252" else "surrogatepass")
    return text.encode("utf-8", errors="surrogatepass")


ENCODINGS = st.sampled_from(["utf-8"] * 6 + ["utf-8-bom", "cp1252", "utf-16"])


# --- the property ---------------------------------------------------------------------------


def spans(value: object) -> Iterator[Span]:
    """Every span held anywhere in ``value`` (dataclasses, lists, tuples)."""
    if isinstance(value, Span):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name != "source":
                yield from spans(getattr(value, f.name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from spans(item)


def check_facts(extracted: ExtractedDocument) -> None:
    text = extracted.source.text
    for section in extracted.sections:
        assert section.code
        for action in section.actions:
            assert isinstance(action, Action)
            assert action.number > 0, action
    for span in spans(extracted):
        assert 0 <= span.start <= span.end <= len(text), span
        assert span.line >= 1, span
        quoted = text[span.start : span.end]
        if "\n" not in span.exact:
            assert quoted == span.exact, span
        else:
            # A span over several elements quotes their lines only: the blank lines between
            # paragraphs, and text between elements that were not adjacent, are left out (see
            # docs/fuzzing.md). Its lines are still the text's lines, in order,
            # joined with a line feed whatever the text's line ends.
            # Lines are split as the readers split them, and joined with a plain line feed.
            lines = [chunk.rstrip("\r\n") for chunk in quoted.splitlines(keepends=True)]
            assert is_subsequence(span.exact.split("\n"), lines), span


def is_subsequence(part: list[str], whole: list[str]) -> bool:
    """Whether ``part`` is ``whole`` with some items left out, keeping the first and last."""
    rest = iter(whole)
    return (
        bool(part and whole)
        and part[0] == whole[0]
        and part[-1] == whole[-1]
        and all(any(item == line for line in rest) for item in part)
    )


def run(path: Path, document: DocumentInfo | None) -> None:
    """The promise: facts, or a PublisherError that names the file; in bounded time."""
    started = time.monotonic()
    try:
        doc = load_source(path, document=document)
        extracted = extract_document(doc)
        document_triples(extracted, IRIS)
    except PublisherError as error:
        assert error.path is not None and str(path) in str(error), repr(error)
    else:
        check_facts(extracted)
    assert time.monotonic() - started < SECONDS


def write_and_run(name: str, data: bytes, document: DocumentInfo | None) -> None:
    with tempfile.TemporaryDirectory(prefix="pg-fuzz-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        run(path, document)


# --- text and markdown ----------------------------------------------------------------------


@given(
    seed=st.sampled_from(TEXT_SEEDS),
    edits=st.lists(TEXT_EDITS, min_size=1, max_size=6),
    how=ENCODINGS,
    document=DOCUMENTS,
)
# found by the long run: an item numbered 0 gave action number 0 (now its position)
@example(
    seed=ROOT / "examples" / "001_e4d768af5dac0265.txt",
    edits=[splice_line(0.25, "0. Wij doen niets.")],
    how="utf-8",
    document=None,
)
# found by the long run: an explanation whose paragraphs came out of line order had a span
# ending before it started (now its lines are sorted)
@example(
    seed=DATA / "evaluation" / "dev" / "pdf_jaarverslag2021_water.txt",
    edits=[delete_line(0.0), delete_line(0.0), delete_line(0.4375)],
    how="utf-8",
    document=None,
)
def test_damaged_text_gives_facts_or_a_clear_error(
    seed: Path, edits: list[Edit], how: str, document: DocumentInfo | None
) -> None:
    text = seed_text(seed)
    for edit in edits:
        text = edit(text)
    write_and_run(seed.name, encode(text, how), document)


# --- HTML -----------------------------------------------------------------------------------


@given(
    seed=st.sampled_from(HTML_SEEDS),
    edits=st.lists(HTML_EDITS, min_size=1, max_size=6),
    how=ENCODINGS,
    document=DOCUMENTS,
)
# found by the long run: markup inside a link's href made a website address that is no IRI,
# and the graph stage crashed linking it (now the address is left out, the text kept)
@example(
    seed=DATA / "evaluation" / "dev" / "html_w1_jaarverslag2016_gezondheid.html",
    edits=[nest(0.8984375, "div", 1, False)],
    how="utf-8",
    document=None,
)
def test_damaged_html_gives_facts_or_a_clear_error(
    seed: Path, edits: list[Edit], how: str, document: DocumentInfo | None
) -> None:
    text = seed_text(seed)
    for edit in edits:
        text = edit(text)
    write_and_run(seed.name, encode(text, how), document)


# --- any bytes, any extension ---------------------------------------------------------------


@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=200).map(lambda t: t.encode("utf-8", errors="surrogatepass")),
    ),
    suffix=st.sampled_from([".txt", ".md", ".html", ".htm", ".xhtml", ".pdf", ".text"]),
)
def test_arbitrary_bytes_give_facts_or_a_clear_error(data: bytes, suffix: str) -> None:
    write_and_run("fuzz" + suffix, data, None)


# --- PDF ------------------------------------------------------------------------------------


@cache
def seed_pdf() -> bytes | None:
    """A PDF typeset from the printed seed (None where no TrueType fonts are installed)."""
    from pdf_fixtures import find_fonts, seed_layout, write_pdf

    fonts = find_fonts()
    if fonts is None:
        return None
    with tempfile.TemporaryDirectory(prefix="pg-fuzz-") as folder:
        pdf = Path(folder) / "begroting-2019.pdf"
        write_pdf(
            pdf,
            seed_layout(ROOT / "examples" / "000_048e71227b56a148.txt", "Begroting 2019"),
            fonts,
        )
        return pdf.read_bytes()


def damage_bytes(data: bytes, cuts: list[tuple[float, bytes]], end: float) -> bytes:
    out = bytearray(data[: max(8, int(end * len(data)))])
    for at, what in cuts:
        i = int(at * len(out))
        out[i : i + len(what)] = what
    return bytes(out)


@settings(max_examples=max(1, settings().max_examples // 10) if LONG else 15)
@given(
    cuts=st.lists(st.tuples(FRACTION, st.binary(min_size=1, max_size=8)), max_size=4),
    end=st.floats(min_value=0.0, max_value=1.0) | st.just(1.0),
    document=DOCUMENTS,
)
def test_damaged_pdf_gives_facts_or_a_clear_error(
    cuts: list[tuple[float, bytes]], end: float, document: DocumentInfo | None
) -> None:
    data = seed_pdf()
    if data is None:
        pytest.skip("no TrueType fonts to typeset the PDF seed")
    write_and_run("begroting-2019.pdf", damage_bytes(data, cuts, end), document)


@settings(max_examples=max(1, settings().max_examples // 20) if LONG else 8)
@given(edits=st.lists(TEXT_EDITS, min_size=1, max_size=4), document=DOCUMENTS)
# found by the long run: a list mark alone on a line before a column break crashed the PDF
# layout (IndexError in join_breaks)
@example(edits=[duplicate_line(0.0, 34)], document=None)
def test_pdf_typeset_from_damaged_text_gives_facts_or_a_clear_error(
    edits: list[Edit], document: DocumentInfo | None
) -> None:
    from pdf_fixtures import find_fonts, seed_layout, write_pdf

    fonts = find_fonts()
    if fonts is None:
        pytest.skip("no TrueType fonts to typeset a PDF")
    text = seed_text(ROOT / "examples" / "000_048e71227b56a148.txt")
    for edit in edits:
        text = edit(text)
    with tempfile.TemporaryDirectory(prefix="pg-fuzz-") as folder:
        source = Path(folder) / "seed.txt"
        source.write_bytes(encode(text, "utf-8"))
        try:
            layout = seed_layout(source, "Begroting 2019")
        except PublisherError:
            assume(False)  # the text itself was refused: nothing to typeset
        pdf = Path(folder) / "begroting-2019.pdf"
        try:
            write_pdf(pdf, layout, fonts)
        except Exception:  # noqa: BLE001 - reportlab refusing odd text is not our bug
            assume(False)
        run(pdf, document)
