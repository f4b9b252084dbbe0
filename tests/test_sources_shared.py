"""Stage 1: what the readers share: the colour lexicon and the checks of a file's bytes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from bs4.element import Tag

from prestatiegraaf.errors import SourceError
from prestatiegraaf.extract.colours import colour_of
from prestatiegraaf.sources.colours import COLOUR_LETTERS, COLOUR_WORDS, ENGLISH_WORDS
from prestatiegraaf.sources.decode import read_text
from prestatiegraaf.sources.html import load_html
from prestatiegraaf.sources.html_tags import read_colour
from prestatiegraaf.sources.lines import is_colour_line

HTML = "expected a saved web page (HTML) of a P&C document"
PAGE = "<html><body><h1>5.2.1 Kiezen</h1><p>Groen</p></body></html>"

# --- the colour lexicon ------------------------------------------------------------------------


def _tag(markup: str) -> Tag:
    tag = BeautifulSoup(markup, "lxml").body
    assert tag is not None and isinstance(tag.contents[0], Tag)
    return tag.contents[0]


def test_lexicon_names_three_colours_by_word_and_letter() -> None:
    assert COLOUR_WORDS == ("groen", "oranje", "rood")
    assert sorted(COLOUR_LETTERS.values()) == sorted(COLOUR_WORDS)
    assert sorted(ENGLISH_WORDS.values()) == sorted(COLOUR_WORDS)
    assert all(letter == word[0].upper() for letter, word in COLOUR_LETTERS.items())


@pytest.mark.parametrize("word", ["groen", "oranje", "rood"])
def test_every_reader_reads_a_colour_word(word: str) -> None:
    assert is_colour_line(word.capitalize())
    assert colour_of(f"{word.capitalize()}.") == word
    assert read_colour(_tag(f'<img src="img/icon-{word}.png" alt="">')) == word.capitalize()


@pytest.mark.parametrize(("letter", "word"), sorted(COLOUR_LETTERS.items()))
def test_every_reader_reads_a_colour_letter(letter: str, word: str) -> None:
    assert is_colour_line(letter) and not is_colour_line(letter.lower())
    assert colour_of(letter) == word
    assert read_colour(_tag(f'<img src="x.png" alt="{letter}">')) == letter


@pytest.mark.parametrize(("english", "word"), sorted(ENGLISH_WORDS.items()))
def test_html_reads_english_alt_text_but_not_english_file_names(english: str, word: str) -> None:
    assert read_colour(_tag(f'<img src="x.png" alt="Score {english}">')) == word.capitalize()
    assert read_colour(_tag(f'<img src="img/{english}.png" alt="">')) is None


# --- the checks of a file's bytes, worded per reader ------------------------------------------


def _message(read: Callable[[Path], object], path: Path) -> str:
    with pytest.raises(SourceError) as caught:
        read(path)
    assert caught.value.path == path
    return caught.value.message


@pytest.mark.parametrize(
    ("data", "text_message", "html_message"),
    [
        (b" \n ", "file is empty; expected the text of a P&C document", f"file is empty; {HTML}"),
        (
            b"<html>\x00" + PAGE.encode(),
            "binary file (NUL bytes); expected a text or markdown file",
            f"binary file (NUL bytes), not decodable; {HTML}",
        ),
        (
            (PAGE + "\x01\x1b" * 5).encode(),
            "binary file (control characters); expected text",
            f"binary file (control characters); {HTML}",
        ),
    ],
    ids=["empty", "nul-bytes", "control-characters"],
)
def test_text_and_html_refuse_the_same_files_in_their_own_words(
    data: bytes, text_message: str, html_message: str, tmp_path: Path
) -> None:
    path = tmp_path / "pagina.html"
    path.write_bytes(data)
    assert _message(read_text, path) == text_message
    assert _message(load_html, path) == html_message


def test_missing_files_and_folders(tmp_path: Path) -> None:
    missing = tmp_path / "weg.html"
    assert _message(read_text, missing) == "file not found"
    assert _message(load_html, missing) == f"file not found; {HTML}"
    folder = tmp_path / "map.html"
    folder.mkdir()
    assert _message(read_text, folder) == "is a folder; expected a text, markdown or manifest file"
    assert _message(load_html, folder) == f"not a file; {HTML}"


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="no /dev/null on this platform")
def test_html_refuses_a_device_that_text_reads_as_empty() -> None:
    device = Path("/dev/null")
    assert _message(read_text, device) == "file is empty; expected the text of a P&C document"
    assert _message(load_html, device) == f"not a file; {HTML}"


def test_a_named_encoding_is_checked_by_both_readers(tmp_path: Path) -> None:
    path = tmp_path / "pagina.html"
    path.write_bytes(("<html><body>\n<h1>5.2.1 Café</h1></body></html>").encode("cp1252"))
    for read in (read_text, load_html):
        with pytest.raises(SourceError, match="unknown encoding 'klingon'"):
            read(path, encoding="klingon")
    with pytest.raises(SourceError) as caught:
        read_text(path, "utf-8")
    assert caught.value.line == 2
    assert caught.value.message.startswith("byte 0xe9 at column 14 is not valid utf-8;")
    assert caught.value.message.endswith("pass --encoding cp1252)")
    with pytest.raises(SourceError) as caught:
        load_html(path, encoding="utf-8")
    assert caught.value.line is None
    assert caught.value.message == (
        "byte 0xe9 at offset 26 is not valid utf-8; omit the encoding to use the page's own charset"
    )
    assert load_html(path).text.startswith("## 5.2.1 Café")
