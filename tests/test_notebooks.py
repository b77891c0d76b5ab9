"""Every chapter is built alike (findings first, charts titled and sourced), and re-execution gives the same outputs."""

import json
import re

import pytest
from book import CHAPTER_NOTEBOOKS, GLUE_ROLE, NOTEBOOKS, cells, markdown_cells


def code_cells(notebook) -> list[str]:
    return ["".join(c["source"]) for c in cells(notebook) if c["cell_type"] == "code"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_skeleton_title_one_setup_cell(notebook):
    nb = cells(notebook)
    assert nb[0]["cell_type"] == "markdown" and "".join(nb[0]["source"]).startswith("# ")
    setup = next(c for c in nb if c["cell_type"] == "code")
    assert "remove-input" in setup["metadata"].get("tags", [])
    assert "from scripts import" in "".join(setup["source"])


@pytest.mark.parametrize("notebook", CHAPTER_NOTEBOOKS, ids=lambda p: p.stem)
def test_chapter_ends_with_its_sources_and_a_cite_block(notebook):
    code = code_cells(notebook)
    assert "Chapter(" in code[0]
    assert code[-2].strip().endswith(".sources_table()")
    assert code[-1].strip().endswith(".cite()")


def key_findings(notebook) -> str:
    """The Key findings block: from its heading to the next heading, among the first markdown cells."""
    text = "\n".join(markdown_cells(notebook)[:3])
    found = re.search(r"^(?:#+ Key findings|\*\*Key findings\*\*)\s*$(.*?)(?=^#|\Z)", text, flags=re.M | re.S)
    return found.group(1) if found else ""


@pytest.mark.parametrize("notebook", CHAPTER_NOTEBOOKS, ids=lambda p: p.stem)
def test_chapter_opens_with_key_findings_that_carry_figures(notebook):
    block = key_findings(notebook)
    bullets = re.split(r"^[-*] ", block, flags=re.M)[1:]  # each bullet with its wrapped lines
    assert 3 <= len(bullets) <= 5, bullets
    assert len(GLUE_ROLE.findall(block)) >= 3
    assert all("](#" in b or "{ref}" in b for b in bullets), "each finding links to the section that supports it"


def test_a_chapter_without_findings_fails(tmp_path):
    path = tmp_path / "x.ipynb"
    path.write_text(json.dumps({"cells": [{"cell_type": "markdown", "source": "# Title\n\n## Background\n- a\n"}]}))
    assert key_findings(path) == ""


PLUMBING = {
    "a CSV read around the validating loader": r"read_csv|open\(",
    "a hex colour (take colours from the theme)": r"#[0-9a-fA-F]{6}\b",
    "the evidence cut-off typed in (use chapter.cutoff)": r"2026-02-28|28 February 2026",
    "provenance by side channel": r"\.attrs\b",
}


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_code_cells_hold_analysis_not_plumbing(notebook):
    code = "\n".join(code_cells(notebook))
    found = [what for what, pattern in PLUMBING.items() if re.search(pattern, code, flags=re.M)]
    assert found == []


def defined_helpers(notebooks) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for nb in notebooks:
        for name in re.findall(r"^\s*(?:def|class) (\w+)", "\n".join(code_cells(nb)), flags=re.M):
            names.setdefault(name, []).append(nb.stem)
    return names


def test_no_helper_is_defined_in_more_than_one_notebook():
    repeated = {name: where for name, where in defined_helpers(NOTEBOOKS).items() if len(set(where)) > 1}
    assert repeated == {}, "write it once, in scripts/"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_outputs_are_deterministic_and_machine_independent(notebook):
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    text = json.dumps([c.get("outputs", []) for c in nb["cells"]])
    assert not re.search(r"/(?:work|root|home|tmp)/", text), "absolute path in outputs"
    assert not re.search(r" at 0x[0-9a-f]{6,}", text), "object address in outputs"
    assert not any("execution" in c.get("metadata", {}) for c in nb["cells"]), "timing metadata"
    assert all(c.get("execution_count") for c in nb["cells"] if c["cell_type"] == "code"), "unexecuted cell"


SPEC = re.compile(r'<script type="application/json" class="vega-spec"[^>]*>(.*?)</script>', re.S)


def chart_titles(notebook) -> list[dict]:
    """The title block of every chart a notebook draws (from the specs in its stored outputs)."""
    specs = [
        json.loads(m.replace("<\\/", "</"))
        for cell in cells(notebook)
        for out in cell.get("outputs", [])
        for m in SPEC.findall("".join(out.get("data", {}).get("text/html", "")))
    ]
    return [spec.get("title") or {} for spec in specs]


def title_problems(title: dict) -> list[str]:
    text = " ".join(title.get("text", [])) if isinstance(title.get("text"), list) else title.get("text", "")
    subtitle = title.get("subtitle", [])
    lines = subtitle if isinstance(subtitle, list) else [subtitle]
    problems = [] if len(text.split()) >= 4 else [f"no takeaway title: {text!r}"]
    problems += [] if any(line.startswith("Source: ") for line in lines) else ["no Source line"]
    problems += [] if any(not line.startswith("Source: ") for line in lines) else ["no subtitle with unit and period"]
    return problems


@pytest.mark.parametrize("notebook", [nb for nb in NOTEBOOKS if chart_titles(nb)], ids=lambda p: p.stem)
def test_every_chart_states_its_takeaway_unit_period_and_source(notebook):
    assert [p for title in chart_titles(notebook) for p in title_problems(title)] == []


def test_a_chart_without_a_source_line_is_caught():
    assert title_problems({"text": ["Coca area rose to a peak"], "subtitle": ["Hectares, 2003–2024"]}) == [
        "no Source line"
    ]
    assert title_problems({}) == ["no takeaway title: ''", "no Source line", "no subtitle with unit and period"]
