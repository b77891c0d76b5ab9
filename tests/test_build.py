"""The built book (from `make book`): zero warnings, charts shipped offline, PDF with every chart, nothing built in git.

These tests read what `make book` left in _build/; none of them builds or writes there.
"""

import re
import subprocess

import pytest
from book import HTML, NOTEBOOKS, PDF, cells, chart_count, page_of
from pypdf import PdfReader

from scripts.config import ROOT

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
    reader = PdfReader(PDF)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert 5 <= len(reader.pages) <= 400
    for notebook in NOTEBOOKS:
        heading = "".join(cells(notebook)[0]["source"]).splitlines()[0].lstrip("# ").strip()
        assert heading.split(":")[0] in text, heading
    images = sum(len(page.images) for page in reader.pages)
    assert images >= sum(chart_count(nb) for nb in NOTEBOOKS)
    assert "alt.Chart" not in text


def test_pdf_has_the_back_matter_and_no_blank_pages():
    reader = PdfReader(PDF)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    for heading in ("Bibliography", "Glossary", "How to cite", "Version"):
        assert heading in text, heading
    blank = [n for n, page in enumerate(reader.pages, 1) if not (page.extract_text() or "").strip() and not page.images]
    assert blank == []


@pytest.mark.xfail(reason="known open defect: longtable cells overflow the PDF margin", strict=True)
def test_pdf_lines_and_tables_stay_inside_the_page():
    """LaTeX reports every line or table row wider than the text block; none may run off by more than 3pt."""
    log = (PDF.parents[1] / "latex" / "book.log").read_text(encoding="utf-8", errors="replace")
    overfull = [float(w) for w in re.findall(r"Overfull \\hbox \(([0-9.]+)pt too wide\)", log)]
    assert [w for w in overfull if w > 3] == []


def test_pdf_images_are_at_least_200_dpi():
    """pdfimages (poppler) reports each image's resolution as placed on the page."""
    listing = subprocess.run(["pdfimages", "-list", str(PDF)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:] if line.strip()]
    header = listing.splitlines()[0].split()
    x_ppi, y_ppi = header.index("x-ppi"), header.index("y-ppi")
    assert rows
    low = [(r[0], r[x_ppi], r[y_ppi]) for r in rows if r[2] == "image" and min(int(r[x_ppi]), int(r[y_ppi])) < 200]
    assert low == []


def test_no_build_output_or_environment_in_git():
    tracked = subprocess.run(["git", "ls-files"], capture_output=True, text=True, cwd=ROOT)
    if tracked.returncode != 0:
        pytest.skip("not a git checkout")
    built = r"(_build|\.venv|venv|\.pytest_cache)/|global\.db$|__version__\.txt$"  # the last two: a stray jupyter-cache
    bad = [f for f in tracked.stdout.splitlines() if re.match(built, f)]
    assert bad == []
