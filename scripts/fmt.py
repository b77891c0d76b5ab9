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


def glue_value(name: str, value, digits: int = 0, suffix: str = "") -> Glued:
    """Glue ``value`` under ``name`` for ``{glue:text}`name``` and return the text.

    Numbers are formatted with thousands separators and ``digits`` decimals; anything else
    (dates, names) is glued as its string form. Numpy scalars are converted first, since a
    glued numpy scalar renders empty under numpy 2.
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
    return glued


MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|$~#{}"})


def md_escape(text) -> str:
    """Escape Markdown/HTML syntax so a data cell is always shown as plain text."""
    return str(text).replace("\n", " ").translate(MARKDOWN_SPECIAL)


def md_table(frame, caption: str, name: str):
    """A captioned, numbered MyST table (HTML and PDF alike); every cell escaped."""
    import pandas as pd
    from IPython.display import Markdown

    head = "| " + " | ".join(md_escape(c) for c in frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)
    body = [
        "| " + " | ".join("" if pd.isna(v) else md_escape(v) for v in row) + " |" for row in frame.itertuples(False)
    ]
    return Markdown("\n".join([f":::{{table}} {caption}", f":name: {name}", "", head, rule, *body, ":::"]))
