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
from pybtex.richtext import HRef, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle

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


class SortingStyle(BaseSortingStyle):
    """One alphabetical order, by the label the text cites ("Al Jazeera 2026a"), people and organisations alike."""

    def sorting_key(self, entry):
        return (author_label(entry).casefold(), entry.fields.get("year", ""), entry.fields.get("title", "").casefold())


# TeX spellings that pybtex leaves in the text: quotes, dashes and escaped characters.
TEX_TEXT = [("``", "“"), ("''", "”"), ("`", "‘"), ("---", "—"), ("--", "–"), ("\\$", "$"), ("\\&", "&"),
            ("\\_", "_"), ("\\#", "#"), ("'", "’")]  # fmt: skip


def plain(latex: str) -> str:
    """A field as readers should see it: TeX quotes, dashes and escapes turned into characters."""
    for tex, char in TEX_TEXT:
        latex = latex.replace(tex, char)
    return latex


def plain_text(latex: str) -> str:
    """:func:`plain`, with TeX grouping braces dropped: a field as a plain string."""
    return str(Text.from_latex(plain(latex)))


class Style(UnsrtStyle):
    """Author. Title. Journal, vol., no., pp., publisher, date. Note. URL: address. Accessed date.

    Built directly from pybtex rich text: the template engine took about 8 ms an entry, which
    every build pays again for the whole bibliography.
    """

    default_label_style = NAME
    default_sorting_style = NAME

    def format_entry(self, label, entry, bib_data=None):
        fields = {k.lower(): k for k in entry.fields}

        def rich(name):
            return Text.from_latex(plain(entry.fields[fields[name]])) if name in fields else None

        def prefixed(prefix, name):
            return Text(prefix, rich(name)) if name in fields else None

        names = [self.format_name(p, self.abbreviate_names).format() for p in entry.persons.get("author", [])]
        if len(names) > 2:
            names = [Text(n, ", ") for n in names[:-1]] + [Text("and ", names[-1])]
        elif len(names) == 2:
            names = [names[0], Text(" and ", names[1])]
        url = entry.fields.get(fields["url"]) if "url" in fields else None
        sentences = [
            Text(*names) if names else None,
            rich("title"),
            _joined(
                [
                    rich("journaltitle"),
                    rich("journal"),
                    prefixed("vol. ", "volume"),
                    prefixed("no. ", "number"),
                    prefixed("pp. ", "pages"),
                    rich("organization"),
                    rich("institution"),
                    rich("publisher"),
                    rich("date") or rich("year"),
                ]  # fmt: skip
            ),
            rich("note"),
            Text("URL: ", HRef(url, url)) if url else None,
            prefixed("Accessed ", "urldate"),
        ]
        body = [_sentence(s) for s in sentences if s is not None and str(s)]
        text = Text(*[part for s in body for part in (s, " ")][:-1]) if body else Text()
        return FormattedEntry(entry.key, text, label)


def _joined(parts):
    parts = [p for p in parts if p is not None and str(p)]
    return Text(*[x for p in parts for x in (p, ", ")][:-1]) if parts else None


def _sentence(text):
    return text if str(text).rstrip().endswith((".", "?", "!")) else Text(text, ".")


def _disambiguate_cited(app) -> None:
    """builder-inited, after sphinxcontrib-bibtex has parsed the bibliography."""
    disambiguate(app.env.get_domain("cite").bibdata.data.entries)


def setup(app) -> None:
    register_plugin("pybtex.style.formatting", NAME, Style, force=True)
    register_plugin("pybtex.style.labels", NAME, LabelStyle, force=True)
    register_plugin("pybtex.style.sorting", NAME, SortingStyle, force=True)
    app.connect("builder-inited", _disambiguate_cited, priority=600)
