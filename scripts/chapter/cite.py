"""How to cite the book and its chapters, from CITATION.cff (the one place they are stated).

The address is the hosting's: ``BOOK_URL``, set by the publishing workflow, overrides the ``url`` of
CITATION.cff. With neither, a citation names the chapter by number and title, and no address is invented.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from string import ascii_uppercase

import yaml
from IPython.display import Markdown

from scripts.config import CHAPTERS, CITATION, TOC


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
        "url": (os.environ.get("BOOK_URL") or meta.get("url", "")).rstrip("/"),  # the canonical address, once published
    }


def chapter_title(stem: str) -> str:
    """The H1 of ``chapters/<stem>.ipynb``."""
    cells = json.loads((CHAPTERS / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]
    return "".join(cells[0]["source"]).splitlines()[0].lstrip("# ").strip()


def chapter_label(stem: str) -> str:
    """ "Chapter 2" or "Appendix A", as the book numbers the page: chapters across the parts of the
    table of contents, appendices lettered."""
    toc = yaml.safe_load(TOC.read_text(encoding="utf-8"))
    files = [entry["file"] for part in toc["parts"] for entry in part["chapters"]]
    appendices = [f for f in files if f.startswith("chapters/appendix_")]
    path = f"chapters/{stem}"
    if path in appendices:
        return f"Appendix {ascii_uppercase[appendices.index(path)]}"
    return f"Chapter {[f for f in files if f not in appendices].index(path) + 1}"


def reference(chapter: str | None = None) -> str:
    """A formatted reference to the book, or to one chapter of it (by notebook stem)."""
    b = book()
    released = b["released"].strftime("%-d %B %Y")
    where = f"*{b['title']}*, version {b['version']}, released {released}"
    if chapter is None:
        return f"{b['authors']} ({b['year']}). {where}." + (f" <{b['url']}/>." if b["url"] else "")
    at = f" <{b['url']}/chapters/{chapter}.html>." if b["url"] else ""
    return f"{b['authors']} ({b['year']}). {chapter_label(chapter)}, “{chapter_title(chapter)}”. In {where}.{at}"


def bibtex(chapter: str | None = None) -> str:
    b = book()
    fields = {"author": "{" + b["authors"] + "}", "year": b["year"], "version": b["version"],
              "date": b["released"].isoformat()}  # fmt: skip
    if chapter is None:
        kind, key, fields = "book", "colombia2026book", {"title": b["title"], **fields}
    else:
        kind, key = "incollection", f"colombia2026book-{chapter.replace('_', '-')}"
        fields = {"title": chapter_title(chapter), "chapter": chapter_label(chapter).split()[-1],
                  "booktitle": b["title"], **fields}  # fmt: skip
    if b["url"]:
        fields["url"] = f"{b['url']}/" + ("" if chapter is None else f"chapters/{chapter}.html")
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields.items())
    return f"@{kind}{{{key},\n{body}\n}}"


def cite_chapter(stem: str) -> Markdown:
    """The "Cite this chapter" block that ends every chapter."""
    return Markdown(
        f":::{{admonition}} Cite this chapter\n:class: tip\n\n{reference(stem)}\n\n```bibtex\n{bibtex(stem)}\n```\n:::"
    )
