"""One numbering in both editions: "Table 4.1" names the same table in the HTML and in the PDF."""

import re

from book import HTML, built_page

AUX = HTML.parent / "latex" / "book.aux"
LABEL = re.compile(r"\\newlabel\{[^}:]*/(\w+):((?:fig|tbl)-[\w-]+)\}\{\{([^}]*)\}")


def html_numbers() -> dict[str, str]:
    """Figure and table names -> the number the HTML edition prints in their captions."""
    numbers = {}
    for page in (HTML / "chapters").glob("*.html"):
        soup = built_page(page)
        for element in soup.select("[id^=fig-], [id^=tbl-]"):
            number = element.select_one(".caption-number")
            if number is not None:
                numbers[element["id"]] = number.get_text().split()[-1].rstrip(".")
    return numbers


def pdf_numbers(aux: str) -> dict[str, str]:
    """Figure and table names -> the number LaTeX gave them (from the .aux file of the PDF)."""
    return {name: number for _, name, number in LABEL.findall(aux)}


def differences(html: dict[str, str], pdf: dict[str, str]) -> list[str]:
    names = sorted(html.keys() | pdf.keys())
    return [f"{n}: HTML {html.get(n)}, PDF {pdf.get(n)}" for n in names if html.get(n) != pdf.get(n)]


def test_html_and_pdf_number_every_figure_and_table_alike():
    html = html_numbers()
    assert len(html) >= 20
    assert differences(html, pdf_numbers(AUX.read_text(encoding="utf-8", errors="replace"))) == []


def test_numbers_are_chapter_scoped_and_appendices_lettered():
    numbers = html_numbers()
    assert all(re.fullmatch(r"(\d+|[A-Z])\.\d+", n) for n in numbers.values()), numbers
    assert any(n.startswith("A.") for n in numbers.values())


def test_a_numbering_that_differs_is_caught():
    aux = r"\newlabel{chapters/04_coca:tbl-coca-series}{{5.2}{40}{Coca}{table.5.2}{}}"
    assert pdf_numbers(aux) == {"tbl-coca-series": "5.2"}
    assert differences({"tbl-coca-series": "16"}, pdf_numbers(aux)) == ["tbl-coca-series: HTML 16, PDF 5.2"]


def page_labels() -> dict[str, list[str]]:
    """Each page's <title> and the titles of its previous/next links, as a reader sees them."""
    labels = {}
    for page in sorted((HTML / "chapters").glob("*.html")):
        soup = built_page(page)
        links = [a.get_text(" ", strip=True) for a in soup.select(".prev-next-title")]
        labels[page.stem] = [soup.title.get_text(), *links]
    return labels


def test_page_titles_and_previous_next_links_use_the_same_numbers():
    """A page titled "A. Sources" is not "6. Sources" in the browser tab or in its neighbour's "Next" link."""
    labels = page_labels()
    numbered = [label for page in labels.values() for label in page if re.match(r"\d+\. |[A-Z]\. ", label)]
    assert len(numbered) >= 20
    for page, shown in labels.items():
        expected = r"[A-Z]\. " if page.startswith("appendix_") else r"\d+\. "
        assert re.match(expected, shown[0]), (page, shown[0])
    mislabelled = [
        label for label in numbered if re.match(r"\d+\. (Sources|The data|Methods|Glossary|How to cite)", label)
    ]
    assert mislabelled == []
