"""nbval without a second execution: each committed cell is compared with the build's execution of it.

`make book` executes every notebook once and keeps the executed copies in Jupyter Book's execution
cache. With ``--nbval --nbval-replay=CACHE`` (what `make test` runs) nbval collects and compares the
committed notebooks as usual, with its own comparison and failure report, but takes each cell's
outputs from that cache instead of a live kernel, so no notebook is executed a second time. Unlike
plain nbval it also compares output metadata (where glued figures keep their text), so a change in
any output but a PNG image fails. Without ``--nbval-replay``, ``--nbval`` executes as it always has.
"""

from __future__ import annotations

import pytest
from jupyter_cache import get_cache
from nbval.plugin import IPyNbCell, IPyNbFile, coalesce_streams


def pytest_addoption(parser):
    parser.getgroup("nbval").addoption(
        "--nbval-replay",
        metavar="CACHE",
        help="with --nbval: take each cell's outputs from this jupyter-cache (the build's execution)",
    )


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path, parent):
    collected = yield
    cache = parent.config.getoption("nbval_replay")
    if not cache:
        return collected
    return [ReplayedNotebook.from_parent(parent, path=c.path) if isinstance(c, IPyNbFile) else c for c in collected]


class ReplayedNotebook(IPyNbFile):
    def setup(self):
        cache = get_cache(self.config.getoption("nbval_replay"))
        try:
            record = cache.match_cache_notebook(self.nb)
        except KeyError:
            raise LookupError(f"{self.path.name}: the build has not executed this notebook; run `make book`") from None
        executed = cache.get_cache_bundle(record.pk).nb
        self.executed = [cell for cell in executed.cells if cell.cell_type == "code"]
        self.skip_compare = tuple(key for key in self.skip_compare if key != "metadata")
        self.setup_sanitize_files()

    def collect(self):
        for cell in super().collect():
            yield ReplayedCell.from_parent(self, name=cell.name, cell_num=cell.cell_num, cell=cell.cell,
                                           options=cell.options)  # fmt: skip


class ReplayedCell(IPyNbCell):
    def runtest(self):
        if self.options["skip"]:
            pytest.skip()
        outputs = coalesce_streams(self.parent.executed[self.cell_num].outputs)
        errors = [out for out in outputs if out.output_type == "error"]
        if errors and not self.options["check_exception"]:
            self.raise_cell_error("Cell execution caused an exception", "\n" + "\n".join(errors[0].traceback))
        if self.options["check"] and self.cell.execution_count is not None:
            if not self.compare_outputs(outputs, coalesce_streams(self.cell.outputs)):
                self.raise_cell_error("Cell outputs differ", "\n".join(self.comparison_traceback))
