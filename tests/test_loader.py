"""A reader never gets a chapter built on bad data: the loader and `make validate` stop, naming file, line and column.

Every kind of damage, table by table, is in the corruption corpus (test_corrupted.py); these tests
cover the loader's own error, the command's exit status, and which tables a change re-validates.
"""

import contextlib
import csv
import io
import subprocess
import sys

import pytest

from scripts.cli import validate
from scripts.data import DataError, load_frame


def load_copy(package, name):
    return load_frame(name, package=package, bib=package.parent.parent / "references.bib")


def rewrite(package, table, old, new):
    path = package.parent / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_loads_typed_frames(package):
    events = load_copy(package, "events")
    assert str(events["date"].dtype).startswith("datetime64")
    figures = load_copy(package, "figures")
    assert figures["value"].dtype == "float64"


def first_value(package, table, column):
    lines = (package.parent / f"{table}.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = next(csv.reader([lines[1]]))
    return row[header.index(column)]


def test_bad_number_names_file_line_and_column(package):
    value = first_value(package, "figures", "value")
    rewrite(package, "figures", f",{value},", ",lots,")
    with pytest.raises(DataError, match=r"data/figures\.csv:2:value: expected a number, got 'lots'"):
        load_copy(package, "figures")


def test_missing_column_is_named(package):
    path = package.parent / "events.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",date_resolution", ",resolution", 1), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_copy(package, "events")
    messages = [str(p) for p in err.value.problems]
    expected = "events.csv:1:date_resolution: column 'resolution' where the schema has 'date_resolution'"
    assert any(expected in m for m in messages), messages


def test_validate_command_exits_1_with_file_line_column(package):
    value = first_value(package, "figures", "value")
    rewrite(package, "figures", f",{value},", ',"1,000",')
    result = subprocess.run(
        [sys.executable, "-m", "scripts.cli.validate", str(package), str(package.parent.parent / "references.bib")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "figures.csv:2:value: thousands separator in a number" in result.stdout


def validate_copy(package, *args) -> tuple[int, str]:
    """``make validate``'s entry point, in-process, on the private copy; (exit status, printed lines)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = validate.main([str(package), str(package.parent.parent / "references.bib"), *args])
    return status, out.getvalue()


@pytest.mark.parametrize("value", ["inf", "-inf", "nan"])  # 1e309 is in the corruption corpus
def test_a_non_finite_number_stops_validation(package, value):
    rewrite(package, "checks", ",2.20462262,", f",{value},")
    status, out = validate_copy(package)
    assert status == 1
    assert f"checks.csv:2:factor: non-finite number '{value}'" in out


def test_a_changed_table_is_validated_with_the_tables_that_refer_to_it(package):
    """`validate --changed events` still finds a commitment that points at a deleted event."""
    path = package.parent / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("egc-2025-12-05-commitments-signed,")))
    status, out = validate_copy(package, "--changed", "events")
    assert status == 1
    assert "egc_commitments.csv:2:event_ids: 'egc-2025-12-05-commitments-signed' not a event_id of events" in out
