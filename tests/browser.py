"""What the browser tests share: Debian's Chromium, an offline page that records what it requests, widths."""

import http.server
from urllib.parse import urlparse

from book import HTML, chart_count, page_of

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("file", "data", "blob", "about") or parsed.hostname in ("127.0.0.1", "localhost")


def guarded_page(browser):
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
    return page


def urls(server, notebook):
    rel = page_of(notebook).relative_to(HTML).as_posix()
    return [f"{server}/{rel}", page_of(notebook).as_uri()]


WIDTHS = {"phone": (390, 844), "laptop": (1280, 900)}


def open_at(page, url: str, device: str, notebook=None) -> None:
    width, height = WIDTHS[device]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url, wait_until="load")
    expected = chart_count(notebook) if notebook else 0
    if expected:
        page.wait_for_function(f"document.querySelectorAll('.vega-chart svg.marks').length >= {expected}")
        page.wait_for_function(f"document.querySelectorAll('.vega-data a[download]').length >= {expected}")
