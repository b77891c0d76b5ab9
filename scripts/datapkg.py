"""Validated access to the data package.

``load(name)`` is the only way chapters read data. It checks the CSV against its schema in
``data/datapackage.json`` (Frictionless Table Schema subset: types, required, enum, pattern,
minimum/maximum, maxLength, unique, primaryKey, foreignKeys) and every field marked
``"bibtexKey": true`` against the keys of ``references.bib``. Any problem raises
:class:`DataError`, whose lines read ``file:line:column: message``; the line is the line
number in the CSV file (the header is line 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
from pybtex.database import parse_file

from scripts.paths import BIBLIOGRAPHY, DATAPACKAGE, ROOT

BOM = b"\xef\xbb\xbf"
INTEGER = re.compile(r"-?\d+")
NUMBER = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
GROUPED = re.compile(r"-?\d{1,3}(?:[,.\u00a0 ]\d{3})+(?:[.,]\d+)?")
MARKUP = re.compile(r"<\s*[A-Za-z/!?]")
MAX_REPORTED = 50


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        line = "-" if self.line is None else str(self.line)
        return f"{self.path}:{line}:{self.column or '-'}: {self.message}"


class DataError(ValueError):
    """A table broke its schema; ``problems`` lists every ``file:line:column: message``."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:MAX_REPORTED])
        more = len(problems) - MAX_REPORTED
        tail = f"\n... and {more} more" if more > 0 else ""
        super().__init__(f"{len(problems)} data problem(s):\n{shown}{tail}")


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


@lru_cache(maxsize=8)
def _bib_entries(bib: Path, mtime: float):
    return parse_file(str(bib), bib_format="bibtex").entries


def bibliography_entries(bib: Path = BIBLIOGRAPHY):
    """Entries of ``references.bib``, parsed with pybtex (cached until the file changes; do not modify)."""
    return _bib_entries(bib, bib.stat().st_mtime)


def bibliography_keys(bib: Path = BIBLIOGRAPHY) -> frozenset[str]:
    """Keys of ``references.bib``."""
    return frozenset(bibliography_entries(bib).keys())


def read_descriptor(package: Path = DATAPACKAGE) -> dict:
    return json.loads(package.read_text(encoding="utf-8"))


def resource(name: str, package: Path = DATAPACKAGE) -> dict:
    for res in read_descriptor(package)["resources"]:
        if res["name"] == name:
            return res
    raise KeyError(f"{_display(package)}: no resource named {name!r}")


# --------------------------------------------------------------------------- parsing cells
def _parse(value: str, field: dict) -> tuple[object, str | None]:
    """Return (typed value, None) or (None, message) for one non-empty cell."""
    kind = field.get("type", "string")
    if kind == "string":
        if MARKUP.search(value):
            return None, f"markup is not allowed in text, got {value[:40]!r}"
        return value, None
    if kind in ("integer", "number"):
        if value.rstrip().endswith("%"):
            return None, f"percent sign in a number, got {value!r}: write the bare number"
        if GROUPED.fullmatch(value.strip()):
            return None, f"thousands separator in a number, got {value!r}: write digits only"
        pattern = INTEGER if kind == "integer" else NUMBER
        if not pattern.fullmatch(value):
            return None, f"expected {'an integer' if kind == 'integer' else 'a number'}, got {value!r}"
        return (int(value) if kind == "integer" else float(value)), None
    if kind == "date":
        if not ISO_DATE.fullmatch(value):
            return None, f"expected an ISO 8601 date YYYY-MM-DD, got {value!r}"
        try:
            return dt.date.fromisoformat(value), None
        except ValueError:
            return None, f"impossible date {value!r}"
    if kind == "boolean":
        if value not in ("true", "false"):
            return None, f"expected true or false, got {value!r}"
        return value == "true", None
    return None, f"schema error: unsupported type {kind!r}"


def _bound(field: dict, key: str):
    bound = field.get("constraints", {}).get(key)
    if bound is not None and field.get("type") == "date":
        return dt.date.fromisoformat(bound)
    return bound


def _check_constraints(value, raw: str, field: dict) -> str | None:
    cons = field.get("constraints", {})
    if "enum" in cons and raw not in cons["enum"]:
        return f"{raw!r} is not one of: {', '.join(cons['enum'])}"
    if "pattern" in cons and not re.fullmatch(cons["pattern"], raw):
        return f"{raw!r} does not match the pattern {cons['pattern']}"
    if "maxLength" in cons and len(raw) > cons["maxLength"]:
        return f"longer than {cons['maxLength']} characters ({len(raw)})"
    low, high = _bound(field, "minimum"), _bound(field, "maximum")
    if low is not None and value < low:
        return f"{raw} is below the minimum {cons['minimum']}"
    if high is not None and value > high:
        return f"{raw} is above the maximum {cons['maximum']}"
    return None


# --------------------------------------------------------------------------- reading a file
def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]], list[Problem]]:
    """Decode and split a CSV; return header, (line, cells) rows and file-level problems."""
    shown = _display(path)
    if not path.exists():
        return [], [], [Problem(shown, None, None, "file does not exist")]
    raw = path.read_bytes()
    if not raw:
        return [], [], [Problem(shown, 1, None, "file is empty: expected a header row")]
    if raw.startswith(BOM):
        return [], [], [Problem(shown, 1, None, "byte-order mark at the start: save as UTF-8 without BOM")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return [], [], [Problem(shown, line, None, f"not UTF-8 (byte {raw[err.start]:#04x}): save as UTF-8")]
    problems = []
    if not text.endswith("\n"):
        last = text.count("\n") + 1
        problems.append(Problem(shown, last, None, "no newline at the end of the file: truncated last line?"))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        header = next(reader)
        start = reader.line_num + 1
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as err:
        problems.append(Problem(shown, reader.line_num, None, f"malformed CSV: {err}"))
    return header, rows, problems


# --------------------------------------------------------------------------- validation
def _validate(res: dict, package: Path, bib: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    path = package.parent / res["path"]
    shown = _display(path)
    schema = res["schema"]
    fields = {f["name"]: f for f in schema["fields"]}
    header, rows, problems = _read_rows(path)
    if not header:
        return None, problems
    if len(set(header)) != len(header):
        dupes = sorted({h for h in header if header.count(h) > 1})
        problems.append(Problem(shown, 1, ",".join(dupes), "column name repeated in the header"))
    for name in fields:
        if name not in header:
            problems.append(Problem(shown, 1, name, "required column is missing from the header"))
    for name in header:
        if name not in fields:
            problems.append(Problem(shown, 1, name, "unknown column: not in the schema in datapackage.json"))
    if problems:
        return None, problems
    if not rows:
        return None, [Problem(shown, 2, None, "no data rows: the file holds only a header")]

    keys = bibliography_keys(bib) if any(f.get("bibtexKey") for f in fields.values()) else frozenset()
    columns: dict[str, list] = {name: [] for name in header}
    for line, cells in rows:
        if len(cells) != len(header):
            problems.append(Problem(shown, line, None, f"{len(cells)} cells where the header has {len(header)}"))
            continue
        for name, raw in zip(header, cells, strict=True):
            field = fields[name]
            if raw == "":
                if field.get("constraints", {}).get("required"):
                    problems.append(Problem(shown, line, name, "required value is empty"))
                columns[name].append(None)
                continue
            value, message = _parse(raw, field)
            message = message or _check_constraints(value, raw, field)
            if message is None and field.get("bibtexKey") and raw not in keys:
                message = f"unknown source_id {raw!r}: not a key in {_display(bib)}"
            if message:
                problems.append(Problem(shown, line, name, message))
            columns[name].append(value)
    if problems:
        return None, problems

    lines = [line for line, _ in rows]
    problems += _check_unique(shown, schema, fields, columns, lines)
    problems += _check_foreign_keys(shown, schema, columns, lines, package, bib)
    if problems:
        return None, problems
    return _typed_frame(columns, fields, header), []


def _check_unique(shown, schema, fields, columns, lines) -> list[Problem]:
    problems = []
    key = schema.get("primaryKey")
    groups = [key if isinstance(key, list) else [key]] if key else []
    groups += [[n] for n, f in fields.items() if f.get("constraints", {}).get("unique")]
    for group in groups:
        seen: dict[tuple, int] = {}
        for i, values in enumerate(zip(*(columns[n] for n in group), strict=True)):
            if values in seen:
                label = ", ".join(f"{n}={v!s}" for n, v in zip(group, values, strict=True))
                problems.append(
                    Problem(shown, lines[i], ",".join(group), f"duplicate key ({label}), first on line {seen[values]}")
                )
            else:
                seen[values] = lines[i]
    return problems


def _check_foreign_keys(shown, schema, columns, lines, package, bib) -> list[Problem]:
    problems = []
    for fk in schema.get("foreignKeys", []):
        local, ref = fk["fields"], fk["reference"]
        target = load(ref["resource"], package=package, bib=bib)
        allowed = set(target[ref["fields"]].dropna().astype(str))
        for i, value in enumerate(columns[local]):
            for part in [] if value is None else str(value).split(";"):
                if part not in allowed:
                    problems.append(
                        Problem(shown, lines[i], local, f"{part!r} is not a {ref['fields']} of {ref['resource']}")
                    )
    return problems


def _typed_frame(columns: dict, fields: dict, header: list[str]) -> pd.DataFrame:
    dtypes = {"integer": "Int64", "number": "float64", "boolean": "boolean", "string": "string"}
    frame = {}
    for name in header:
        kind = fields[name].get("type", "string")
        if kind == "date":
            frame[name] = pd.to_datetime(pd.Series(columns[name], dtype="object"))
        else:
            frame[name] = pd.Series(columns[name], dtype="object").astype(dtypes[kind])
    return pd.DataFrame(frame)


# --------------------------------------------------------------------------- public API
def load(name: str, package: Path = DATAPACKAGE, bib: Path = BIBLIOGRAPHY) -> pd.DataFrame:
    """Validate table ``name`` of the data package and return it typed; raise DataError."""
    frame, problems = _validate(resource(name, package), package, bib)
    if problems:
        raise DataError(problems)
    frame.attrs["table"] = name
    return frame


def validate_package(package: Path = DATAPACKAGE, bib: Path = BIBLIOGRAPHY) -> list[Problem]:
    """Every problem in every table, plus CSV files the package does not describe."""
    descriptor = read_descriptor(package)
    problems: list[Problem] = []
    described = {(package.parent / r["path"]).resolve() for r in descriptor["resources"]}
    for csv_file in sorted(package.parent.glob("*.csv")):
        if csv_file.resolve() not in described:
            problems.append(Problem(_display(csv_file), None, None, "CSV file not described in datapackage.json"))
    for res in descriptor["resources"]:
        try:
            problems += _validate(res, package, bib)[1]
        except DataError as err:  # a foreign key points at a broken table: reported there
            problems += [p for p in err.problems if p not in problems]
    return problems
