"""The book's Python package, organised by who uses it.

- ``scripts`` itself and ``scripts.chapter``: what the notebooks import (data access with
  provenance, facts and glue, tables, charts, checks, citation);
- ``scripts.sphinxext``: the Sphinx extension (vega bundle, LaTeX, bibliography style,
  execution cache), listed in ``_config.yml``;
- ``scripts.cli``: command-line tools (``python -m scripts.cli.validate``, ``bench``, ``datadoc``);
- ``scripts.config`` and ``scripts.data``: paths, book settings and the validating loader they share.
"""

from scripts.chapter.charts import PALETTE, SIDE_COLORS, THEME_COLORS, setup_charts, theme_scale, titled
from scripts.chapter.facts import Fact, count, days_between, fact, fmt, load, row, with_unit
from scripts.chapter.record import Chapter
from scripts.chapter.tables import cited, md_table
from scripts.data import DataError

__all__ = [
    "PALETTE",
    "SIDE_COLORS",
    "THEME_COLORS",
    "Chapter",
    "DataError",
    "Fact",
    "cited",
    "count",
    "days_between",
    "fact",
    "fmt",
    "load",
    "md_table",
    "row",
    "setup_charts",
    "theme_scale",
    "titled",
    "with_unit",
]
