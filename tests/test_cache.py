"""A reader never sees a figure from stale data: a CSV change re-executes exactly the notebooks that read it.

A small book is built in a temporary folder with the book's own Sphinx extension: notebook
``indirect`` reads ``checks`` and ``figures`` only through a helper (``arithmetic_checks``),
notebook ``direct`` reads ``events``. The oracle is how the two notebooks are written here,
not the code under test. The data are a private copy (BOOK_DATA_DIR).
"""

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from scripts.config import BIBLIOGRAPHY, DATA

JB = Path(sys.executable).with_name("jupyter-book")
NOTEBOOKS = {
    "indirect": "from scripts.chapter.checks import arithmetic_checks\n\nlen(arithmetic_checks())",
    "direct": 'from scripts import load\n\nlen(load("events"))',
}
CONFIG = """title: cache test
only_build_toc_files: true
execute:
  execute_notebooks: cache
  timeout: 120
bibtex_bibfiles: [references.bib]
sphinx:
  extra_extensions: [scripts.sphinxext]
  config:
    myst_substitutions: {cutoff: "28 February 2026"}
"""


def touch_note(path: Path, column: str) -> None:
    """A change that keeps the table valid: add a full stop to the last row's text."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[-1][rows[0].index(column)] += "."
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    root = tmp_path_factory.mktemp("cachebook")
    shutil.copytree(DATA, root / "data")
    shutil.copy(BIBLIOGRAPHY, root / "references.bib")
    (root / "_config.yml").write_text(CONFIG)
    (root / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: indirect\n  - file: direct\n")
    (root / "intro.md").write_text("# Cache test\n")
    for name, code in NOTEBOOKS.items():
        nb = nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_markdown_cell(f"# {name}"), nbformat.v4.new_code_cell(code)]
        )
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, root / f"{name}.ipynb")
    env = {**os.environ, "BOOK_DATA_DIR": str(root / "data")}

    def build() -> list[str]:
        result = subprocess.run([str(JB), "build", str(root), "--builder", "html"], capture_output=True, text=True,
                                env=env, cwd=root)  # fmt: skip
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return sorted(set(re.findall(r"(\w+)\.ipynb: Executing notebook", result.stdout + result.stderr)))

    assert build() == ["direct", "indirect"]
    return root, build


def test_an_unchanged_book_executes_nothing(book):
    assert book[1]() == []


@pytest.mark.parametrize(
    ("table", "column", "readers"),
    [("checks", "note", ["indirect"]), ("figures", "note", ["indirect"]), ("events", "event", ["direct"])],
)
def test_a_csv_change_re_executes_exactly_its_readers(book, table, column, readers):
    root, build = book
    touch_note(root / "data" / f"{table}.csv", column)
    assert build() == readers


def test_a_table_nobody_reads_re_executes_nothing(book):
    root, build = book
    touch_note(root / "data" / "glossary.csv", "definition_en")
    assert build() == []
