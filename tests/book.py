"""What the tests know about the book: its notebooks, built pages and charts."""

import json
from pathlib import Path

from scripts.paths import BUILD, CHAPTERS, ROOT

HTML = BUILD / "html"
PDF = HTML / "colombia-2026.pdf"
NOTEBOOKS = sorted(CHAPTERS.glob("*.ipynb"))


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
