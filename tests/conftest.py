"""Shared test set-up: which tests need the built book (the "full" tier) and a private copy of the data package."""

import shutil
import sys
from pathlib import Path

import pytest

from scripts.config import BIBLIOGRAPHY, DATA

# Tests that read the built book, execute notebooks or run the whole corruption corpus: `make test`
# runs them (marked "full"), `make check` leaves them out.
FULL_TESTS = {
    "test_build.py",
    "test_browser.py",
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


def pytest_terminal_summary(terminalreporter):
    corpus = sys.modules.get("test_corrupted")
    if corpus is not None:
        terminalreporter.write_line(corpus.corpus_summary())
