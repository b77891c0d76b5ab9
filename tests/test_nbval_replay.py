"""`make test`'s nbval run fails when the build's execution of a notebook differs from its committed outputs.

The oracle is a two-cell notebook written here and an execution cache filled by hand with an
identical, or a deliberately changed, copy of it; pytest runs in a separate process, as `make test`
runs it.
"""

import copy
import subprocess
import sys

import nbformat
import pytest
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn

from scripts.config import ROOT


def notebook():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# t")])
    for n, (code, text) in enumerate([("x = 86_000", None), ("f'{x:,}'", "'86,000'")], 1):
        cell = nbformat.v4.new_code_cell(code, execution_count=n)
        if text:
            cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": text}, execution_count=n,
                                                   metadata={"book": {"text": text.strip("'")}})]  # fmt: skip
        nb.cells.append(cell)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def run(tmp_path, executed=None) -> subprocess.CompletedProcess:
    path = tmp_path / "chapter.ipynb"
    nbformat.write(notebook(), path)
    if executed is not None:
        get_cache(tmp_path / "cache").cache_notebook_bundle(CacheBundleIn(executed, str(path)), check_validity=False)
    command = [sys.executable, "-m", "pytest", "-p", "tests.nbval_replay", "--nbval", "--nbval-current-env",
               f"--nbval-replay={tmp_path / 'cache'}", "-q", "-p", "no:cacheprovider", str(path)]  # fmt: skip
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_an_execution_equal_to_the_committed_outputs_passes(tmp_path):
    result = run(tmp_path, notebook())
    assert result.returncode == 0, result.stdout[-2000:]
    assert "2 passed" in result.stdout


@pytest.mark.parametrize(
    ("where", "shown"),
    [(("data", "text/plain"), "'(86, 0)'"), (("metadata", "book"), {"text": "(86, 0)"})],
    ids=["output", "glued text in the metadata"],
)
def test_a_changed_output_fails_its_cell(tmp_path, where, shown):
    executed = copy.deepcopy(notebook())
    executed.cells[2].outputs[0][where[0]][where[1]] = shown
    result = run(tmp_path, executed)
    assert result.returncode == 1
    assert "1 failed, 1 passed" in result.stdout and "Cell outputs differ" in result.stdout


def test_a_notebook_the_build_has_not_executed_is_an_error(tmp_path):
    result = run(tmp_path)
    assert result.returncode == 1
    assert "the build has not executed this notebook" in result.stdout
