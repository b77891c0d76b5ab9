"""What the reader sees is what the analysis glued: every glued figure, in the built HTML and PDF.

For each chapter, the figures its prose shows ({glue:text} roles, in reading order) are
compared with the texts its stored outputs glued; in the HTML the comparison is exact, span by
span; the PDF's text must contain each of them.
"""

import re

import pytest
from book import NOTEBOOKS, built_page, glue_roles, glued, page_of, pdf_text
from bs4 import BeautifulSoup

GLUING = [nb for nb in NOTEBOOKS if glue_roles(nb)]
QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def rendered_mismatches(expected: list[tuple[str, str]], page: BeautifulSoup) -> list[str]:
    """(name, glued text) pairs in reading order against the page's pasted-text spans."""
    shown = [span.get_text() for span in page.select("span.pasted-text")]
    problems = (
        [f"{len(shown)} glued figures on the page, {len(expected)} in the prose"] if len(shown) != len(expected) else []
    )
    # Sphinx curls quotes in the text it renders ("smart quotes"): compare with quotes straightened.
    problems += [
        f"{name}: glued {text!r}, page shows {got!r}"
        for (name, text), got in zip(expected, shown, strict=False)
        if got.translate(QUOTES) != text.translate(QUOTES)
    ]
    return problems


def flat(text: str) -> str:
    """Text as the PDF's extraction can be compared: TeX curls quotes, and the extraction drops
    the spaces of justified lines, so quotes are straightened and all white space removed."""
    return re.sub(r"\s+", "", text.translate(QUOTES))


@pytest.fixture(scope="module")
def flat_pdf_text() -> tuple[str, str]:
    raw = pdf_text()
    return flat(raw), flat(re.sub(r"-\n", "", raw))


@pytest.mark.parametrize("notebook", GLUING, ids=lambda p: p.stem)
def test_every_glued_figure_renders_as_glued_in_the_html(notebook):
    texts = glued(notebook)
    expected = [(name, texts[name]) for name in glue_roles(notebook)]
    assert rendered_mismatches(expected, built_page(page_of(notebook))) == []


@pytest.mark.parametrize("notebook", GLUING, ids=lambda p: p.stem)
def test_every_glued_figure_is_in_the_pdf(notebook, flat_pdf_text):
    texts = glued(notebook)
    missing = [(n, texts[n]) for n in glue_roles(notebook) if not any(flat(texts[n]) in t for t in flat_pdf_text)]
    assert missing == []


@pytest.mark.parametrize(
    ("glued_text", "shown"),
    [("86,000", "(86, 0)"), ("13,762,362", "(13, 762, 362)"), ("3 February 2026", ""), ("5.0%", "5.0")],
)
def test_a_figure_rendered_wrongly_is_caught(glued_text, shown):
    page = BeautifulSoup(f'<p>It stood at <span class="pasted-text">{shown}</span> hectares.</p>', "html.parser")
    assert rendered_mismatches([("x", glued_text)], page) == [f"x: glued {glued_text!r}, page shows {shown!r}"]


def test_a_figure_missing_from_the_page_is_caught():
    assert rendered_mismatches([("x", "86,000")], BeautifulSoup("<p>no figures</p>", "html.parser")) == [
        "0 glued figures on the page, 1 in the prose"
    ]


def test_the_book_glues_figures():
    assert sum(len(glue_roles(nb)) for nb in GLUING) >= 100
