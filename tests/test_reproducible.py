"""Executing the notebooks reproduces their committed outputs exactly.

`make book` executes every notebook once (Jupyter Book's execution cache, in _build/); here each
executed copy's outputs must equal the committed ones, cell by cell. nbval (`make test`)
executes each notebook a second time and compares again, so two independent executions agree
with what is committed, and no test executes a notebook a third time or rewrites one.
"""

import json

import nbformat
import pytest
from book import HTML, NOTEBOOKS
from jupyter_cache import get_cache

CACHE = HTML.parent / ".jupyter_cache"


def outputs(nb) -> list:
    return [json.loads(json.dumps(c.get("outputs", []))) for c in nb.cells if c.cell_type == "code"]


def differing_cells(committed, executed) -> list[int]:
    pairs = zip(outputs(committed), outputs(executed), strict=True)
    return [i for i, (a, b) in enumerate(pairs) if a != b]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_build_execution_reproduces_the_committed_outputs(notebook):
    committed = nbformat.read(notebook, as_version=4)
    record = get_cache(CACHE).match_cache_notebook(committed)
    executed = get_cache(CACHE).get_cache_bundle(record.pk).nb
    assert differing_cells(committed, executed) == [], "run `make execute` and commit the notebooks"


def test_a_changed_output_is_caught():
    committed = nbformat.read(NOTEBOOKS[0], as_version=4)
    changed = nbformat.read(NOTEBOOKS[0], as_version=4)
    cell = next(c for c in changed.cells if c.cell_type == "code" and c.outputs)
    cell.outputs = []
    assert differing_cells(committed, changed) != []
