"""No number is typed into a chapter's prose: figures are glued from data."""

import pytest
from book import NOTEBOOKS, markdown_cells, typed_numbers


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
