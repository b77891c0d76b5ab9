"""Helpers shared by every chapter: paths, validated data loading, chart theme, glue formatting."""

from scripts.datapkg import DataError, load
from scripts.fmt import glue_value
from scripts.theme import setup_charts

__all__ = ["DataError", "load", "glue_value", "setup_charts"]
