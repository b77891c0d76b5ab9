import shutil
from pathlib import Path

import pytest

from scripts.paths import BIBLIOGRAPHY, DATA


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A private copy of data/ and references.bib; returns the copied datapackage.json."""
    shutil.copytree(DATA, tmp_path / "data")
    shutil.copy(BIBLIOGRAPHY, tmp_path / "references.bib")
    return tmp_path / "data" / "datapackage.json"
