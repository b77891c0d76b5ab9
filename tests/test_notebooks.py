"""Notebooks: the house skeleton, deterministic outputs, ruff-clean code."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from book import CHAPTER_NOTEBOOKS, NOTEBOOKS

from scripts.paths import ROOT

RUFF = Path(sys.executable).with_name("ruff")


@pytest.mark.parametrize("notebook", CHAPTER_NOTEBOOKS, ids=lambda p: p.name)
def test_skeleton_title_then_one_setup_cell(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    assert cells[0]["cell_type"] == "markdown" and "".join(cells[0]["source"]).startswith("# ")
    setup = cells[1]
    assert setup["cell_type"] == "code" and "remove-input" in setup["metadata"].get("tags", [])
    assert "from scripts import" in "".join(setup["source"])


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_are_deterministic_and_machine_independent(notebook):
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    text = json.dumps([c.get("outputs", []) for c in nb["cells"]])
    assert not re.search(r"/(?:work|root|home|tmp)/", text), "absolute path in outputs"
    assert not re.search(r" at 0x[0-9a-f]{6,}", text), "object address in outputs"
    assert not any("execution" in c.get("metadata", {}) for c in nb["cells"]), "timing metadata"
    assert all(c.get("execution_count") for c in nb["cells"] if c["cell_type"] == "code"), "unexecuted cell"


def test_ruff_is_clean():
    result = subprocess.run(
        [str(RUFF), "check", "scripts", "tests", "chapters"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout
