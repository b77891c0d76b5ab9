"""Format numbers once, at glue time, so HTML and PDF show the same text."""

from __future__ import annotations

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
    return Markdown("\n".join([f":::{{table}} {caption}", f":name: {name}", "", head, rule, *body, ":::"]))


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
        cites = "; ".join(f"{{cite:t}}`{sid}`, {loc}" for sid, loc in prov["cited"][:3])
        if len(prov["cited"]) > 3:
            cites += f"; and {len(prov['cited']) - 3} more"
        rows.append(
            {"figure": prov["text"], "table": _data_links(prov["table"]), "rows": shown, "source, locator": cites}
        )
    return md_table(pd.DataFrame(rows), caption=caption, name=name, raw=("table", "source, locator"))
