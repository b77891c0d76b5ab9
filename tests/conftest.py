"""Shared test set-up: which tests need the built book (the "full" tier) and a private copy of the data package."""

import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest
from book import HTML
from browser import CHROMIUM, FLAGS, QuietHandler, guarded_page

from scripts.config import BIBLIOGRAPHY, DATA

# Tests that read the built book, execute notebooks or run the whole corruption corpus: `make test`
# runs them (marked "full"), `make check` leaves them out.
FULL_TESTS = {
    "test_build.py",
    "test_browser.py",
    "test_reader.py",
    "test_cache.py",
    "test_corrupted.py",
    "test_lab.py",
    "test_numbering.py",
    "test_rendered.py",
    "test_tables.py",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.fspath))
        if path.name in FULL_TESTS or path.suffix == ".ipynb":
            item.add_marker(pytest.mark.full)


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A private copy of data/ and references.bib; returns the copied datapackage.json."""
    shutil.copytree(DATA, tmp_path / "data")
    shutil.copy(BIBLIOGRAPHY, tmp_path / "references.bib")
    return tmp_path / "data" / "datapackage.json"


# --------------------------------------------------------------------------- the browser tests' page and browser
@pytest.fixture(scope="session")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=HTML))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    page = guarded_page(browser)
    yield page
    page.context.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    where = os.environ.get("BOOK_SCREENSHOTS")
    path = Path(where) if where else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def pytest_terminal_summary(terminalreporter):
    corpus = sys.modules.get("test_corrupted")
    if corpus is not None:
        terminalreporter.write_line(corpus.corpus_summary())
