"""The loader stops on bad input with file, line, column and the rule broken."""

import csv
import subprocess
import sys

import pytest

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


def test_unknown_source_is_named(package):
    source = first_value(package, "events", "source_id")
    rewrite(package, "events", f",{source},", ",nosuchsource2099,")
    with pytest.raises(DataError, match=r"events\.csv:2:source_id: unknown source_id 'nosuchsource2099'"):
        load_copy(package, "events")


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


def test_validate_command_passes_on_the_real_package():
    result = subprocess.run([sys.executable, "-m", "scripts.cli.validate"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("value", ["1e309", "inf", "-inf", "nan"])
def test_a_non_finite_number_stops_validation(package, value):
    rewrite(package, "checks", ",2.20462262,", f",{value},")
    result = subprocess.run(
        [sys.executable, "-m", "scripts.cli.validate", str(package), str(package.parent.parent / "references.bib")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert f"checks.csv:2:factor: non-finite number '{value}'" in result.stdout
