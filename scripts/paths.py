"""Every path the project uses, in one place (no ``../data`` literals elsewhere)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# BOOK_DATA_DIR lets the tests run a chapter against a (corrupted) copy of the data.
DATA = Path(os.environ.get("BOOK_DATA_DIR", ROOT / "data"))
DATAPACKAGE = DATA / "datapackage.json"
BIBLIOGRAPHY = ROOT / "references.bib"
CHAPTERS = ROOT / "chapters"
BUILD = ROOT / "_build"
CITATION = ROOT / "CITATION.cff"
