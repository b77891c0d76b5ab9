"""A chapter's record: what it glued, where each figure comes from, and how to cite the chapter.

One :class:`Chapter` per notebook, made in the setup cell::

    chapter = Chapter("01_constituent_assembly")
    chapter.glue("ca_census", fact(figures, "ca-census-2026-03"))
    ...
    chapter.sources_table()   # every glued figure, its rows, sources, locators and quotes
    chapter.cite()            # the "Cite this chapter" block
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown, display

from scripts.chapter.facts import Fact, fmt, in_kernel, provenance_of
from scripts.chapter.tables import cite, md_escape, md_table
from scripts.config import evidence_cutoff
from scripts.data import bibliography_entries, resource


class Chapter:
    def __init__(self, stem: str, label: str | None = None):
        self.stem = stem
        self.label = label or stem.split("_", 1)[-1].replace("_", "-")
        self.cutoff = evidence_cutoff()
        self.glued: dict[str, tuple[str, Fact]] = {}

    def glue(self, name: str, value: Fact, digits: int = 0, suffix: str = "", text: str | None = None) -> None:
        """Glue ``value`` as a plain string under ``name`` for ``{glue:text}`name```.

        The text is formatted here, once, so HTML and PDF show the same; it is glued as a
        ``str``, whose stored form (its repr, in quotes) myst-nb reads back unchanged. The
        fact's provenance goes into the output's metadata. ``text`` overrides the formatting.
        """
        if not isinstance(value, Fact):
            raise TypeError(f"{name}: glue a Fact (a value with its provenance), not {type(value).__name__}")
        if name in self.glued:
            raise ValueError(f"{name} is glued twice in this chapter")
        shown = (fmt(value.value, digits) if text is None else text) + suffix
        self.glued[name] = (shown, value)
        if in_kernel():
            from myst_nb.ext.glue import GLUE_PREFIX

            refs = [r.as_list() for r in value.provenance.refs]
            metadata = {"scrapbook": {"name": name, "mime_prefix": GLUE_PREFIX}, "book": {"text": shown, "refs": refs}}
            display({GLUE_PREFIX + "text/plain": repr(shown)}, raw=True, metadata=metadata)

    def check_citations(self, cites) -> None:
        """Citations typed into the prose: ``[("key", *sources), ...]``.

        Each key must be in the bibliography, and be the source or the original producer of
        every row it stands for (``sources``: facts, rows or frames). Raises on the first run
        after the data change under a sentence.
        """
        entries = bibliography_entries()
        problems = []
        for key, *sources in cites:
            if key not in entries:
                problems.append(f"{key} is cited but not in the bibliography")
            for source in sources:
                refs = provenance_of(source).refs
                named = {k for r in refs for k in (r.source_id, r.original_id) if k}
                if key not in named:
                    rows = ", ".join(f"{r.table}:{r.row_id}" for r in refs)
                    problems.append(f"{key} is cited for {rows}, whose sources are {sorted(named)}")
        if problems:
            raise AssertionError("\n".join(problems))

    def sources_table(self) -> Markdown:
        """Every figure glued so far, with the rows, sources, locators and quotes it comes from."""
        rows = []
        for shown, value in self.glued.values():
            refs = value.provenance.refs
            tables = " + ".join(_data_link(t) for t in value.provenance.tables) or "book settings"
            ids = ", ".join(r.row_id for r in refs) if len(refs) <= 3 else f"{len(refs)} rows"
            cited = list(dict.fromkeys((r.source_id, r.locator, r.original_id) for r in refs if r.source_id))
            sources = "; ".join(cite(*c) for c in cited[:3]) + (
                f"; and {len(cited) - 3} more" if len(cited) > 3 else ""
            )
            quotes = list(dict.fromkeys(r.quote for r in refs if r.quote))
            quote = " … ".join(f"“{md_escape(q)}”" for q in quotes[:2]) + (" …" if len(quotes) > 2 else "")
            rows.append({"figure": md_escape(shown), "dataset": tables, "rows": md_escape(ids),
                         "source, locator": sources, "the source's words": quote})  # fmt: skip
        part = "appendix" if self.stem.startswith("appendix") else "chapter"
        return md_table(
            pd.DataFrame(rows),
            caption=f"Figures in this {part} and where they come from",
            name=f"tbl-{self.label}-sources",
            raw=("figure", "dataset", "rows", "source, locator", "the source's words"),
            collapsed=True,
        )

    def cite(self) -> Markdown:
        from scripts.chapter.cite import cite_chapter

        return cite_chapter(self.stem)


def _data_link(table: str) -> str:
    """A dataset's title, linked to its CSV, so a reader can open the very rows."""
    res = resource(table)
    return f"[{md_escape(res['title'])}](../data/{res['path']})"
