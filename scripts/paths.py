"""Every path the project uses, in one place (no ``../data`` literals elsewhere)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DATAPACKAGE = DATA / "datapackage.json"
BIBLIOGRAPHY = ROOT / "references.bib"
CHAPTERS = ROOT / "chapters"
BUILD = ROOT / "_build"
