"""Every path and book-wide setting, in one place (no ``../data`` literals or typed dates elsewhere)."""

from __future__ import annotations

import datetime as dt
import os
from functools import cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
# BOOK_DATA_DIR lets the tests run a chapter against a (corrupted) copy of the data.
DATA = Path(os.environ.get("BOOK_DATA_DIR", ROOT / "data"))
DATAPACKAGE = DATA / "datapackage.json"
BIBLIOGRAPHY = ROOT / "references.bib"
CHAPTERS = ROOT / "chapters"
BUILD = ROOT / "_build"
CITATION = ROOT / "CITATION.cff"
CONFIG = ROOT / "_config.yml"
TOC = ROOT / "_toc.yml"
SCRIPTS = ROOT / "scripts"


@cache
def book_config() -> dict:
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))


def substitutions() -> dict[str, str]:
    """The book-wide values that prose shows as ``{{ name }}`` (``myst_substitutions`` in _config.yml)."""
    return book_config()["sphinx"]["config"]["myst_substitutions"]


def evidence_cutoff() -> dt.date:
    """The evidence cut-off: nothing after this day is stated or implied."""
    return dt.datetime.strptime(substitutions()["cutoff"], "%d %B %Y").date()
