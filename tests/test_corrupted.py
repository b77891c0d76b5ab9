"""Bad input never produces a wrong book: every kind of damaged CSV stops validation with file, line, column and rule.

A corpus of corrupted inputs is generated at test time from the real datasets: every kind of
damage below, applied to every table where it applies. Each case must make
``python -m scripts.cli.validate`` (what ``make validate`` runs) exit 1 with a
``file:line:column: message`` line that names the rule broken.
"""

import csv
import io
import os
import subprocess
import sys
from dataclasses import dataclass

import nbformat
import pytest

from scripts.cli import validate
from scripts.config import CHAPTERS, DATA
from scripts.data import read_descriptor

RESOURCES = read_descriptor()["resources"]


@dataclass
class Case:
    kind: str
    table: str
    column: str | None  # None where the damage is to the file, not a cell
    line: str | None  # the line the message must name ("1" for the header), None if none applies
    expect: str  # the rule, as the message states it


def rows_of(res) -> list[list[str]]:
    return list(csv.reader(io.StringIO((DATA / res["path"]).read_text(encoding="utf-8"))))


def to_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def with_cell(rows, column, value, row=1):
    rows = [list(r) for r in rows]
    rows[row][rows[0].index(column)] = value
    return rows


def cases_for(res):
    """(case, corrupted bytes) for every kind of damage that applies to this table."""
    rows = rows_of(res)
    header, name = rows[0], res["name"]
    fields = res["schema"]["fields"]
    numbers = [f for f in fields if f["type"] in ("integer", "number")]
    dates = [f for f in fields if f["type"] == "date"]
    texts = [f for f in fields if f["type"] == "string" and "enum" not in f.get("constraints", {})]
    text = to_csv(rows)

    yield (
        Case("missing required column", name, header[-1], "1", "required column is missing"),
        to_csv([r[:-1] for r in rows]),
    )
    yield (
        Case("extra unknown column", name, "surplus", "1", "unknown column"),
        to_csv([rows[0] + ["surplus"]] + [r + ["x"] for r in rows[1:]]),
    )
    for f in numbers:
        col = f["name"]
        yield Case("wrong type in a numeric column", name, col, "2", "expected a"), to_csv(with_cell(rows, col, "n/a"))
        yield Case("thousands separator", name, col, "2", "thousands separator"), to_csv(with_cell(rows, col, "1,234"))
        yield Case("percent sign", name, col, "2", "percent sign"), to_csv(with_cell(rows, col, "12%"))
        yield Case("non-finite number", name, col, "2", "non-finite"), to_csv(with_cell(rows, col, "1e309"))
        if f.get("constraints", {}).get("minimum", -1) >= 0:
            yield Case("negative quantity", name, col, "2", "below the minimum"), to_csv(with_cell(rows, col, "-5"))
    for f in dates:
        col = f["name"]
        yield Case("impossible date", name, col, "2", "that exists, got"), to_csv(with_cell(rows, col, "2026-02-30"))
        yield (
            Case("ambiguous date", name, col, "2", "expected an ISO 8601 date"),
            to_csv(with_cell(rows, col, "03/02/2026")),
        )
        if f.get("constraints", {}).get("minimum"):
            yield (
                Case("date outside the allowed range", name, col, "2", "below the minimum"),
                to_csv(with_cell(rows, col, "1850-01-01")),
            )
    pk = res["schema"].get("primaryKey")
    if pk:
        yield (
            Case("duplicate primary key", name, ",".join(pk), str(len(rows) + 1), "duplicate key"),
            to_csv(rows + [rows[1]]),
        )
    if "source_id" in header:
        yield (
            Case("unknown source_id", name, "source_id", "2", "unknown source_id"),
            to_csv(with_cell(rows, "source_id", "nosuchsource2099")),
        )
    filled = [f["name"] for f in texts if rows[1][header.index(f["name"])]]
    if filled:
        col = filled[0]
        yield (
            Case("HTML or script in a text cell", name, col, "2", "markup is not allowed"),
            to_csv(with_cell(rows, col, "<script>alert('x')</script>")),
        )
        yield (
            Case("non-UTF-8 encoding", name, None, "2", "not UTF-8"),
            text.decode("utf-8")
            .replace(rows[1][header.index(col)], "Bogotá " + rows[1][header.index(col)], 1)
            .encode("cp1252", errors="replace"),
        )
    yield Case("empty file", name, None, "1", "file is empty"), b""
    yield Case("header-only file", name, None, "2", "no data rows"), to_csv(rows[:1])
    yield Case("byte-order mark", name, None, "1", "byte-order mark"), b"\xef\xbb\xbf" + text
    yield Case("truncated last line", name, None, str(len(rows)), "truncated"), text[: text.rstrip(b"\n").rfind(b",")]
    # A valid large file but for its last row: only where suffixing the key keeps the rest valid
    # (no other unique column, and the key is not a foreign key).
    others_unique = [f for f in fields if f.get("constraints", {}).get("unique") and [f["name"]] != pk]
    key_is_foreign = any(fk["fields"] in pk for fk in res["schema"].get("foreignKeys", []))
    if pk and len(pk) == 1 and numbers and not others_unique and not key_is_foreign:

        def big() -> bytes:  # made when its test runs, not at collection: 100,000 rows
            many = [rows[0]] + [
                [
                    f"{cell}-{i}" if h == pk[0] else cell
                    for h, cell in zip(header, rows[1 + i % (len(rows) - 1)], strict=True)
                ]
                for i in range(100_000)
            ]
            return to_csv(with_cell(many, numbers[0]["name"], "oops", row=len(many) - 1))

        yield Case("very large file, bad last row", name, numbers[0]["name"], "100001", "expected a"), big


CASES = [pair for res in RESOURCES for pair in cases_for(res)]
KINDS = sorted({case.kind for case, _ in CASES})


def corpus_summary() -> str:
    return f"corrupted-input corpus: {len(KINDS)} kinds, {len(CASES)} cases over {len(RESOURCES)} tables"


def check_case(package, case, content, capsys) -> None:
    """``make validate``'s entry point, run in-process (the CLI's exit code is tested in test_loader)."""
    path = package.parent / next(r["path"] for r in RESOURCES if r["name"] == case.table)
    path.write_bytes(content() if callable(content) else content)
    # Only what the case damages is validated: the table and the tables that refer to it.
    status = validate.main([str(package), str(package.parent.parent / "references.bib"), "--changed", case.table])
    out = capsys.readouterr().out
    assert status == 1, out
    expected = f"{path.name}:{case.line or '-'}:{case.column or '-'}:"
    matching = [line for line in out.splitlines() if expected in line and case.expect in line]
    assert matching, f"no line with {expected!r} and {case.expect!r} in:\n{out[:2000]}"


SMALL = [(case, content) for case, content in CASES if not callable(content)]
LARGE = [(case, content) for case, content in CASES if callable(content)]


def case_id(case) -> str:
    return f"{case.table}-{case.kind}-{case.column}"


@pytest.mark.parametrize(("case", "content"), SMALL, ids=[case_id(c) for c, _ in SMALL])
def test_validate_stops_with_file_line_column_and_rule(package, case, content, capsys):
    check_case(package, case, content, capsys)


class TestVeryLargeFiles:
    """The 100,000-row cases, in a class so that `make test` (xdist, --dist loadscope) runs them beside the rest."""

    @pytest.mark.parametrize(("case", "content"), LARGE, ids=[case_id(c) for c, _ in LARGE])
    def test_validate_stops_with_file_line_column_and_rule(self, package, case, content, capsys):
        check_case(package, case, content, capsys)


def test_a_notebook_that_loads_a_broken_table_stops(package, tmp_path):
    """Executing a chapter's first load against corrupted data fails with the loader's message (a one-cell
    notebook, so that no chapter is executed a second time during `make test`)."""
    path = package.parent / "events.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    path.write_bytes(to_csv(with_cell(rows, "source_id", "nosuchsource2099")))
    (package.parent.parent / "references.bib").unlink()  # the notebook must use the real bibliography
    notebook = tmp_path / "chapter.ipynb"
    cell = nbformat.v4.new_code_cell('from scripts import load\n\nload("events")')
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), notebook)
    env = {**os.environ, "BOOK_DATA_DIR": str(package.parent)}
    result = subprocess.run(
        [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--output-dir", str(tmp_path),
         str(notebook)],
        capture_output=True, text=True, env=env, timeout=300, cwd=CHAPTERS,
    )  # fmt: skip
    assert result.returncode != 0
    assert "events.csv:2:source_id: unknown source_id 'nosuchsource2099'" in result.stderr
