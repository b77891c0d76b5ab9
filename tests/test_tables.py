"""No table row is lost in the PDF: every row of every table in the HTML edition is found in the text
that the PDF's pages show (the 0.2.0 PDF lost rows of six tables below the page's bottom edge).

A row is found when all its cells occur, in order and close together, in the PDF text (letters and
digits only, since TeX breaks and hyphenates cells inside narrow columns).
"""

import re

import pytest
from book import HTML, built_page, pdf_pages
from bs4 import BeautifulSoup

PAGES = sorted((HTML / "chapters").glob("*.html"))


def squeeze(text: str) -> str:
    """Letters and digits only: TeX breaks and hyphenates words inside narrow cells, and the two
    editions punctuate citations differently ("[UPI, 2026]" against "UPI [2026]")."""
    return re.sub(r"[\W_]+", "", text)


def html_rows(page: BeautifulSoup) -> list[tuple[str, list[str]]]:
    """(table caption, cells) of every body row of every table on a page."""
    rows = []
    for table in page.select("table"):
        caption = table.select_one("caption")
        name = caption.get_text(" ", strip=True) if caption else "(no caption)"
        for tr in table.select("tbody tr"):
            cells = [squeeze(td.get_text(" ")) for td in tr.select("td")]
            if any(cells):
                rows.append((name, cells))
    return rows


def missing_rows(rows, pdf_texts: list[str]) -> list[str]:
    def pattern(cells) -> str:
        """Each cell's opening, in order; after a cell, at most its own length and a margin of other text."""
        shown = [c for c in cells if c]
        gaps = [rf".{{0,{len(c) + 300}}}?" for c in shown[:-1]]
        return "".join(re.escape(c[:60]) + gap for c, gap in zip(shown, [*gaps, ""], strict=True))

    return [
        f"{name}: {[c[:30] for c in cells]}"
        for name, cells in rows
        if not any(re.search(pattern(cells), text, flags=re.S) for text in pdf_texts)
    ]


@pytest.fixture(scope="module")
def pdf_texts() -> list[str]:
    return [squeeze("\n".join(page.text for page in pdf_pages()))]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_every_html_table_row_is_in_the_pdf(page, pdf_texts):
    rows = html_rows(built_page(page))
    assert missing_rows(rows, pdf_texts) == []


def test_the_book_has_long_tables_to_compare():
    counts = [len(html_rows(built_page(p))) for p in PAGES]
    assert sum(counts) >= 300 and max(counts) > 30


def test_a_lost_row_is_caught():
    """A 40-row table whose last row the PDF lost (as tabulary lost rows off the page)."""
    body = "".join(f"<tr><td>row {i}</td><td>value {i * 7}</td></tr>" for i in range(40))
    rows = html_rows(BeautifulSoup(f"<table><caption>Synthetic</caption><tbody>{body}</tbody></table>", "html.parser"))
    pdf = squeeze("\n".join(f"row {i} value {i * 7}" for i in range(39)))
    assert missing_rows(rows, [pdf]) == ["Synthetic: ['row39', 'value273']"]
    assert missing_rows(rows, [squeeze("\n".join(f"row {i} value {i * 7}" for i in range(40)))]) == []
