"""What the tests know about the book: its notebooks, built pages and charts."""

import functools
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from scripts.config import BUILD, CHAPTERS, ROOT

HTML = BUILD / "html"
PDF = HTML / "colombia-2026.pdf"
NOTEBOOKS = sorted(CHAPTERS.glob("*.ipynb"))
CHAPTER_NOTEBOOKS = [nb for nb in NOTEBOOKS if not nb.stem.startswith("appendix")]


def cells(notebook: Path) -> list[dict]:
    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


def chart_count(notebook: Path) -> int:
    """Charts in a notebook's stored outputs (one book-renderer div each)."""
    return sum(
        'class="vega-chart"' in "".join(out.get("data", {}).get("text/html", ""))
        for cell in cells(notebook)
        for out in cell.get("outputs", [])
    )


def page_of(notebook: Path) -> Path:
    return (HTML / notebook.relative_to(ROOT)).with_suffix(".html")


# --------------------------------------------------------------------------- the built book, read once per process
@functools.cache
def built_page(path: Path) -> BeautifulSoup:
    """A built HTML page, parsed once per test process (tests only read it)."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@dataclass(frozen=True)
class PdfPage:
    text: str  # the text a reader sees on the page (poppler drops what TeX set beyond the page's edges)
    images: int


@functools.cache
def pdf_pages() -> tuple[PdfPage, ...]:
    """Every page of the PDF, read once per test process with poppler (pdftotext, pdfimages)."""
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(PDF), "-"], capture_output=True, text=True, check=True
    )
    images = [int(image["page"]) for image in pdf_images() if image["type"] == "image"]  # masks excluded
    pages = text.stdout.split("\f")[:-1]  # a form feed ends each page
    return tuple(PdfPage(page, images.count(n)) for n, page in enumerate(pages, 1))


@functools.cache
def pdf_images() -> tuple[dict[str, str], ...]:
    """Every image of the PDF as poppler's ``pdfimages -list`` reports it (page, type, x-ppi, y-ppi, …)."""
    listing = subprocess.run(["pdfimages", "-list", str(PDF)], capture_output=True, text=True, check=True).stdout
    header, _, *rows = listing.splitlines()
    return tuple(dict(zip(header.split(), row.split(), strict=True)) for row in rows if row.strip())


def pdf_text() -> str:
    return "\n".join(page.text for page in pdf_pages())


def glued(notebook: Path) -> dict[str, str]:
    """Name -> text of every figure the stored notebook glued (from the outputs' metadata)."""
    return {
        out["metadata"]["scrapbook"]["name"]: out["metadata"]["book"]["text"]
        for cell in cells(notebook)
        for out in cell.get("outputs", [])
        if "text" in out.get("metadata", {}).get("book", {})
    }


GLUE_ROLE = re.compile(r"\{glue:text\}`([\w-]+)(?::[^`]*)?`")


def glue_roles(notebook: Path) -> list[str]:
    """The glued names the prose shows, in reading order."""
    return [name for text in markdown_cells(notebook) for name in GLUE_ROLE.findall(text)]


# --------------------------------------------------------------------------- typed numbers
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
STRIP = [
    r"```.*?```",  # fenced code and directives
    r":::.*?:::",  # colon fences
    r"\{[a-z:-]+\}`[^`]*`",  # roles: {glue:text}`x`, {cite:p}`k`, {numref}`fig-x`
    r"`[^`]*`",  # inline code
    r"\]\([^)]*\)",  # link targets
    r"https?://\S+",  # bare addresses
    r"<[^>]+>",  # HTML tags
    r"^\([\w-]+\)=\s*$",  # MyST targets
]
ALLOWED = [
    r"\b\d{4}-\d{2}-\d{2}\b",  # ISO dates
    rf"\b\d{{1,2}}(?:–\d{{1,2}})?\s+(?:{MONTHS})\b",  # 3 February, 3–4 February
    rf"\b(?:{MONTHS})\s+\d{{1,2}}\b",  # February 3
    r"\b(?:1[89]|20)\d{2}(?:s|[a-h]|–\d{2,4})?\b",  # years, decades, 2022–23, 1990–1991, 2026a
    r"\b(?:Article|Articles|Art\.|art\.|Law|Ley|Decree|Decreto|Resolution|Section|Chapter|Figure|Fig\.|Table|"
    r"Appendix|No\.|paragraph|para|p\.|pp\.)\s+\d+(?:[–-]\d+)?\b",  # references, not quantities
    r"\b\d+(?:st|nd|rd|th)\b",  # ordinals
    r"\b[A-Za-z]+-?\d+\b",  # names with digits: G20, COVID-19
]


# Quantities spelled out in words ("thirteen months", "two thousand"); small counts such as
# "two sides" or "one third" (a legal rule) read as prose and are allowed.
SPELLED = (
    r"\b(?:eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety)\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:hundred|thousand|million|billion)\b"
)


def typed_numbers(markdown: str) -> list[str]:
    """Numbers typed into prose that are not a year, a date or a reference (see appendix on methods)."""
    text = markdown
    for pattern in STRIP:
        text = re.sub(pattern, " ", text, flags=re.S | re.M)
    for pattern in ALLOWED:
        text = re.sub(pattern, " ", text)
    return re.findall(r"\d[\d,.]*\d|\d", text) + re.findall(SPELLED, text, flags=re.I)


def markdown_cells(notebook: Path) -> list[str]:
    return ["".join(c["source"]) for c in cells(notebook) if c["cell_type"] == "markdown"]
