"""Validated access to the data package, shared by the chapters, the command-line tools and the build.

``data/datapackage.json`` is a Frictionless descriptor and Frictionless validates every table
against it (types, required, enum, pattern, minimum/maximum, maxLength, unique, primary and
foreign keys). A few checks that Table Schema cannot express run beside it: byte-order marks,
non-UTF-8 bytes and truncated files; HTML markup in text cells; non-finite numbers
(``1e309``, ``inf``, ``nan``); fields marked ``"bibtexKey": true`` must be keys of
``references.bib``; list-valued foreign keys (``"x-listForeignKeys"``, cells split on the
field's ``"x-separator"``). Every problem reads ``file:line:column: message``; the line is
the line of the CSV file (the header is line 1).

Each table is validated once per process (per kernel) until a file of the package changes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
from pybtex.database import parse_string

from scripts.config import BIBLIOGRAPHY, DATAPACKAGE, ROOT

BOM = b"\xef\xbb\xbf"
GROUPED = re.compile(r"-?\d{1,3}(?:[,.\u00a0 ]\d{3})+(?:[.,]\d+)?")
MARKUP = re.compile(r"<\s*[A-Za-z/!?]")
MAX_REPORTED = 50
TRUE_VALUES = ("true", "True", "TRUE", "1")


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


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


@lru_cache(maxsize=8)
def _bib_entries(text: str):
    return parse_string(text, bib_format="bibtex").entries


def bibliography_entries(bib: Path = BIBLIOGRAPHY):
    """Entries of ``references.bib``, parsed with pybtex once per content (cached; do not modify)."""
    return _bib_entries(bib.read_text(encoding="utf-8"))


def read_descriptor(package: Path = DATAPACKAGE) -> dict:
    return json.loads(package.read_text(encoding="utf-8"))


def resource(name: str, package: Path = DATAPACKAGE) -> dict:
    for res in read_descriptor(package)["resources"]:
        if res["name"] == name:
            return res
    raise KeyError(f"{display_path(package)}: no resource named {name!r}")


def primary_key(name: str, package: Path = DATAPACKAGE) -> list[str]:
    key = resource(name, package)["schema"]["primaryKey"]
    return key if isinstance(key, list) else [key]


def references(name: str, package: Path = DATAPACKAGE) -> list[str]:
    """The tables ``name`` points to through (list-valued) foreign keys, transitively, itself first."""
    seen = [name]
    for current in seen:
        schema = resource(current, package)["schema"]
        for fk in schema.get("foreignKeys", []) + schema.get("x-listForeignKeys", []):
            target = fk["reference"]["resource"]
            if target not in seen:
                seen.append(target)
    return seen


# --------------------------------------------------------------------------- reading a file
def _read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]], list[Problem]]:
    """Decode and split a CSV; return header, (line, cells) rows and file-level problems."""
    shown = display_path(path)
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
    if not text.endswith("\n"):
        last = text.count("\n") + 1
        return [], [], [Problem(shown, last, None, "no newline at the end of the file: truncated last line?")]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        header = next(reader)
        start = reader.line_num + 1
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as err:
        return [], [], [Problem(shown, reader.line_num, None, f"malformed CSV: {err}")]
    if not rows:
        return header, [], [Problem(shown, 2, None, "no data rows: the file holds only a header")]
    return header, rows, []


# --------------------------------------------------------------------------- Frictionless
@lru_cache(maxsize=4)
def _package(package: Path, version: tuple):
    from frictionless import Package

    return Package(str(package))


def stamp(package: Path, bib: Path) -> tuple:
    """Modification times of every file that validation reads: a change invalidates the caches."""
    files = [package, bib, *sorted(package.parent.glob("*.csv"))]
    return tuple((f.name, f.stat().st_mtime_ns) for f in files if f.exists())


CONSTRAINT = re.compile(r'constraint "(\w+)"')
TYPE_WORDS = {
    "integer": "an integer",
    "number": "a number",
    "date": "an ISO 8601 date YYYY-MM-DD that exists",
    "boolean": "true or false",
}


def _message(err, fields: dict) -> str:
    """One Frictionless error in the book's words."""
    kind, cell = err.type, getattr(err, "cell", None)
    field = fields.get(getattr(err, "field_name", None) or "", {})
    if kind == "type-error":
        return f"expected {TYPE_WORDS.get(field.get('type'), field.get('type'))}, got {cell!r}"
    if kind == "constraint-error":
        name = CONSTRAINT.search(err.note or "")
        rule = name.group(1) if name else ""
        cons = field.get("constraints", {})
        return {
            "required": "required value is empty",
            "enum": f"{cell!r} is not one of: {', '.join(map(str, cons.get('enum', [])))}",
            "pattern": f"{cell!r} does not match the pattern {cons.get('pattern')}",
            "minimum": f"{cell} is below the minimum {cons.get('minimum')}",
            "maximum": f"{cell} is above the maximum {cons.get('maximum')}",
            "maxLength": f"longer than {cons.get('maxLength')} characters ({len(str(cell))})",
            "unique": f"duplicate value {cell!r} in a column whose values must be unique",
        }.get(rule, err.message)
    if kind == "unique-error":
        return f"duplicate value {cell!r} in a column whose values must be unique"
    if kind == "primary-key":
        return f"duplicate key: {err.note}"
    if kind == "foreign-key":
        return f"not found in the table it refers to: {err.note}"
    if kind == "missing-label":
        return "required column is missing from the header"
    if kind == "extra-label":
        return "unknown column: not in the schema in datapackage.json"
    if kind == "duplicate-label":
        return "column name repeated in the header"
    if kind == "incorrect-label":
        return f"column {err.label!r} where the schema has {err.field_name!r}: renamed or out of order?"
    if kind in ("extra-cell", "missing-cell"):
        return f"{'more' if kind == 'extra-cell' else 'fewer'} cells than the header has columns"
    return err.message


def _frictionless_problems(name: str, package: Path, bib: Path, fields: dict) -> list[Problem]:
    res = _package(package, stamp(package, bib)).get_resource(name)
    shown = display_path(package.parent / res.path)
    problems = []
    for err in res.validate().tasks[0].errors:
        column = getattr(err, "field_name", None) or getattr(err, "label", None)
        if err.type == "foreign-key":
            column = ",".join(getattr(err, "field_names", []) or []) or None
        elif err.type == "primary-key":
            column = ",".join(res.schema.primary_key)
        label_error = err.type.endswith("-label")
        line = 1 if label_error else getattr(err, "row_number", None)
        problems.append(Problem(shown, line, column, _message(err, fields)))
    return problems


# --------------------------------------------------------------------------- checks Table Schema cannot express
def _hint(raw: str, field: dict) -> str | None:
    """A clearer message than "expected a number" for the usual slips, and non-finite numbers."""
    if field.get("type") not in ("integer", "number"):
        return None
    if raw.rstrip().endswith("%"):
        return f"percent sign in a number, got {raw!r}: write the bare number"
    try:
        number = float(raw)
    except ValueError:
        if GROUPED.fullmatch(raw.strip()):
            return f"thousands separator in a number, got {raw!r}: write digits only"
        return None
    if not math.isfinite(number):
        return f"non-finite number {raw!r}: write a finite value"
    return None


def _custom_problems(shown, header, rows, fields, schema, package, bib) -> list[Problem]:
    problems = []
    keys = frozenset(bibliography_entries(bib).keys())
    list_fks = {fk["fields"]: fk for fk in schema.get("x-listForeignKeys", [])}
    allowed = {
        col: set(load_frame(fk["reference"]["resource"], package, bib)[fk["reference"]["fields"]].astype(str))
        for col, fk in list_fks.items()
    }
    for line, cells in rows:
        if len(cells) != len(header):
            continue  # reported by Frictionless
        for name, raw in zip(header, cells, strict=True):
            field = fields.get(name)
            if field is None or raw == "":
                continue
            message = _hint(raw, field)
            if field.get("type", "string") == "string" and MARKUP.search(raw):
                message = f"markup is not allowed in text, got {raw[:40]!r}"
            elif field.get("bibtexKey") and raw not in keys:
                message = f"unknown source_id {raw!r}: not a key in {display_path(bib)}"
            elif name in allowed:
                missing = [part for part in raw.split(field.get("x-separator", ";")) if part not in allowed[name]]
                if missing:
                    target = list_fks[name]["reference"]
                    message = f"{', '.join(map(repr, missing))} not a {target['fields']} of {target['resource']}"
            if message:
                problems.append(Problem(shown, line, name, message))
    return problems


# --------------------------------------------------------------------------- validation and typing
def _validate(name: str, package: Path, bib: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    res = resource(name, package)
    path = package.parent / res["path"]
    shown = display_path(path)
    schema = res["schema"]
    fields = {f["name"]: f for f in schema["fields"]}
    header, rows, problems = _read_rows(path)
    if problems:
        return None, problems
    custom = _custom_problems(shown, header, rows, fields, schema, package, bib)
    flagged = {(p.line, p.column) for p in custom}
    found = [p for p in _frictionless_problems(name, package, bib, fields) if (p.line, p.column) not in flagged]
    if any(p.line == 1 for p in found):  # a header problem: cell-level reports would be noise
        return None, [p for p in found if p.line == 1]
    problems = sorted(found + custom, key=lambda p: (p.line or 0, p.column or ""))
    if problems:
        return None, problems
    return _typed_frame(header, rows, fields), []


def _typed_frame(header: list[str], rows: list[tuple[int, list[str]]], fields: dict) -> pd.DataFrame:
    dtypes = {"integer": "Int64", "number": "float64", "boolean": "boolean", "string": "string"}
    parse = {
        "integer": int,
        "number": float,
        "boolean": lambda v: v in TRUE_VALUES,
        "date": dt.date.fromisoformat,
        "string": str,
    }
    frame = {}
    for i, name in enumerate(header):
        kind = fields[name].get("type", "string")
        values = [None if cells[i] == "" else parse[kind](cells[i]) for _, cells in rows]
        series = pd.Series(values, dtype="object")
        frame[name] = pd.to_datetime(series) if kind == "date" else series.astype(dtypes[kind])
    return pd.DataFrame(frame)


@lru_cache(maxsize=64)
def _cached(name: str, package: Path, bib: Path, version: tuple) -> pd.DataFrame:
    frame, problems = _validate(name, package, bib)
    if problems:
        raise DataError(problems)
    return frame


def load_frame(name: str, package: Path = DATAPACKAGE, bib: Path = BIBLIOGRAPHY) -> pd.DataFrame:
    """Table ``name``, validated (once per process until a file changes) and typed; raises DataError.

    Chapters use :func:`scripts.load`, which adds each row's provenance and records the read.
    """
    return _cached(name, package, bib, stamp(package, bib)).copy()


def affected_by(name: str, package: Path = DATAPACKAGE) -> list[str]:
    """The tables whose validation reads table ``name``: itself and every table that refers to it."""
    names = [res["name"] for res in read_descriptor(package)["resources"]]
    if name not in names:
        raise KeyError(f"{display_path(package)}: no resource named {name!r}")
    return [other for other in names if name in references(other, package)]


def validate_package(
    package: Path = DATAPACKAGE, bib: Path = BIBLIOGRAPHY, changed: str | None = None
) -> list[Problem]:
    """Every problem in every table, plus CSV files the package does not describe.

    With ``changed``, only the tables a change to that one table can break (see :func:`affected_by`).
    """
    descriptor = read_descriptor(package)
    problems: list[Problem] = []
    described = {(package.parent / r["path"]).resolve() for r in descriptor["resources"]}
    for csv_file in sorted(package.parent.glob("*.csv")):
        if csv_file.resolve() not in described:
            problems.append(Problem(display_path(csv_file), None, None, "CSV file not described in datapackage.json"))
    checked = None if changed is None else set(affected_by(changed, package))
    for res in descriptor["resources"]:
        if checked is not None and res["name"] not in checked:
            continue
        try:
            problems += _validate(res["name"], package, bib)[1]
        except DataError as err:  # a list-valued foreign key points at a broken table: reported there
            problems += [p for p in err.problems if p not in problems]
    return problems
