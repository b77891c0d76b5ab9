"""Tables for readers: Markdown tables with widths for the PDF, citations, links to the data."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
from IPython.display import Markdown

from scripts.chapter.facts import PROVENANCE

MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|$~#{}"})


def md_escape(text) -> str:
    """Escape Markdown/HTML syntax so a data cell is always shown as plain text."""
    return str(text).replace("\n", " ").translate(MARKDOWN_SPECIAL)


def cite(source_id: str, locator: str | None = None, original_id: str | None = None) -> str:
    """A textual citation with its locator, crediting the original producer first when there is one.

    ``{cite:t}`unodc2024`, reported in {cite:t}`telesur2024`, para 8``.
    """
    where = f", {md_escape(locator)}" if locator else ""
    if original_id and original_id != source_id:
        return f"{{cite:t}}`{original_id}`, reported in {{cite:t}}`{source_id}`{where}"
    return f"{{cite:t}}`{source_id}`{where}"


def cited(frame: pd.DataFrame) -> list[str]:
    """:func:`cite` for every row of a loaded frame (its first row of provenance)."""
    firsts = (next(r for r in prov.refs if r.source_id) for prov in frame[PROVENANCE])
    return [cite(r.source_id, r.locator, r.original_id) for r in firsts]


COLLAPSE_AFTER = 12  # rows: a longer table is folded in the HTML edition, a reader opens it


ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b(?![/\d])")
KEY_LIKE = re.compile(r"\b[a-z][a-z0-9]*\d{4}[a-z0-9]*\b")  # the shape of the bibliography's keys


def readable(text: str, keys) -> str:
    """An escaped data cell as a reader should see it: a bibliography key (one of ``keys``) named in
    a note becomes a citation, and an ISO date is written out ("2026-01-13" -> "13 January 2026")."""
    text = KEY_LIKE.sub(lambda m: f"{{cite:t}}`{m[0]}`" if m[0] in keys else m[0], text)
    return ISO_DATE.sub(lambda m: dt.date(int(m[1]), int(m[2]), int(m[3])).strftime("%-d %B %Y"), text)


def md_table(
    frame,
    caption: str,
    name: str,
    raw: tuple[str, ...] = (),
    collapsed: bool | None = None,
    verbatim: bool = False,
    rows_are: str = "rows",
):
    """A captioned, numbered MyST table (HTML and PDF alike), breaking across PDF pages.

    Every cell is escaped (shown as plain text) except in the ``raw`` columns, which the
    caller fills with generated MyST such as citation roles; escaped cells are made
    ``readable`` unless ``verbatim`` (a table that documents the files themselves). A table of
    more than ``COLLAPSE_AFTER`` rows (or any, with ``collapsed=True``) sits in a dropdown that
    the HTML reader opens, its title counting the rows (``rows_are``: what a row is); the PDF
    prints it in full.
    """
    from scripts.data import bibliography_entries

    frame = frame.drop(columns=[PROVENANCE], errors="ignore")
    keys = bibliography_entries()  # read once per table, not once per cell
    head = "| " + " | ".join(md_escape(c) for c in frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)

    def cell(column, value) -> str:
        if pd.isna(value) or str(value).strip() == "":
            return "—"  # shown, so that a reader sees "none here" rather than a missing cell
        if column in raw:
            return str(value)
        return md_escape(value) if verbatim else readable(md_escape(value), keys)

    body = [
        "| " + " | ".join(cell(c, v) for c, v in zip(frame.columns, row, strict=True)) + " |"
        for row in frame.itertuples(False)
    ]
    widths = " ".join(str(w) for w in column_widths(frame))
    table = [f":::{{table}} {caption}", f":name: {name}", f":widths: {widths}", ":class: longtable", "", head, rule,
             *body, ":::"]  # fmt: skip
    if collapsed is None:
        collapsed = len(frame) > COLLAPSE_AFTER
    if collapsed:
        table = [
            f"::::{{dropdown}} {md_escape(caption)} ({len(frame)} {rows_are})",
            ":color: light",
            "",
            *table,
            "::::",
        ]
    return Markdown("\n".join(table))


def _author(key: str) -> str:
    """The author part of a citation as the PDF sets it (an organisation's name breaks between words)."""
    from scripts.data import bibliography_entries
    from scripts.sphinxext.bibstyle import author_label

    entries = bibliography_entries()
    return author_label(entries[key]) if key in entries else key


def _visible(text) -> str:
    """Roughly the text a reader sees: a citation role as "Author (Year)", a link as its text."""
    text = re.sub(r"\{cite:[a-z]+\}`([^`]*)`", lambda m: _author(m.group(1)) + " (2026a)", str(text))
    text = re.sub(r"\{([a-z:]+)\}`([^`]*)`", _role_text, text)
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)


def _role_text(match) -> str:
    """A {doc} link shows the chapter's title; other roles (numref) a short label."""
    from scripts.chapter.cite import chapter_title

    if match.group(1) == "doc":
        try:
            return chapter_title(match.group(2))
        except FileNotFoundError:
            return match.group(2)
    return "Figure 1.1"


def _ems(word: str) -> float:
    """Width of a word in average characters: capitals, digits and m/w set wider than the average."""
    return sum(1.4 if c.isupper() or c in "mwMW%" else 1.1 if c.isdigit() else 1.0 for c in word)


def column_widths(frame, line: int = 120) -> list[int]:
    """Column widths, in characters of a table line, from the text each column holds.

    Sphinx sets long tables in unbreakable columns that run off the PDF page unless it is
    given widths. Each column gets at least its longest word (plus padding); what is left
    of the line goes to the columns with more text.
    """
    need, want = [], []
    for column in frame.columns:
        texts = [_visible(column)] + [_visible(v) for v in frame[column] if str(v) not in ("", "nan", "<NA>", "None")]
        longest_word = max(_ems(word) for text in texts for word in text.split(" "))
        mean = sum(len(t) for t in texts[1:]) / max(len(texts) - 1, 1)
        need.append(round(longest_word * 1.15 + 7))  # bold headers and longtable padding: measured on the PDF
        want.append(max(need[-1], min(mean, 60)))
    spare = line - sum(need)
    extra = [w - n for w, n in zip(want, need, strict=True)]
    if spare <= 0 or sum(extra) == 0:
        return need
    scale = min(1, spare / sum(extra))
    return [round(n + e * scale) for n, e in zip(need, extra, strict=True)]
