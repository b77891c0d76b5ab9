"""The built HTML in a real browser (Debian's Chromium via Playwright), offline.

Every request to a non-local address is blocked and recorded; each chapter page is opened over
a local HTTP server and from file://.
"""

import functools
import http.server
import threading
from importlib.resources import files
from urllib.parse import urlparse

import pytest
from book import HTML, NOTEBOOKS, chart_count, page_of
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=HTML))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("file", "data", "blob", "about") or parsed.hostname in ("127.0.0.1", "localhost")


@pytest.fixture
def page(browser):
    """A fresh page that blocks and records non-local requests, console errors and page errors."""
    context = browser.new_context()
    page = context.new_page()
    page.left_machine, page.errors = [], []

    def guard(route):
        if is_local(route.request.url):
            route.continue_()
        else:
            page.left_machine.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def urls(server, notebook):
    rel = page_of(notebook).relative_to(HTML).as_posix()
    return [f"{server}/{rel}", page_of(notebook).as_uri()]


CASES = [(nb, mode) for nb in NOTEBOOKS for mode in ("http", "file")]


@pytest.mark.parametrize(("notebook", "mode"), CASES, ids=lambda v: getattr(v, "stem", v))
def test_chapter_renders_offline(page, server, notebook, mode):
    url = urls(server, notebook)[0 if mode == "http" else 1]
    page.goto(url, wait_until="load")
    expected = chart_count(notebook)
    if expected:
        page.wait_for_function(f"document.querySelectorAll('.vega-chart svg.marks').length >= {expected}")
    assert page.locator(".vega-chart svg.marks").count() == expected
    for chart in page.locator(".vega-chart").all():
        assert chart.get_attribute("aria-label"), "chart without a text alternative"
    assert page.locator("img:not([alt])").count() == 0
    assert page.left_machine == []
    assert page.errors == []


@pytest.mark.parametrize("notebook", [nb for nb in NOTEBOOKS if chart_count(nb)], ids=lambda p: p.stem)
def test_hovering_a_mark_shows_a_tooltip(page, server, notebook):
    page.goto(urls(server, notebook)[0], wait_until="load")
    page.wait_for_selector(".vega-chart svg.marks")
    tooltip = page.locator("#vg-tooltip-element.visible")
    for chart in page.locator(".vega-chart").all():
        # Some marks (rules, labels, a line drawn under its points) carry no tooltip: try the first few.
        marks = chart.locator("g.mark-symbol path, g.mark-rect path, g.mark-line path, g.mark-area path").all()
        shown = ""
        for mark in marks[:25]:
            mark.hover(force=True)
            try:
                tooltip.wait_for(timeout=1000)
            except PlaywrightTimeout:
                continue
            shown = tooltip.inner_text().strip()
            if shown:
                break
        page.mouse.move(0, 0)
        assert shown, f"no tooltip on {chart.get_attribute('id')}"


def test_download_pdf_link_works(page, server):
    page.goto(f"{server}/intro.html", wait_until="load")
    link = page.locator("a[download]", has_text="PDF")
    href = link.get_attribute("href")
    response = page.request.get(f"{server}/{href}")
    assert response.status == 200
    assert response.body()[:5] == b"%PDF-"
    assert page.left_machine == []


AXE = files("axe_playwright_python") / "axe.min.js"  # axe-core, shipped inside the package


@pytest.mark.parametrize("page_path", ["intro.html", *(page_of(nb).relative_to(HTML).as_posix() for nb in NOTEBOOKS)])
def test_no_serious_accessibility_violations(page, server, page_path):
    page.goto(f"{server}/{page_path}", wait_until="load")
    if page.locator(".vega-chart").count():
        page.wait_for_selector(".vega-chart svg.marks")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
