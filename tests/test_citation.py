"""The book is citable: a valid CITATION.cff whose version and date the title page repeats."""

import subprocess
import sys
from pathlib import Path

from scripts.config import CITATION

CHECK = [str(Path(sys.executable).with_name("check-jsonschema")), "--builtin-schema", "vendor.citation-file-format"]


def test_citation_cff_is_valid():
    result = subprocess.run([*CHECK, str(CITATION)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_invalid_citation_cff_is_rejected(tmp_path):
    bad = tmp_path / "CITATION.cff"
    bad.write_text(CITATION.read_text(encoding="utf-8").replace("cff-version: 1.2.0", "cff-version: one"))
    assert subprocess.run([*CHECK, str(bad)], capture_output=True, text=True).returncode == 1
