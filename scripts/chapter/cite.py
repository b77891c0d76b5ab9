"""How to cite the book and its chapters, from CITATION.cff (the one place they are stated)."""

from __future__ import annotations

import datetime as dt
import json

import yaml
from IPython.display import Markdown

from scripts.config import CHAPTERS, CITATION


def book() -> dict:
    """Title, version, release date, authors and year of the book."""
    meta = yaml.safe_load(CITATION.read_text(encoding="utf-8"))
    released = dt.date.fromisoformat(str(meta["date-released"]))
    authors = " and ".join(a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in meta["authors"])
    return {
        "title": meta["title"],
        "version": str(meta["version"]),
        "released": released,
        "year": released.year,
        "authors": authors,
        "license": meta["license"],
        "url": meta.get("url", "").rstrip("/"),  # the canonical address, once published
    }


def chapter_title(stem: str) -> str:
    """The H1 of ``chapters/<stem>.ipynb``."""
    cells = json.loads((CHAPTERS / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]
    return "".join(cells[0]["source"]).splitlines()[0].lstrip("# ").strip()


def reference(chapter: str | None = None) -> str:
    """A formatted reference to the book, or to one chapter of it (by notebook stem)."""
    b = book()
    released = b["released"].strftime("%-d %B %Y")
    where = f"*{b['title']}*, version {b['version']}, released {released}"
    if chapter is None:
        return f"{b['authors']} ({b['year']}). {where}." + (f" <{b['url']}/>." if b["url"] else "")
    page = f"chapters/{chapter}.html"
    at = f"<{b['url']}/{page}>" if b["url"] else f"page `{page}` of the book"
    return f"{b['authors']} ({b['year']}). “{chapter_title(chapter)}”. In {where}. {at}."


def bibtex(chapter: str | None = None) -> str:
    b = book()
    fields = {"author": "{" + b["authors"] + "}", "year": b["year"], "version": b["version"],
              "date": b["released"].isoformat()}  # fmt: skip
    if chapter is None:
        kind, key, fields = "book", "colombia2026book", {"title": b["title"], **fields}
    else:
        kind, key = "incollection", f"colombia2026book-{chapter.replace('_', '-')}"
        fields = {"title": chapter_title(chapter), "booktitle": b["title"], **fields}
    if b["url"]:
        fields["url"] = f"{b['url']}/" + ("" if chapter is None else f"chapters/{chapter}.html")
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
    return f"@{kind}{{{key},\n{body}\n}}"


def cite_chapter(stem: str) -> Markdown:
    """The "Cite this chapter" block that ends every chapter."""
    return Markdown(
        f":::{{admonition}} Cite this chapter\n:class: tip\n\n{reference(stem)}\n\n```bibtex\n{bibtex(stem)}\n```\n:::"
    )
