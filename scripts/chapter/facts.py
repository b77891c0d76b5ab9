"""A figure's value and its provenance travel together, from the CSV row to the glued sentence.

- :func:`load` returns a validated table with a ``provenance`` column: each row's
  :class:`Provenance` names its table, primary-key id, source, locator, quote and original
  producer. Filtering, sorting, merging and concatenating frames keep it, because it is a value.
- :func:`row` is the one way to pick a row by its primary key; :func:`fact` hands out a
  cell's value with that row's provenance; :meth:`Fact.of` wraps any value computed from
  facts, rows or frames with the union of their provenance.
- Arithmetic on facts (``a - b``, ``a / b * 100``) unites the provenance of its operands, so a
  derived figure credits exactly the rows it was computed from.
- :meth:`Chapter.glue` glues a fact as a plain string, formatted once, and writes the fact's
  provenance into the output's metadata; :meth:`Chapter.sources_table` lists every glued figure.
- Inside a kernel, the first validation of each table writes a hidden record of the read
  into the notebook's outputs (see :func:`record_read`); the build reads those records to
  re-execute exactly the notebooks whose data changed.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from scripts.config import BIBLIOGRAPHY, DATAPACKAGE
from scripts.data import load_frame, primary_key, references, stamp

PROVENANCE = "provenance"
READ_PREFIX = "book-read-"  # glue names of the hidden read records


@dataclass(frozen=True, order=True)
class Ref:
    """One data row: where it lives and where its claim comes from."""

    table: str
    row_id: str
    source_id: str | None = None
    locator: str | None = None
    quote: str | None = None
    original_id: str | None = None

    def as_list(self) -> list:
        return [self.table, self.row_id, self.source_id, self.locator, self.quote, self.original_id]


@dataclass(frozen=True)
class Provenance:
    """The rows a value rests on, in the order first used, without repeats."""

    refs: tuple[Ref, ...] = ()

    def __or__(self, other: Provenance) -> Provenance:
        return Provenance(tuple(dict.fromkeys(self.refs + other.refs)))

    def __repr__(self) -> str:
        return "Provenance(" + ", ".join(f"{r.table}:{r.row_id}" for r in self.refs) + ")"

    @property
    def tables(self) -> list[str]:
        return list(dict.fromkeys(r.table for r in self.refs))


def provenance_of(*sources) -> Provenance:
    """The union of the provenance of facts, rows (Series) and frames from :func:`load`."""
    result = Provenance()
    for source in sources:
        if isinstance(source, Fact):
            result |= source.provenance
        elif isinstance(source, Provenance):
            result |= source
        elif isinstance(source, pd.Series):
            result |= source[PROVENANCE]
        elif isinstance(source, pd.DataFrame):
            for prov in source[PROVENANCE]:
                result |= prov
        elif isinstance(source, Iterable) and not isinstance(source, str):
            result |= provenance_of(*source)
        else:
            raise TypeError(f"provenance comes from facts, rows or loaded frames, not {type(source).__name__}")
    return result


def _operand(other):
    return (other.value, other.provenance) if isinstance(other, Fact) else (other, Provenance())


def _binary(op, reflected: bool = False):
    def method(self, other):
        value, prov = _operand(other)
        result = op(value, self.value) if reflected else op(self.value, value)
        return Fact(result, self.provenance | prov)

    return method


@dataclass(frozen=True)
class Fact:
    """A value and the provenance of the rows it states or was computed from."""

    value: object
    provenance: Provenance = field(default_factory=Provenance)

    @classmethod
    def of(cls, value, *sources) -> Fact:
        """``value`` computed from ``sources`` (facts, rows, frames): ``Fact.of(len(rows), rows)``."""
        if isinstance(value, Fact):
            return cls(value.value, value.provenance | provenance_of(*sources))
        return cls(value, provenance_of(*sources))

    def map(self, fn) -> Fact:
        """``fn(value)`` with the same provenance, e.g. ``weeks = days.map(lambda n: n // 7)``."""
        return Fact(fn(self.value), self.provenance)

    __add__ = _binary(operator.add)
    __radd__ = _binary(operator.add, reflected=True)
    __sub__ = _binary(operator.sub)
    __rsub__ = _binary(operator.sub, reflected=True)
    __mul__ = _binary(operator.mul)
    __rmul__ = _binary(operator.mul, reflected=True)
    __truediv__ = _binary(operator.truediv)
    __rtruediv__ = _binary(operator.truediv, reflected=True)

    def __neg__(self) -> Fact:
        return Fact(-self.value, self.provenance)

    def __abs__(self) -> Fact:
        return Fact(abs(self.value), self.provenance)


# --------------------------------------------------------------------------- reading tables
def in_kernel() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def record_read(table: str) -> None:
    """Write a hidden record "this notebook read ``table``" into the running cell's outputs.

    It is a glue output that the book never displays, so it survives in the stored notebook,
    in nbval's comparison and in the build's execution cache. Outside a kernel it does nothing.
    """
    if not in_kernel():
        return
    from IPython.display import display
    from myst_nb.ext.glue import GLUE_PREFIX

    name = READ_PREFIX + table
    metadata = {"scrapbook": {"name": name, "mime_prefix": GLUE_PREFIX}, "book": {"read": table}}
    display({GLUE_PREFIX + "text/plain": repr(table)}, raw=True, metadata=metadata)


@lru_cache(maxsize=64)
def _recorded(name: str, version: tuple) -> None:
    """Record each table once per kernel (and again only if a data file changes)."""
    record_read(name)


def recorded_reads(notebook: dict) -> set[str] | None:
    """The tables a stored notebook recorded reading (:func:`record_read`); None if it holds no outputs."""
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    if not any(c.get("outputs") for c in code):
        return None
    return {
        out["metadata"]["book"]["read"]
        for c in code
        for out in c.get("outputs", [])
        if "read" in out.get("metadata", {}).get("book", {})
    }


def _refs(name: str, frame: pd.DataFrame, package: Path) -> list[Provenance]:
    key = primary_key(name, package)
    ids = frame[key].astype(str).agg("|".join, axis=1) if len(key) > 1 else frame[key[0]].astype(str)

    def cell(column, i):
        if column not in frame.columns:
            return None
        value = frame[column].iloc[i]
        return None if pd.isna(value) else str(value)

    return [
        Provenance(
            (
                Ref(
                    name,
                    ids.iloc[i],
                    cell("source_id", i),
                    cell("locator", i),
                    cell("quote", i),
                    cell("original_id", i),
                ),
            )
        )  # fmt: skip
        for i in range(len(frame))
    ]


def load(name: str, package: Path = DATAPACKAGE, bib: Path = BIBLIOGRAPHY) -> pd.DataFrame:
    """Table ``name`` of the data package, validated and typed, with each row's provenance.

    Raises :class:`scripts.DataError` (``file:line:column: message``) on any problem.
    """
    frame = load_frame(name, package, bib)
    files = stamp(package, bib)
    for table in references(name, package):  # the tables validation read too, through foreign keys
        _recorded(table, files)
    return frame.assign(**{PROVENANCE: _refs(name, frame, package)})


def row(frame: pd.DataFrame, row_id: str) -> pd.Series:
    """The row of ``frame`` whose primary key is ``row_id`` (exactly one, or an error)."""
    hits = [i for i, prov in enumerate(frame[PROVENANCE]) if any(r.row_id == row_id for r in prov.refs[:1])]
    if len(hits) != 1:
        raise KeyError(f"{len(hits)} rows with id {row_id!r} (expected one)")
    return frame.iloc[hits[0]]


def fact(frame: pd.DataFrame, row_id: str, column: str = "value") -> Fact:
    """The cell ``column`` of row ``row_id``, with that row's provenance.

    A derived frame may give a column its own provenance in ``<column>_provenance`` (a
    recomputed value rests on its inputs, not on the claim it checks): it is used instead.
    """
    found = row(frame, row_id)
    value = found[column]
    prov = found.get(f"{column}_{PROVENANCE}", found[PROVENANCE])
    if hasattr(value, "item"):  # numpy scalars render empty when glued under numpy 2
        value = value.item()
    if isinstance(value, pd.Timestamp):
        value = value.date()
    return Fact(value, prov)


def days_between(start: Fact, end: Fact) -> Fact:
    """Whole days from ``start`` to ``end`` (two dated facts), resting on both."""
    return (end - start).map(lambda d: d.days)


def count(frame: pd.DataFrame) -> Fact:
    """How many rows ``frame`` has, resting on all of them."""
    return Fact.of(len(frame), frame)


# --------------------------------------------------------------------------- formatting
def fmt_number(value: float, digits: int = 0) -> str:
    """``-1234.5 -> '−1,234.5'``: thousands separators, fixed decimals, a typographic minus (none on a zero)."""
    text = f"{float(value):,.{digits}f}"
    if text.startswith("-") and not text.strip("-0.,"):  # -0.001 rounds to "-0.00": no sign on a zero
        text = text[1:]
    return text.replace("-", "\u2212")


def fmt_date(value) -> str:
    return value.strftime("%-d %B %Y")


UNIT_WORDS = {"count": "", "percent": "%", "COP": "pesos", "USD": "dollars", "COP_per_USD": "pesos per dollar"}


def unit_words(unit: str, value: float | None = None) -> str:
    """A unit as a reader reads it: "COP_per_USD" -> "pesos per dollar", "hours" -> "hour" for one."""
    words = UNIT_WORDS.get(unit, str(unit).replace("_", " "))
    return words[:-1] if value == 1 and words.endswith("s") and words[-2:] != "ss" else words


def with_unit(value, unit: str, digits: int = 0) -> str:
    """``1, "hours" -> "1 hour"``, ``5.0, "percent" -> "5.0%"``, ``5700, "count" -> "5,700"``."""
    words = unit_words(unit, value)
    return fmt(value, digits) + ("" if words in ("", "%") else " ") + words


def fmt(value, digits: int = 0) -> str:
    """The text a reader sees for a value: numbers with separators, dates spelled out."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, dt.date | pd.Timestamp):
        return fmt_date(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return fmt_number(value, digits)
    return str(value)
