"""Hostile input (issue 19): deep HTML, absurd numbers, manifests that reach outside their folder.

Each one gives a one-line error naming the file (and the line where there is one) and what was
expected, or is simply not understood; never a traceback, and never a whole build aborted by one
bad file under ``--keep-going``.
"""

from __future__ import annotations

import os
import shutil
import time
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, SEEDS
from prestatiegraaf.cli import app
from prestatiegraaf.errors import ManifestError, SourceError
from prestatiegraaf.extract.amounts import (
    find_amount_mentions,
    parse_euro,
    parse_number,
    scale_of,
)
from prestatiegraaf.extract.targets import find_targets
from prestatiegraaf.sources.collect import collect_sources
from prestatiegraaf.sources.html import load_html
from prestatiegraaf.sources.manifest import read_manifest

runner = CliRunner()

HEADER = "file,title,kind,year,period"


def _nested(depth: int, tag: str = "div") -> str:
    return (
        "<!doctype html><html><head><title>Monitor 2019-I</title></head><body>"
        + f"<{tag}>" * depth
        + "<h2>5.2.1 Kiezen, leren en werken in de techniek</h2><p>Wij steunen 4 projecten.</p>"
        + f"</{tag}>" * depth
        + "</body></html>"
    )


# 1. HTML nested deeper than any real page


@pytest.mark.parametrize("depth", [400, 8000])
def test_deeply_nested_html_is_refused_in_one_line(tmp_path: Path, depth: int) -> None:
    page = tmp_path / "diep.html"
    page.write_text(_nested(depth), encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_html(page)
    assert caught.value.path == page
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{page}: elements nested more than 200 deep")
    assert "expected a web page nested at most 200 elements deep" in message


def test_deep_nesting_is_refused_in_linear_time(tmp_path: Path) -> None:
    page = tmp_path / "diep.html"
    page.write_text(_nested(50_000, "span"), encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(SourceError, match="nested more than 200 deep"):
        load_html(page)
    assert time.perf_counter() - started < 10


@pytest.mark.parametrize("tag", ["div", "span", "b", "section"])
def test_html_nested_up_to_the_limit_is_read(tmp_path: Path, tag: str) -> None:
    page = tmp_path / "monitor-2019-1.html"
    page.write_text(_nested(195, tag), encoding="utf-8")
    document = load_html(page)
    assert any(
        "5.2.1 Kiezen, leren en werken in de techniek" in line.text for line in document.lines
    )
    assert any("Wij steunen 4 projecten." in line.text for line in document.lines)


def _corpus_with_deep_page(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SEEDS["web"], folder / "monitor-2019-1.txt")
    deep = folder / "diep.html"
    deep.write_text(_nested(400), encoding="utf-8")
    return folder, deep


def test_keep_going_publishes_the_good_file_beside_a_deep_page(tmp_path: Path) -> None:
    folder, deep = _corpus_with_deep_page(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["build", str(folder), "--out", str(out), "--keep-going", "--no-cache"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.stderr
    assert "1 files, 1 failed, 1 sections" in result.stdout
    assert f"error: {deep}: elements nested more than 200 deep" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "Kiezen, leren en werken in de techniek" in (out / "prestaties.ttl").read_text("utf-8")


def test_deep_page_fails_the_build_naming_the_file(tmp_path: Path) -> None:
    folder, deep = _corpus_with_deep_page(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(folder), "--out", str(out), "--no-cache"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if str(deep) in line]
    assert len(errors) == 1
    assert "elements nested more than 200 deep" in errors[0]
    assert not (out / "prestaties.ttl").exists()


# 2. Absurdly long numbers are not numbers


def test_an_absurd_euro_amount_is_not_an_amount() -> None:
    assert parse_euro("€ 99999999999999999999999 miljoen") is None
    assert find_amount_mentions("Wij investeren € 99999999999999999999999 miljoen in wegen.") == []
    assert find_amount_mentions("Wij investeren € " + "9" * 5000 + " in wegen.") == []
    assert parse_euro("€ 999.999.999.999.999 miljard") is None  # beyond any budget


def test_ordinary_amounts_still_read() -> None:
    assert parse_euro("€ 1,1 miljoen") == 1_100_000
    assert parse_euro("€ 999.999.999.999") == 999_999_999_999
    assert parse_euro("12.500", 1000) == 12_500_000
    assert [m.amount for m in find_amount_mentions("Wij investeren € 20 miljoen.")] == [20_000_000]


def test_an_absurd_table_scale_does_not_crash() -> None:
    for caption in ("(x € 99999999999999999999999999999999)", "(x € 999.999.999.999 miljoen)"):
        assert parse_euro("5", scale_of(caption)) is None
    assert scale_of("(x € 1.000)") == 1000


@pytest.mark.parametrize(
    "text",
    [
        "9" * 16,
        "1" + "0" * 30,
        "9" * 5000,
        "0," + "0" * 40 + "1",
        "1" + ".000" * 10,
    ],
)
def test_absurdly_long_numbers_are_not_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_long_but_sane_numbers_are_numbers() -> None:
    assert parse_number("999.999.999.999.999") == Decimal("999999999999999")
    assert parse_number("12,345678") == Decimal("12.345678")


@pytest.mark.parametrize(
    "sentence",
    [
        "Wij willen 99999999999999999999999999999999999 procent groei in 2020.",
        "Wij willen 0,000000000000000000000000000000000000001% groei in 2020.",
        "Wij bouwen " + "9" * 5000 + " laadpalen vóór 2020.",
        "Wij bouwen 1" + "0" * 30 + " laadpalen vóór 2020.",
        "Wij willen minimaal € 99999999999999999999999 miljoen investeren in 2019.",
    ],
)
def test_absurd_targets_are_not_targets(sentence: str) -> None:
    assert find_targets(sentence) == []


def test_sane_targets_still_read() -> None:
    targets = find_targets("Wij willen 40% instroom in 2020 en 10 laadpalen vóór 1 juli 2018.")
    assert [(t.value, t.unit, t.year) for t in targets] == [
        (Decimal(40), "percent", 2020),
        (Decimal(10), "count", 2018),
    ]


def test_a_build_with_an_absurd_amount_finishes(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    text = (
        SEEDS["web"]
        .read_text(encoding="utf-8")
        .replace(
            "Geen afwijking.",
            "Wij investeren € 99999999999999999999999 miljoen en 99999999999999999999 procent.",
        )
    )
    (folder / "monitor-2019-1.txt").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["build", str(folder), "--out", str(tmp_path / "out")])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.stderr


# 3. Manifests read only files inside their folder, each once


def _corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(EXAMPLES / "001_e4d768af5dac0265.txt", folder / "monitor.txt")
    shutil.copy(EXAMPLES / "002_83e0883af9086c1a.txt", folder / "begroting.txt")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SEEDS["web"].read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def _manifest(folder: Path, *rows: str) -> Path:
    path = folder / "manifest.csv"
    path.write_text("\n".join([HEADER + ",url", *rows]) + "\n", encoding="utf-8")
    return path


def _refused(manifest: Path) -> ManifestError:
    with pytest.raises(ManifestError) as caught:
        read_manifest(manifest)
    error = caught.value
    assert error.path == manifest
    assert "\n" not in str(error)
    return error


def test_a_row_outside_the_folder_is_refused(tmp_path: Path) -> None:
    manifest = _manifest(_corpus(tmp_path), "../outside/secret.txt,Monitor 2019-I,monitor,2019,I,")
    error = _refused(manifest)
    assert error.line == 2
    assert error.message.startswith("file '../outside/secret.txt' is outside the manifest's folder")


def test_an_absolute_path_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "secret.txt"
    manifest = _manifest(_corpus(tmp_path), f"{secret},Monitor 2019-I,monitor,2019,I,")
    error = _refused(manifest)
    assert error.line == 2
    assert error.message.startswith(f"file '{secret}' is an absolute path")


def test_a_symlink_pointing_outside_is_refused(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    (folder / "link.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    manifest = _manifest(
        folder,
        "monitor.txt,Monitor 2019-I,monitor,2019,I,",
        "link.txt,Begroting 2017,begroting,2017,,",
    )
    error = _refused(manifest)
    assert error.line == 3
    assert error.message.startswith("file 'link.txt' is outside the manifest's folder")


def test_a_symlink_inside_the_folder_is_read(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    (folder / "sub").mkdir()
    (folder / "sub" / "link.txt").symlink_to(folder / "monitor.txt")
    manifest = _manifest(folder, "sub/link.txt,Monitor 2019-I,monitor,2019,I,")
    [entry] = read_manifest(manifest)
    assert entry.path == folder / "sub" / "link.txt"


def test_the_same_file_twice_names_both_lines(tmp_path: Path) -> None:
    manifest = _manifest(
        _corpus(tmp_path),
        "monitor.txt,Monitor 2019-I,monitor,2019,I,",
        "begroting.txt,Begroting 2017,begroting,2017,,",
        "./monitor.txt,Monitor 2019-I,monitor,2019,I,",
    )
    error = _refused(manifest)
    assert error.line == 4
    assert error.message == (
        "file './monitor.txt' is listed twice, on lines 2 and 4; expected one row per file"
    )


def test_conflicting_rows_name_both_lines(tmp_path: Path) -> None:
    manifest = _manifest(
        _corpus(tmp_path),
        "monitor.txt,Monitor 2019-I,monitor,2019,I,",
        "monitor.txt,Begroting 2017,begroting,2017,,",
    )
    error = _refused(manifest)
    assert error.line == 3
    assert error.message == (
        "file 'monitor.txt' is listed twice, on lines 2 and 3, for other documents "
        "(Monitor 2019-I, Begroting 2017); expected one row per file"
    )


def test_a_quoted_newline_in_a_file_name_is_refused(tmp_path: Path) -> None:
    manifest = _manifest(
        _corpus(tmp_path),
        '"monitor\n.txt",Monitor 2019-I,monitor,2019,I,',
        "begroting.txt,Begroting 2017,begroting,2017,,",
    )
    error = _refused(manifest)
    assert error.line == 2
    assert "not found" not in error.message
    assert error.message.startswith("file 'monitor\\n.txt' holds a line break")


def test_line_numbers_count_lines_after_a_multiline_row(tmp_path: Path) -> None:
    manifest = _manifest(
        _corpus(tmp_path),
        'monitor.txt,"Monitor\n2019-I",monitor,2019,I,',
        "begroting.txt,Begroting 2017,begroting,2042x,,",
    )
    assert _refused(manifest).line == 4


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://example.org/a>b", "'>'"),
        ("https://example.org/a b", "a space"),
        ("ftp://example.org/a", "not an http(s) address"),
        ("javascript:alert(1)", "not an http(s) address"),
        ("https://", "not an http(s) address"),
        ("example.org/page", "not an http(s) address"),
    ],
)
def test_a_bad_url_is_refused(tmp_path: Path, url: str, problem: str) -> None:
    manifest = _manifest(_corpus(tmp_path), f'monitor.txt,Monitor 2019-I,monitor,2019,I,"{url}"')
    error = _refused(manifest)
    assert error.line == 2
    assert error.message.startswith(f"url {url!r} ")
    assert problem in error.message
    assert "expected an http(s) address such as https://www.overijssel.nl/" in error.message


def test_a_good_url_is_kept(tmp_path: Path) -> None:
    url = "https://www.overijssel.nl/project/5-2-1-kiezen?jaar=2019#acties"
    manifest = _manifest(_corpus(tmp_path), f"monitor.txt,Monitor 2019-I,monitor,2019,I,{url}")
    [entry] = read_manifest(manifest)
    assert entry.document.url == url


def test_a_bad_url_fails_the_build_in_one_line(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    manifest = _manifest(folder, 'monitor.txt,Monitor 2019-I,monitor,2019,I,"https://x.nl/a>b"')
    result = runner.invoke(
        app, ["build", "--manifest", str(manifest), "--out", str(tmp_path / "o")]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {manifest}:2: url 'https://x.nl/a>b' ")
    assert len(result.stderr.splitlines()) == 1


def test_a_folder_symlink_to_a_file_outside_is_refused(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    link = folder / "secret.txt"
    link.symlink_to(tmp_path / "outside" / "secret.txt")
    with pytest.raises(SourceError) as caught:
        collect_sources([folder])
    assert caught.value.path == link
    assert str(caught.value).startswith(f"{link}: a symbolic link to a file outside the folder")
    result = runner.invoke(app, ["build", str(folder), "--out", str(tmp_path / "o")])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {link}: a symbolic link to a file outside the folder")
    assert len(result.stderr.splitlines()) == 1


def test_a_folder_symlink_to_a_folder_outside_is_refused(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    (folder / "elders").symlink_to(tmp_path / "outside", target_is_directory=True)
    found = None
    try:
        found = collect_sources([folder])
    except SourceError as error:
        assert "outside the folder" in str(error)
    if found is not None:  # the linked folder is not searched
        assert all("secret" not in path.name for path, _ in found)


def test_symlinks_inside_a_folder_are_followed(tmp_path: Path) -> None:
    folder = _corpus(tmp_path)
    (folder / "archief").mkdir()
    shutil.copy(folder / "monitor.txt", folder / "archief" / "monitor.bak")  # not a source name
    (folder / "sub").mkdir()
    target = os.path.relpath(folder / "archief" / "monitor.bak", folder / "sub")
    (folder / "sub" / "copy.txt").symlink_to(target)
    found = [path for path, _ in collect_sources([folder])]
    assert sorted(path.name for path in found) == ["begroting.txt", "copy.txt", "monitor.txt"]


@pytest.mark.parametrize("name", ["contact.html", "w1_begroting2018.html"])
def test_an_encoding_whose_errors_name_no_byte_is_one_line(name: str, tmp_path: Path) -> None:
    """punycode fails without a position (UnicodeError, not UnicodeDecodeError): exit 2."""
    page = Path(__file__).parent / "data" / "html" / name
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(page), "--encoding", "punycode", "--out", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"error: {page}: the file is not valid punycode ("), first
    assert "internal error" not in result.stderr
