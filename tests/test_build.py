"""A reader of either edition gets the whole book: a warning-free build, every chart in HTML and PDF, clean references.

These tests read what `make book` left in _build/; none of them builds or writes there.
"""

import re
import subprocess

import pytest
from book import HTML, NOTEBOOKS, PDF, built_page, cells, chart_count, page_of, pdf_images, pdf_pages, pdf_text

from scripts.chapter.cite import book
from scripts.config import ROOT, substitutions

LOGS = [HTML.parent / "html-build.log", HTML.parent / "pdf-build.log"]


@pytest.mark.parametrize("log", LOGS, ids=lambda p: p.stem)
def test_the_build_has_zero_warnings(log):
    lines = log.read_text(encoding="utf-8").splitlines()
    warnings = [line for line in lines if re.search(r"\bWARNING:|\bERROR:", line)]
    assert warnings == []
    assert any("build succeeded" in line for line in lines), lines[-5:]


def test_pages_with_charts_load_the_local_vega_bundle_once():
    assert (HTML / "_static" / "vega-charts.js").stat().st_size > 100_000
    for notebook in NOTEBOOKS:
        page = page_of(notebook).read_text(encoding="utf-8")
        charts = chart_count(notebook)
        assert page.count('class="vega-chart"') == charts, notebook.name
        assert page.count("vega-charts.js") == (1 if charts else 0), notebook.name


def test_pages_request_nothing_from_the_network():
    for page in HTML.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        remote = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(?:https?:)?//[^"]+"', text)
        assert remote == [], f"{page.relative_to(HTML)} loads {remote}"


def test_pdf_has_every_chapter_and_every_chart():
    pages, text = pdf_pages(), pdf_text()
    assert 5 <= len(pages) <= 400
    for notebook in NOTEBOOKS:
        heading = "".join(cells(notebook)[0]["source"]).splitlines()[0].lstrip("# ").strip()
        assert heading.split(":")[0] in text, heading
    images = sum(page.images for page in pages)
    assert images >= sum(chart_count(nb) for nb in NOTEBOOKS)
    assert "alt.Chart" not in text


def test_pdf_has_the_back_matter_and_no_blank_pages():
    text = pdf_text()
    for heading in ("Bibliography", "Glossary", "How to cite", "Version"):
        assert heading in text, heading
    blank = [n for n, page in enumerate(pdf_pages(), 1) if not page.text.strip() and not page.images]
    assert blank == []


def test_pdf_lines_and_tables_stay_inside_the_page():
    """LaTeX reports every line or table row wider than the text block; none may run off by more than 3pt."""
    log = (PDF.parents[1] / "latex" / "book.log").read_text(encoding="utf-8", errors="replace")
    overfull = [float(w) for w in re.findall(r"Overfull \\hbox \(([0-9.]+)pt too wide\)", log)]
    assert [w for w in overfull if w > 3] == []


def test_pdf_figures_fit_their_page():
    """A float taller than the page runs its caption into the footer (as the coca figure once did)."""
    log = (PDF.parents[1] / "latex" / "book.log").read_text(encoding="utf-8", errors="replace")
    assert re.findall(r"Float too large for page by [0-9.]+pt on input line \d+", log) == []


def test_pdf_prints_each_folded_table_under_one_title():
    """The HTML dropdown's title ("… (25 rows)") repeats the table's caption; the PDF keeps only the caption."""
    tex = (PDF.parents[1] / "latex" / "book.tex").read_text(encoding="utf-8")
    assert len(re.findall(r"\\begin\{longtable\}", tex)) >= 20
    assert re.findall(r"\\subsubsection\*\{[^}]*\(\d+ (?:rows|columns)\)\}", tex) == []


def test_pdf_images_are_at_least_200_dpi():
    """pdfimages (poppler) reports each image's resolution as placed on the page."""
    images = [image for image in pdf_images() if image["type"] == "image"]
    assert images
    low = [(i["page"], i["x-ppi"], i["y-ppi"]) for i in images if min(int(i["x-ppi"]), int(i["y-ppi"])) < 200]
    assert low == []


def test_no_build_output_or_environment_in_git():
    tracked = subprocess.run(["git", "ls-files"], capture_output=True, text=True, cwd=ROOT)
    if tracked.returncode != 0:
        pytest.skip("not a git checkout")
    built = r"(_build|\.venv|venv|\.pytest_cache)/|global\.db$|__version__\.txt$"  # the last two: a stray jupyter-cache
    bad = [f for f in tracked.stdout.splitlines() if re.match(built, f)]
    assert bad == []


def test_no_page_speaks_about_the_build_machine():
    """What the reader sees (every built page, bibliography included) says nothing of where the book was built."""
    pages = [p for p in HTML.rglob("*.html") if "_static" not in p.parts]
    found = [
        (str(p.relative_to(HTML)), m)
        for p in pages
        for m in re.findall(r"this machine|could not be opened from", p.read_text(encoding="utf-8"), flags=re.I)
    ]
    assert found == []


REFERENCES = HTML / "chapters" / "appendix_references.html"
TEX_LEFTOVERS = re.compile(r"`|''|\\[$&%_#]|[{}]|\\[a-z]+")


def bibliography_labels_and_texts() -> tuple[list[str], list[str]]:
    entries = built_page(REFERENCES).select("div.citation")
    return [e.select_one(".label").get_text().strip("[]") for e in entries], [e.get_text(" ") for e in entries]


def test_bibliography_is_one_alphabetical_list_without_tex_markup():
    labels, texts = bibliography_labels_and_texts()
    assert len(labels) >= 100
    assert labels == sorted(labels, key=str.casefold)
    assert [t for t in texts if TEX_LEFTOVERS.search(t.replace("http", ""))] == []


@pytest.mark.parametrize("text", ["quedó en \\$3.277,14", "por `Iván Mordisco'", "``clan''", "{Petro}"])
def test_tex_leftovers_are_caught(text):
    assert TEX_LEFTOVERS.search(text)


def test_the_pdf_has_one_bibliography_heading_and_no_empty_chapter_page():
    texts = [page.text for page in pdf_pages()]
    headed = [
        n for n, t in enumerate(texts) if re.search(r"^\s*(?:\d+|[A-Z])?\s*Bibliography\s*$", t, flags=re.M | re.I)
    ]
    assert headed, "no Bibliography heading"
    assert [n for n in headed if len(texts[n].strip()) < 200] == [], "a page that holds only the Bibliography heading"


def test_the_title_pages_state_edition_licence_and_findings():
    """The HTML title page and the PDF's first page carry what CITATION.cff and _config.yml state."""
    meta = book()
    summary = substitutions()["summary"]
    html = built_page(HTML / "intro.html").get_text(" ")
    pdf = pdf_pages()[0].text
    released = meta["released"].strftime("%-d %B %Y")
    opening = " ".join(summary.split()[:8])
    for text in (html, pdf):
        squeezed = re.sub(r"\s+", "", text)  # PDF extraction may drop the spaces of justified lines
        for part in (meta["version"], released, meta["license"], opening):
            assert re.sub(r"\s+", "", part) in squeezed, part
