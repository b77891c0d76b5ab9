"""The book is citable: a valid CITATION.cff whose version and date the title page repeats."""

import pytest
from book import CHAPTER_NOTEBOOKS, cells
from cffconvert.cli.create_citation import create_citation

from scripts.cite import book
from scripts.paths import CITATION, ROOT


def test_citation_cff_is_valid():
    create_citation(str(CITATION), None).validate()  # raises on any schema violation


def test_an_invalid_citation_cff_is_rejected(tmp_path):
    bad = tmp_path / "CITATION.cff"
    bad.write_text(CITATION.read_text(encoding="utf-8").replace('date-released: "', 'date-released: "not-a-date '))
    with pytest.raises(Exception, match="date"):
        create_citation(str(bad), None).validate()


def test_title_page_states_the_cff_version_and_release_date():
    meta = book()
    intro = (ROOT / "intro.md").read_text(encoding="utf-8")
    assert f"Version {meta['version']}" in intro
    assert f"released {meta['released'].strftime('%-d %B %Y')}" in intro


@pytest.mark.parametrize("notebook", CHAPTER_NOTEBOOKS, ids=lambda p: p.stem)
def test_every_chapter_ends_with_its_sources_and_a_cite_block(notebook):
    code = ["".join(c["source"]) for c in cells(notebook) if c["cell_type"] == "code"]
    assert f'cite_chapter("{notebook.stem}")' in code[-1]
    assert "sources_table(" in code[-2]
