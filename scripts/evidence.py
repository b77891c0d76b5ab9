"""Consistency checks of the evidence that Table Schema cannot express (issue 14).

Each check reads the tables through :func:`scripts.data.load_frame` (validated and typed, so a
table that breaks its schema raises :class:`scripts.data.DataError` first) and returns a list of
:class:`scripts.data.Problem`; an empty list means the check holds. A problem names the row by
its primary key, since the typed frame does not keep CSV line numbers.

- :func:`seed_quote_problems`: a row citing one of the five seed articles quotes it verbatim at
  its locator (``para 8``, ``paras 34-35``, ``paras 8, 10, 13–14``).
- :func:`vote_count_problems`: in ``national_votes``, per vote and per source,
  yes + no (+ blank + null) ≤ voters ≤ census.
- :func:`percent_problems`: a value in percent lies in 0–100, unless it is a change or a rate.
- :func:`relative_date_problems`: an event date resolved from a relative expression is not later
  than the publication date of the source it was resolved from.
- :func:`original_date_problems`: the original publication (``original_id``) is not dated after
  the source that reports it (``source_id``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pandas as pd

from scripts.config import BIBLIOGRAPHY, DATAPACKAGE, ROOT
from scripts.data import Problem, bibliography_entries, display_path, load_frame, primary_key, read_descriptor

# The five seed articles, one paragraph a line (``para N`` is line N); outside the book's repository.
SEED_SOURCES = Path(os.environ.get("SEED_SOURCES_DIR", ROOT.parent / "shared" / "sources"))
SEED_FILES = {
    "upi2026constituent": "a1",
    "aljazeera2026egc": "a2",
    "aljazeera2026takeaways": "a3",
    "preview2026petrotrump": "a4",
    "aljazeera2026coca": "a5",
}

# national_votes measures: the parts of the ballot, the ballots cast, and the electorate.
VOTE_PARTS = ("yes_votes", "no_votes", "blank_votes", "null_votes", "unmarked_votes")
VOTE_MEASURES = {*VOTE_PARTS, "voters", "census", "threshold"}

# A percent value that is a change (a rise or fall from a baseline, which may exceed 100 and whose
# direction the measure states) or an ad valorem rate such as a tariff (not a share of a whole) is
# not bounded by 100; every other percent is a share of a whole and lies in 0–100.
UNBOUNDED_PERCENT = re.compile(r"\b(change|rise|increase|decrease|decline|fall|drop|growth|tariff)s?\b", re.IGNORECASE)
DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
PRECISION = {"year": 1, "month": 2, "day": 3}

DateParts = tuple[int, ...]  # (year,), (year, month) or (year, month, day)


# --------------------------------------------------------------------------- shared helpers
def _tables_with(columns: set[str], package: Path) -> list[dict]:
    """Resources whose schema has every one of ``columns``."""
    return [
        res
        for res in read_descriptor(package)["resources"]
        if columns <= {field["name"] for field in res["schema"]["fields"]}
    ]


def _resource(name: str, package: Path) -> dict:
    return next(res for res in read_descriptor(package)["resources"] if res["name"] == name)


def _problem(res: dict, package: Path, row, column: str | None, message: str) -> Problem:
    key = ",".join(str(row[name]) for name in primary_key(res["name"], package))
    return Problem(display_path(package.parent / res["path"]), None, column, f"row {key}: {message}")


def _text(value) -> str:
    """A cell as text; missing values (None, pd.NA) read as the empty string."""
    return value if isinstance(value, str) else ""


def publication_date(key: str, bib: Path = BIBLIOGRAPHY) -> DateParts | None:
    """Date of a references.bib entry at the precision it gives: its ``date`` field, else ``year``.

    None when the entry is missing or undated; a range (``2025-01/2025-03``) counts from its start.
    """
    entry = bibliography_entries(bib).get(key)
    if entry is None:
        return None
    raw = entry.fields.get("date", "").split("/")[0].strip() or entry.fields.get("year", "").strip()
    match = DATE.fullmatch(raw)
    if not match:
        return None
    return tuple(int(part) for part in match.groups() if part is not None)


def _shown(parts: DateParts) -> str:
    return "-".join(f"{part:02d}" if i else str(part) for i, part in enumerate(parts))


def not_after(earlier: DateParts, later: DateParts) -> bool:
    """``earlier`` ≤ ``later``, compared at the precision both give (year, year-month or day)."""
    common = min(len(earlier), len(later))
    return earlier[:common] <= later[:common]


# --------------------------------------------------------------------------- 1. quotes in the seed articles
def paragraphs(locator: str) -> list[int] | None:
    """Line numbers a seed locator names: ``para 8``, ``paras 34-35``, ``paras 8, 10, 13–14``; None if unreadable."""
    match = re.fullmatch(r"paras?\s+(.+)", locator.strip())
    if not match:
        return None
    numbers: list[int] = []
    for part in match.group(1).split(","):
        span = re.fullmatch(r"(\d+)(?:\s*[-–]\s*(\d+))?", part.strip())
        if not span:
            return None
        first, last = int(span.group(1)), int(span.group(2) or span.group(1))
        if last < first:
            return None
        numbers.extend(range(first, last + 1))
    return numbers


def seed_lines(key: str, sources: Path = SEED_SOURCES) -> list[str]:
    """The paragraphs of a seed article (line N of its copy is ``para N``)."""
    (path,) = sources.glob(f"{SEED_FILES[key]}-*.txt")
    return path.read_text(encoding="utf-8").split("\n")


def seed_quote_problems(
    package: Path = DATAPACKAGE, bib: Path = BIBLIOGRAPHY, sources: Path = SEED_SOURCES
) -> list[Problem]:
    """Every row citing a seed article has a quote that occurs verbatim in the line(s) its locator names."""
    problems: list[Problem] = []
    articles = {key: seed_lines(key, sources) for key in SEED_FILES}
    for res in _tables_with({"source_id", "locator", "quote"}, package):
        frame = load_frame(res["name"], package, bib)
        for _, row in frame[frame["source_id"].isin(list(SEED_FILES))].iterrows():
            lines = articles[row["source_id"]]
            numbers = paragraphs(row["locator"])
            quote = _text(row["quote"])
            if numbers is None:
                message = f"locator {row['locator']!r} is not of the form 'para N', 'paras N-M' or 'paras N, M-P'"
            elif any(not 0 < n <= len(lines) for n in numbers):
                message = f"locator {row['locator']!r} goes past the last paragraph ({len(lines)}) of the article"
            elif not quote:
                message = f"no quote for a row citing {row['source_id']}"
            elif quote not in " ".join(lines[n - 1] for n in numbers):
                message = f"quote {quote[:60]!r} not found verbatim in {row['source_id']} {row['locator']}"
            else:
                continue
            problems.append(_problem(res, package, row, "quote", message))
    return problems


# --------------------------------------------------------------------------- 3a. vote counts
def vote_count_problems(package: Path = DATAPACKAGE, bib: Path = BIBLIOGRAPHY) -> list[Problem]:
    """Per vote and per source: yes + no (+ blank + null + unmarked) ≤ voters ≤ census, where they exist.

    Sources are never mixed (the columnist's figures and the independent record differ); a measure
    the check does not know, or one given twice by the same source, is reported rather than skipped.
    """
    res = _resource("national_votes", package)
    frame = load_frame("national_votes", package, bib)
    problems: list[Problem] = []
    for _, row in frame[~frame["measure"].isin(VOTE_MEASURES)].iterrows():
        problems.append(_problem(res, package, row, "measure", f"unknown measure {row['measure']!r}"))
    for (vote, source), group in frame.groupby(["vote_id", "source_id"], sort=True):
        repeated = group[group["measure"].duplicated(keep="first")]
        for _, row in repeated.iterrows():
            problems.append(_problem(res, package, row, "measure", f"{row['measure']} given twice by {source}"))
        value = dict(zip(group["measure"], group["value"], strict=True))
        rows = dict(zip(group["measure"], (row for _, row in group.iterrows()), strict=True))
        parts = [m for m in VOTE_PARTS if m in value]
        cast = sum(value[m] for m in parts)
        if parts and "voters" in value and cast > value["voters"]:
            message = f"{' + '.join(parts)} = {cast:,.0f} exceeds voters {value['voters']:,.0f} ({vote}, {source})"
            problems.append(_problem(res, package, rows["voters"], "value", message))
        below = value.get("voters", cast if parts else None)
        if below is not None and "census" in value and below > value["census"]:
            what = "voters" if "voters" in value else " + ".join(parts)
            message = f"{what} = {below:,.0f} exceeds the census {value['census']:,.0f} ({vote}, {source})"
            problems.append(_problem(res, package, rows["census"], "value", message))
    return problems


# --------------------------------------------------------------------------- 3b. percentages
def _percent_columns(res: dict) -> list[tuple[str, str | None]]:
    """(value column, unit column) pairs that hold percentages in a table.

    A column ``unit`` qualifies ``value`` and ``X_unit`` qualifies ``X_value``; a field the
    descriptor itself marks ``"unit": "percent"`` is in percent on every row (unit column None).
    """
    fields = {field["name"]: field for field in res["schema"]["fields"]}
    pairs: list[tuple[str, str | None]] = []
    for name, field in fields.items():
        if field.get("unit") == "percent" and field.get("type") in ("number", "integer"):
            pairs.append((name, None))
        elif name == "unit" or name.endswith("_unit"):
            value = name[: -len("unit")] + "value"
            if value in fields:
                pairs.append((value, name))
    return pairs


def percent_problems(package: Path = DATAPACKAGE, bib: Path = BIBLIOGRAPHY) -> list[Problem]:
    """Every value in percent lies in 0–100, except changes and rates (see ``UNBOUNDED_PERCENT``).

    The exception is read from the row's ``measure`` (what the number measures), where the table has one.
    """
    problems: list[Problem] = []
    for res in read_descriptor(package)["resources"]:
        pairs = _percent_columns(res)
        if not pairs:
            continue
        frame = load_frame(res["name"], package, bib)
        for value_column, unit_column in pairs:
            for _, row in frame.iterrows():
                value = row[value_column]
                if pd.isna(value) or (unit_column and row[unit_column] != "percent"):
                    continue
                if UNBOUNDED_PERCENT.search(_text(row.get("measure"))):
                    continue
                if not 0 <= value <= 100:
                    message = f"{value:g} percent is not a share between 0 and 100 ({_text(row.get('measure'))})"
                    problems.append(_problem(res, package, row, value_column, message))
    return problems


# --------------------------------------------------------------------------- 3c. relative dates
def _event_date(row) -> DateParts:
    day: dt.date = row["date"].date()
    return (day.year, day.month, day.day)[: PRECISION[row["date_precision"]]]


def relative_date_problems(package: Path = DATAPACKAGE, bib: Path = BIBLIOGRAPHY) -> list[Problem]:
    """An event whose date was resolved (``date_resolution`` not 'stated…' or 'computed…') is not later than
    the publication date of its source: a relative date ('on Tuesday', 'last month') points backwards.

    Dates the source states outright may lie ahead (a scheduled vote); 'computed' dates follow from
    a rule (a term that begins on 20 July), not from the source's own date.
    """
    res = _resource("events", package)
    frame = load_frame("events", package, bib)
    problems: list[Problem] = []
    for _, row in frame.iterrows():
        if re.match(r"(stated|computed)\b", row["date_resolution"].strip(), re.IGNORECASE):
            continue
        published = publication_date(row["source_id"], bib)
        event = _event_date(row)
        if published is not None and not not_after(event, published):
            message = (
                f"date {_shown(event)} resolved from {row['source_id']} is after its publication date "
                f"{_shown(published)}"
            )
            problems.append(_problem(res, package, row, "date", message))
    return problems


# --------------------------------------------------------------------------- 3d. original before report
def original_date_problems(package: Path = DATAPACKAGE, bib: Path = BIBLIOGRAPHY) -> list[Problem]:
    """date(original_id) ≤ date(source_id) wherever both are dated in references.bib (at the precision both give)."""
    problems: list[Problem] = []
    for res in _tables_with({"source_id", "original_id"}, package):
        frame = load_frame(res["name"], package, bib)
        for _, row in frame.iterrows():
            original = _text(row["original_id"])
            if not original:
                continue
            first, report = publication_date(original, bib), publication_date(row["source_id"], bib)
            if first is not None and report is not None and not not_after(first, report):
                message = (
                    f"original {original} ({_shown(first)}) is dated after the source that reports it, "
                    f"{row['source_id']} ({_shown(report)})"
                )
                problems.append(_problem(res, package, row, "original_id", message))
    return problems


CHECKS = (seed_quote_problems, vote_count_problems, percent_problems, relative_date_problems, original_date_problems)
