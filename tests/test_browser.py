"""A real headless Chromium on the pages of ``prestatiegraaf serve`` and of a static site.

Query, browse, escaping; the static site over a file server on 127.0.0.1 and from disk.

Uses Debian's ``chromium`` (``.ci/run`` installs it where it is missing), driven by Playwright.
Screenshots of each step are saved in the test's temporary folder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Dialog, sync_playwright

from conftest import QUERIES
from prestatiegraaf.graph.store import load_data
from prestatiegraaf.query import run_query
from prestatiegraaf.serve.static_site import SiteOptions, make_site
from test_serve_support import SCRIPT, build_with_script, start_server, stop_server
from test_site import serve_folder

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

pytestmark = pytest.mark.skipif(
    not CHROMIUM.is_file(), reason="Debian's chromium is not installed (apt-get install chromium)"
)


def test_a_browser_runs_an_example_query_and_browses_to_a_source_quote(tmp_path: Path) -> None:
    built = build_with_script(tmp_path)
    expected = run_query((QUERIES / "acties.rq").read_text("utf-8"), load_data([built]))
    server = start_server(built, tmp_path / "server.log")
    dialogs: list[str] = []
    problems: list[str] = []

    def dialog(opened: Dialog) -> None:
        dialogs.append(opened.message)
        opened.dismiss()

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            problems.append(message.text)

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("dialog", dialog)
            page.on("console", console)
            page.on("pageerror", lambda error: problems.append(str(error)))

            page.goto(server.url)
            assert page.locator("h1").inner_text() == "Prestaties van de Provincie Overijssel"
            page.screenshot(path=str(tmp_path / "1-home.png"), full_page=True)

            # an example query, opened in the form, edited and run
            example = page.locator("table.examples tr", has_text="acties.rq")
            example.get_by_role("link", name="Edit").click()
            editor = page.locator("textarea#query")
            assert "pg:actie ?action" in editor.input_value()
            editor.fill(
                editor.input_value().replace(
                    "ORDER BY ?code ?document ?number", "ORDER BY ?code ?document ?number\nLIMIT 4"
                )
            )
            page.get_by_role("button", name="Run query").click()
            page.wait_for_selector("table.results tbody tr")
            assert page.locator("table.results tbody tr").count() == 4
            cells = page.locator("table.results tbody tr").first.locator("td").all_inner_texts()
            assert tuple(cell.strip() for cell in cells) == expected.rows[0]
            page.screenshot(path=str(tmp_path / "2-results.png"), full_page=True)

            # from the home page to a prestatie, and on to what a document says of it
            page.goto(server.url)
            page.locator("ul.prestaties a", has_text="5.2.1").click()
            page.wait_for_url("**/id/prestatie/2015-2019/5.2.1")
            assert page.locator("h1").inner_text().startswith("5.2.1 Kiezen, leren en werken")
            assert page.locator("table.history tbody tr").count() == 3
            page.screenshot(path=str(tmp_path / "3-prestatie.png"), full_page=True)
            page.locator("table.history").get_by_role("link", name="Monitor 2016-II").click()
            page.wait_for_url("**/id/prestatiebeschrijving/monitor-2016-ii/5.2.1")
            quote = page.locator("blockquote", has_text="alert(1)")
            assert SCRIPT in quote.inner_text()  # shown as text, not run
            quote.scroll_into_view_if_needed()
            page.screenshot(path=str(tmp_path / "4-description.png"), full_page=True)
            page.get_by_role("link", name="Actie 3").first.click()
            page.wait_for_url("**/actie/3")
            assert SCRIPT in page.locator("table.props").first.inner_text()
            browser.close()
    finally:
        assert stop_server(server) == 0
    assert dialogs == [] and problems == []
    assert all((tmp_path / f"{name}.png").stat().st_size > 10_000
               for name in ("1-home", "2-results", "3-prestatie", "4-description"))  # fmt: skip


def test_a_browser_browses_the_static_site_from_a_file_server_and_from_disk(
    tmp_path: Path,
) -> None:
    built = build_with_script(tmp_path)
    site = tmp_path / "site"
    make_site(SiteOptions(built, site, jobs=1))
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        with serve_folder(site) as start:  # a static file server on 127.0.0.1
            page.goto(start)
            assert page.locator("h1").inner_text() == "Prestaties van de Provincie Overijssel"
            page.locator("ul.prestaties a", has_text="5.2.1").click()
            page.wait_for_url(start + "id/prestatie/2015-2019/5.2.1.html")
            assert page.locator("h1").inner_text().startswith("5.2.1 Kiezen, leren en werken")
            assert page.locator("table.history tbody tr").count() == 3
            page.screenshot(path=str(tmp_path / "5-static-prestatie.png"), full_page=True)
            page.locator("table.history").get_by_role("link", name="Monitor 2016-II").click()
            page.wait_for_url("**/id/prestatiebeschrijving/monitor-2016-ii/5.2.1.html")
            assert SCRIPT in page.locator("blockquote", has_text="alert(1)").inner_text()
            page.get_by_role("link", name="Ontology").click()
            page.wait_for_url(start + "def.html")
            assert page.locator("section#Prestatie").count() == 1
            # the IRI's own path, as a browser asks for it, gives the page
            page.goto(start + "id/prestatie/2015-2019/5.2.1")
            assert page.locator("h1").inner_text().startswith("5.2.1 Kiezen, leren en werken")
        # opened from disk: every link names its file
        page.goto((site / "index.html").as_uri())
        page.locator("ul.prestaties a", has_text="5.2.1").click()
        page.wait_for_url("**/id/prestatie/2015-2019/5.2.1.html")
        page.get_by_role("link", name="Home", exact=True).click()
        page.wait_for_url((site / "index.html").as_uri())
        browser.close()
    assert problems == []
    assert (tmp_path / "5-static-prestatie.png").stat().st_size > 10_000
