"""Format numbers once, at glue time, so HTML and PDF show the same text."""

from __future__ import annotations

import re

from myst_nb import glue


class Glued(str):
    """A pre-formatted figure whose text/plain form carries no quotes."""

    def __repr__(self) -> str:
        return str(self)


def fmt_number(value: float, digits: int = 0) -> str:
    """``1234.5 -> '1,234.5'`` with a fixed number of decimals."""
    return f"{float(value):,.{digits}f}"


# What each glued figure of the running notebook came from: name -> text, table, rows.
PROVENANCE: dict[str, dict] = {}


def _provenance(source) -> dict:
    """Table name, row ids and (source_id, locator) pairs of a loaded frame, row, or a list of them."""
    if isinstance(source, list | tuple):
        parts = [_provenance(s) for s in source]
        return {
            "table": " + ".join(p["table"] for p in parts),
            "ids": [i for p in parts for i in p["ids"]],
            "cited": list(dict.fromkeys(c for p in parts for c in p["cited"])),
        }
    frame = source.to_frame().T if hasattr(source, "to_frame") and not hasattr(source, "columns") else source
    table = source.attrs.get("table")
    if table is None:
        raise ValueError("glue_value(source=...) takes rows of a table returned by load()")
    cited = []
    if {"source_id", "locator"} <= set(frame.columns):
        pairs = frame[["source_id", "locator"]].drop_duplicates()
        cited = list(pairs.itertuples(index=False, name=None))
    return {"table": table, "ids": [str(v) for v in frame.iloc[:, 0]], "cited": cited}


def glue_value(name: str, value, *, source, digits: int = 0, suffix: str = "") -> Glued:
    """Glue ``value`` under ``name`` for ``{glue:text}`name``` and record where it came from.

    ``source`` is the loaded rows the value states or is computed from (a frame or one row);
    they are listed in the chapter's sources table. Numbers are formatted with thousands
    separators and ``digits`` decimals; dates as "3 February 2026"; anything else as text.
    Numpy scalars are converted first, since a glued numpy scalar renders empty under numpy 2.
    """
    if hasattr(value, "item"):
        value = value.item()
    if hasattr(value, "strftime"):
        text = value.strftime("%-d %B %Y")
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        text = fmt_number(value, digits)
    else:
        text = str(value)
    glued = Glued(text + suffix)
    glue(name, glued, display=False)
    PROVENANCE[name] = {"text": str(glued), **_provenance(source)}
    return glued


MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|$~#{}"})


def md_escape(text) -> str:
    """Escape Markdown/HTML syntax so a data cell is always shown as plain text."""
    return str(text).replace("\n", " ").translate(MARKDOWN_SPECIAL)


def cite(source_id: str, locator: str | None = None) -> str:
    """A textual citation with its locator, as MyST: ``{cite:t}`key`, para 8``."""
    return f"{{cite:t}}`{source_id}`" + (f", {md_escape(locator)}" if locator else "")


def cited(frame) -> list[str]:
    """:func:`cite` for every row of a frame with ``source_id`` and ``locator`` columns."""
    return [cite(s, loc) for s, loc in zip(frame["source_id"], frame["locator"], strict=True)]


def md_table(frame, caption: str, name: str, raw: tuple[str, ...] = ()):
    """A captioned, numbered MyST table (HTML and PDF alike).

    Every cell is escaped (shown as plain text) except in the ``raw`` columns, which the
    caller fills with generated MyST such as citation roles.
    """
    import pandas as pd
    from IPython.display import Markdown

    head = "| " + " | ".join(md_escape(c) for c in frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)

    def cell(column, value) -> str:
        if pd.isna(value):
            return ""
        return str(value) if column in raw else md_escape(value)

    body = [
        "| " + " | ".join(cell(c, v) for c, v in zip(frame.columns, row, strict=True)) + " |"
        for row in frame.itertuples(False)
    ]
    widths = " ".join(str(w) for w in column_widths(frame))
    return Markdown(
        "\n".join([f":::{{table}} {caption}", f":name: {name}", f":widths: {widths}", "", head, rule, *body, ":::"])
    )


def _author(key: str) -> str:
    """The author part of a citation, unbreakable as the PDF sets it (names are tied by non-breaking spaces)."""
    from scripts.bibstyle import author_label
    from scripts.datapkg import bibliography_entries

    entries = bibliography_entries()
    return author_label(entries[key]).replace(" ", "\u00a0") if key in entries else key


def _visible(text) -> str:
    """Roughly the text a reader sees: a citation role as "Author (Year)", a link as its text."""
    text = re.sub(r"\{cite:[a-z]+\}`([^`]*)`", lambda m: _author(m.group(1)) + " (2026a)", str(text))
    text = re.sub(r"\{([a-z:]+)\}`([^`]*)`", _role_text, text)
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)


def _role_text(match) -> str:
    """A {doc} link shows the chapter's title; other roles (numref) a short label."""
    from scripts.cite import chapter_title

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
        need.append(round(longest_word * 1.15 + 5))  # bold headers and padding: measured on the PDF
        want.append(max(need[-1], min(mean, 60)))
    spare = line - sum(need)
    extra = [w - n for w, n in zip(want, need, strict=True)]
    if spare <= 0 or sum(extra) == 0:
        return need
    scale = min(1, spare / sum(extra))
    return [round(n + e * scale) for n, e in zip(need, extra, strict=True)]


def _data_links(tables: str) -> str:
    """Each table name as a download link to its CSV, so a reader can open the very rows."""
    from scripts.datapkg import resource

    links = []
    for table in tables.split(" + "):
        try:
            links.append(f"[{md_escape(table)}](../data/{resource(table)['path']})")
        except KeyError:  # not a table of the data package (e.g. the bibliography)
            links.append(md_escape(table))
    return " + ".join(links)


def sources_table(caption: str, name: str):
    """Every figure glued so far in this notebook, with the rows and sources it comes from."""
    import pandas as pd

    rows = []
    for prov in PROVENANCE.values():
        ids = prov["ids"]
        shown = ", ".join(ids) if len(ids) <= 3 else f"{len(ids)} rows"
        cites = "; ".join(cite(sid, loc) for sid, loc in prov["cited"][:3])
        if len(prov["cited"]) > 3:
            cites += f"; and {len(prov['cited']) - 3} more"
        rows.append(
            {"figure": prov["text"], "table": _data_links(prov["table"]), "rows": shown, "source, locator": cites}
        )
    return md_table(pd.DataFrame(rows), caption=caption, name=name, raw=("table", "source, locator"))
