"""One author–year citation style for text and list, with a, b, c for same author and year.

sphinxcontrib-bibtex's ``author_year`` references print "(Al Jazeera, 2026)" for every Al
Jazeera article of 2026, and its list styles label entries [1], [2]. Here the years of
entries that share an author and a year get a letter (in order of date, then title), the
list is labelled and sorted the same way as the text cites, and each entry shows the
publisher, the full date, the address and the date accessed, with titles as written.
"""

from __future__ import annotations

import re
from collections import defaultdict
from string import ascii_lowercase

from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.template import field, first_of, join, optional, optional_field, sentence

NAME = "book"


def author_label(entry) -> str:
    """Surname(s) of the first author or editor (an organisation's name), else the title."""
    persons = entry.persons.get("author") or entry.persons.get("editor") or []
    if persons:
        return " ".join(persons[0].last_names).replace("{", "").replace("}", "")
    return entry.fields.get("title", "Anonymous").replace("{", "").replace("}", "")


def disambiguate(entries) -> None:
    """Give a letter to the year of entries that share author label and year (idempotent)."""
    groups = defaultdict(list)
    for key, entry in entries.items():
        year = re.match(r"\d{4}", entry.fields.get("year", "") or entry.fields.get("date", ""))
        base = year.group(0) if year else "n.d."
        groups[(author_label(entry), base)].append((entry.fields.get("date", ""), entry.fields.get("title", ""), key))
    for (_, base), members in groups.items():
        for i, (_, _, key) in enumerate(sorted(members)):
            entries[key].fields["year"] = base + (ascii_lowercase[i] if len(members) > 1 else "")


class LabelStyle(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            yield f"{author_label(entry)} {entry.fields.get('year', 'n.d.')}"


class Style(UnsrtStyle):
    default_label_style = NAME
    default_sorting_style = "author_year_title"

    def format_entry(self, label, entry, bib_data=None):
        context = {"entry": entry, "style": self, "bib_data": bib_data}
        return FormattedEntry(entry.key, self.template(entry).format_data(context) or Text(), label)

    def template(self, e):
        return toplevel[
            optional[sentence[self.format_names("author")]],
            sentence[field("title")],
            sentence[
                optional[field("journaltitle")],
                optional[field("journal")],
                optional[join["vol. ", field("volume")]],
                optional[join["no. ", field("number")]],
                optional[join["pp. ", field("pages")]],
                optional[field("organization")],
                optional[field("institution")],
                optional[field("publisher")],
                first_of[optional[field("date")], optional[field("year")]],
            ],
            sentence[optional_field("note")],
            sentence[optional[self.format_url(e)]],
            sentence[optional[join["Accessed ", field("urldate")]]],
        ]


def register() -> None:
    register_plugin("pybtex.style.formatting", NAME, Style, force=True)
    register_plugin("pybtex.style.labels", NAME, LabelStyle, force=True)


def disambiguate_cited(app) -> None:
    """builder-inited, after sphinxcontrib-bibtex has parsed the bibliography."""
    disambiguate(app.env.get_domain("cite").bibdata.data.entries)
