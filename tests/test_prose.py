"""A reader never meets a hand-typed figure or the build's jargon: figures glued from data, words for readers."""

import re

import pandas as pd
import pytest
from book import NOTEBOOKS, cells, chart_count, markdown_cells, typed_numbers


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_no_hand_typed_quantities(notebook):
    typed = {n for cell in markdown_cells(notebook) for n in typed_numbers(cell)}
    assert typed == set(), f"glue these from data instead: {sorted(typed)}"


@pytest.mark.parametrize(
    ("prose", "typed"),
    [
        ("Officials seized 276,000 kilogrammes of cocaine.", ["276,000"]),
        ("Output rose 53 percent to about 2,600 tonnes in 2023.", ["53", "2,600"]),
        ("The reward was 5 billion pesos.", ["5"]),
        ("Output rose {glue:text}`pct` percent to {glue:text}`tonnes` tonnes in 2023.", []),
        ("On 3 February 2026 (see {numref}`fig-x`) they met; on January 7 they spoke.", []),
        ("Article 376 of the 1991 Constitution and Law 1757 of 2015 {cite:p}`k2015`.", []),
        ("The 1990–91 precedent, the 2010s, the 21st century, G20 and COVID-19.", []),
        ("A window from 2026-02-24 to 2026-08-24.", []),
        ("Over thirteen months, from two thousand to ninety members.", ["thirteen", "two thousand", "ninety"]),
        ("The two sides need one third of the census.", []),
        ("Cited as (Al Jazeera, 2026a) and 2026b.", []),
    ],
)
def test_the_rule_flags_typed_figures_and_spares_years_dates_references(prose, typed):
    assert typed_numbers(prose) == typed


# --------------------------------------------------------------------------- the reader's language
HIDDEN = [
    r"```.*?```",  # code
    r"\{[a-z:-]+\}`[^`]*`",  # roles: citations, glue, numref
    r"`[^`]*`",  # inline code
    r"\]\([^)]*\)",  # link targets
    r"^\([\w-]+\)=\s*$",  # MyST targets
    r"^:{3,}[^\n]*$",  # directive fences
    r"^:[\w-]+:[^\n]*$",  # directive options (:name:, :widths:)
    r"<[^>]+>",  # HTML tags
    r"“[^”\n]{0,300}”",  # attributed verbatim quotations keep the source's words
]
READER_RULES = {
    "a dataset, column or enum identifier": r"\b[a-z]+(?:_[a-z0-9]+)+\b",
    "a row id": r"\b[a-z0-9]+(?:-[a-z0-9]+){3,}\b",
    "words about how or where the book was built": r"this machine|could not be opened|pipeline|notebook|dataframe",
    "a percentage not written with %": r"\bper ?cent\b",
}


def visible(text: str) -> str:
    for pattern in HIDDEN:
        text = re.sub(pattern, " ", text, flags=re.S | re.M)
    return text


# The data dictionary names columns and stored values, the build report names notebooks: that is their subject.
EXEMPT = {
    "appendix_data": {"a dataset, column or enum identifier", "a percentage not written with %"},
    "appendix_methods": {"words about how or where the book was built"},
}


def reader_problems(text: str, exempt: frozenset = frozenset()) -> list[str]:
    shown = visible(text)
    rules = {rule: p for rule, p in READER_RULES.items() if rule not in exempt}
    return [f"{rule}: {m}" for rule, p in rules.items() for m in re.findall(p, shown, flags=re.I)]


# The closing provenance table is the audit trail: it names each figure's rows by id, and shows
# figures as glued, which may be a source's printed words ("53 percent").
PROVENANCE_TABLE_EXEMPT = {"a row id", "a percentage not written with %"}


def reader_texts(notebook) -> list[tuple[str, frozenset]]:
    """Prose, and the tables and captions the notebook shows, each with the rules it is exempt from."""
    exempt = frozenset(EXEMPT.get(notebook.stem, ()))
    texts = [(text, exempt) for text in markdown_cells(notebook)]
    for cell in cells(notebook):
        for out in cell.get("outputs", []):
            text = "".join(out.get("data", {}).get("text/markdown", ""))
            provenance = re.search(r"^:name: tbl-[\w-]+-sources$", text, flags=re.M)
            texts.append((text, exempt | PROVENANCE_TABLE_EXEMPT if provenance else exempt))
        caption = figure_caption(cell)
        if caption:
            texts.append((caption, exempt))
    return texts


def figure_caption(cell) -> str:
    """The caption myst-nb gives a cell's figure (cell metadata ``mystnb.figure.caption``)."""
    return str(cell.get("metadata", {}).get("mystnb", {}).get("figure", {}).get("caption", ""))


def test_every_chart_caption_is_read():
    """The reader rules above see every caption: one per chart (a wrong metadata key once hid them all)."""
    captions = sum(bool(figure_caption(cell)) for nb in NOTEBOOKS for cell in cells(nb))
    assert captions >= sum(chart_count(nb) for nb in NOTEBOOKS) > 0


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_book_speaks_to_readers(notebook):
    assert [p for text, exempt in reader_texts(notebook) for p in reader_problems(text, exempt)] == []


@pytest.mark.parametrize(
    "prose",
    [
        "The table `x` lists rows of egc_commitments by date_resolution.",
        "Its status is reported_unpublished.",
        "See row ca-2026-02-24-cabinet-signs.",
        "The source could not be opened from this machine.",
        "Output rose 53 per cent.",
        "Output rose 53 percent.",
    ],
)
def test_reader_rules_catch_pipeline_language(prose):
    assert reader_problems(prose) != []


@pytest.mark.parametrize(
    "prose",
    [
        "Output rose {glue:text}`pct` to 2,600 tonnes [data](../data/coca_series.csv) {cite:p}`unodc_2024`.",
        ":::{table} Events\n:name: tbl-ca-events\n\n| date | event |\n:::",
        "A left-wing, government-aligned candidate; a 5.0% share.",
    ],
)
def test_reader_rules_spare_markup_and_ordinary_words(prose):
    assert reader_problems(prose) == []


def test_table_cells_cite_sources_by_name_and_write_dates_out():
    """A note that names a bibliography key shows a citation; an ISO date reads as the book writes dates."""
    from scripts.chapter.tables import md_table

    frame = pd.DataFrame({"how the date was read": ["Blu Radio (bluradio2026demanda) reported it on 2026-02-09"]})
    shown = md_table(frame, caption="c", name="tbl-x").data
    assert "{cite:t}`bluradio2026demanda`" in shown and "9 February 2026" in shown and "2026-02-09" not in shown
    assert "bluradio2026demanda) reported it on 2026-02-09" in md_table(frame, "c", "tbl-x", verbatim=True).data


def test_an_empty_table_cell_shows_a_dash():
    from scripts.chapter.tables import md_table

    frame = pd.DataFrame({"a": ["x", None], "b": ["", "y"]})
    rows = md_table(frame, caption="c", name="tbl-x").data.splitlines()
    assert "| x | — |" in rows and "| — | y |" in rows
