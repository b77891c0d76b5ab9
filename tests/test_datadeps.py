"""A data change re-executes exactly the notebooks that read the changed table."""

import json

from scripts.datadeps import data_inputs, inputs, tables_read


def notebook(tmp_path, code: str):
    path = tmp_path / "nb.ipynb"
    cells = [{"cell_type": "code", "source": code, "metadata": {}, "outputs": [], "execution_count": None}]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    return path


def test_literal_loads_are_the_dependencies(tmp_path):
    assert tables_read(notebook(tmp_path, 'events = load("events")')) == ["events"]


def test_a_dynamic_load_depends_on_every_table(tmp_path):
    every = tables_read(notebook(tmp_path, 'x = load("events")\nfor n in names:\n    load(n)'))
    assert "figures" in every and "events" in every


def test_a_notebook_without_data_has_no_inputs(tmp_path):
    assert data_inputs(notebook(tmp_path, "print(1)")) == []


def test_inputs_include_the_descriptor_and_bibliography(tmp_path):
    names = [p.name for p in data_inputs(notebook(tmp_path, 'load("figures")'))]
    assert names == ["datapackage.json", "references.bib", "figures.csv"]


def test_notebooks_that_import_scripts_depend_on_the_code(tmp_path):
    names = [p.name for p in inputs(notebook(tmp_path, "from scripts import load"))]
    assert "fmt.py" in names and "CITATION.cff" in names
    assert inputs(notebook(tmp_path, "import math")) == []
