import shutil
import sys
from pathlib import Path

import pytest

from scripts.paths import BIBLIOGRAPHY, DATA


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
