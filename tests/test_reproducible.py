"""Re-executing the notebooks with the project's own `make execute` reproduces them byte for byte.

Run twice in a row: both runs must give identical files, and both must equal the committed
notebooks, so an upgraded package that changes any output fails here (and in nbval).
"""

import subprocess

from book import NOTEBOOKS

from scripts.paths import ROOT


def execute() -> dict[str, bytes]:
    result = subprocess.run(["make", "-s", "execute"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return {nb.name: nb.read_bytes() for nb in NOTEBOOKS}


def test_make_execute_twice_gives_byte_identical_committed_notebooks():
    committed = {nb.name: nb.read_bytes() for nb in NOTEBOOKS}
    first = execute()
    second = execute()
    assert first == second, "two executions differ"
    changed = sorted(name for name in committed if committed[name] != first[name])
    assert changed == [], f"re-execution changed {changed}: run `make execute` and commit"
