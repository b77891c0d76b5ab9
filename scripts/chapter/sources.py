"""The bibliography as a table, and which rows, tables and chapters each source feeds."""

from __future__ import annotations

import json

import pandas as pd

from scripts.chapter.facts import load, recorded_reads
from scripts.config import CHAPTERS
from scripts.data import bibliography_entries, read_descriptor
from scripts.sphinxext.bibstyle import plain_text

# The chapter that tells each theme's story (the overview draws on all of them).
THEME_CHAPTERS = {
    "constituent_assembly": "01_constituent_assembly",
    "egc_talks": "02_egc_talks",
    "petro_trump": "03_petro_trump",
    "coca": "04_coca",
}
OVERVIEW = "00_overview"


def bibliography() -> pd.DataFrame:
    """One row per entry of references.bib: key, publisher, title, date, address, accessed, note."""
    rows = []
    for key, entry in bibliography_entries().items():
        f = {k.lower(): v for k, v in entry.fields.items()}
        authors = entry.persons.get("author", [])
        publisher = f.get("organization") or f.get("institution") or f.get("publisher") or f.get("journaltitle")
        if not publisher and authors:
            publisher = " ".join(authors[0].last_names)
        rows.append(
            {
                "source_id": key,
                "publisher": plain_text(publisher or ""),
                "title": plain_text(f.get("title", "")),
                "date": f.get("date") or f.get("year", ""),
                "url": f.get("url", ""),
                "accessed": f.get("urldate", ""),
                "note": plain_text(f.get("note", "")),
            }
        )
    return pd.DataFrame(rows)


def cited_rows() -> pd.DataFrame:
    """Every data row that names a source (as read, or as the original): table, row id, source and theme."""
    parts = []
    for res in read_descriptor()["resources"]:
        keys = [f["name"] for f in res["schema"]["fields"] if f.get("bibtexKey")]
        if not keys:
            continue
        frame = load(res["name"])
        ids = [p.refs[0].row_id for p in frame["provenance"]]
        theme = frame["theme"] if "theme" in frame.columns else pd.Series(pd.NA, index=frame.index)
        parts += [pd.DataFrame({"table": res["name"], "row": ids, "source_id": frame[k], "theme": theme}) for k in keys]
    return pd.concat(parts, ignore_index=True).dropna(subset=["source_id"])


def chapter_reads() -> dict[str, set[str]]:
    """The tables each chapter recorded reading when it was last executed (its stored outputs)."""
    reads = {}
    for stem in (OVERVIEW, *THEME_CHAPTERS.values()):
        notebook = json.loads((CHAPTERS / f"{stem}.ipynb").read_text(encoding="utf-8"))
        reads[stem] = recorded_reads(notebook) or set()
    return reads


def chapters_using(table: str, theme, reads: dict[str, set[str]]) -> list[str]:
    """Chapter stems (overview and chapters, not appendices) that show a row of ``table`` of ``theme``."""
    readers = [stem for stem, tables in reads.items() if table in tables]
    if pd.isna(theme):
        return readers
    return [s for s in readers if s in (OVERVIEW, THEME_CHAPTERS[theme])]


def source_usage() -> pd.DataFrame:
    """Per source: how many rows it contributes to each table, and the chapters that use those rows."""
    rows = cited_rows()
    reads = chapter_reads()
    readers = {
        (table, theme): chapters_using(table, theme, reads)
        for table, theme in rows[["table", "theme"]].drop_duplicates().itertuples(index=False)
    }
    usage = []
    for source_id, group in rows.groupby("source_id", sort=True):
        counts = group["table"].value_counts().sort_index()
        keys = group[["table", "theme"]].drop_duplicates().itertuples(index=False)
        usage.append(
            {
                "source_id": source_id,
                "rows": int(len(group)),
                "tables": "; ".join(f"{t} ({n})" for t, n in counts.items()),
                "chapters": "; ".join(sorted({c for key in keys for c in readers[tuple(key)]})),
            }
        )
    return pd.DataFrame(usage)
