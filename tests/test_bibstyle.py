"""Author–year citations are unambiguous: text and list use the same, distinct labels."""

from pybtex.database import parse_file, parse_string

from scripts.config import BIBLIOGRAPHY
from scripts.sphinxext.bibstyle import LabelStyle, author_label, disambiguate

TWO_SAME_YEAR = """
@online{b, author = {{Al Jazeera}}, title = {Second}, date = {2026-02-04}, year = {2026}}
@online{a, author = {{Al Jazeera}}, title = {First}, date = {2026-01-10}, year = {2026}}
@online{c, author = {{UPI}}, title = {Only}, date = {2026-02-25}, year = {2026}}
"""


def test_same_author_and_year_get_letters_in_date_order():
    entries = parse_string(TWO_SAME_YEAR, "bibtex").entries
    disambiguate(entries)
    disambiguate(entries)  # idempotent: a rebuild does not append a second letter
    assert {k: e.fields["year"] for k, e in entries.items()} == {"a": "2026a", "b": "2026b", "c": "2026"}
    assert author_label(entries["a"]) == "Al Jazeera"


def test_every_label_in_the_bibliography_is_unique():
    entries = parse_file(str(BIBLIOGRAPHY), bib_format="bibtex").entries
    disambiguate(entries)
    labels = list(LabelStyle().format_labels(entries.values()))
    assert len(labels) == len(set(labels)), sorted(label for label in labels if labels.count(label) > 1)
