"""Arithmetic checks and reconciliation verdicts are computed, and flip when the data say so."""

import csv

import pytest

from scripts.checks import (
    CONSISTENT,
    GROUP_CONFLICT,
    GROUP_CONSISTENT,
    INCONSISTENT,
    arithmetic_checks,
    expected_value,
    reconciliation,
)


def bib(package):
    return package.parent.parent / "references.bib"


def set_value(package, figure_id, value):
    path = package.parent / "figures.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    hits = [r for r in rows if r[0] == figure_id]
    assert hits, figure_id
    hits[0][rows[0].index("value")] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


@pytest.mark.parametrize(
    ("kind", "base", "reference", "factor", "expected"),
    [
        ("unit_conversion", 1000, None, 2.20462262, 2204.62262),
        ("currency_conversion", 5e9, 4000, None, 1.25e6),
        ("percent_change", 150, 100, None, 50),
        ("share", 68, 200, None, 34),
    ],
)
def test_expected_value_by_kind(kind, base, reference, factor, expected):
    assert expected_value(kind, base, reference, factor) == pytest.approx(expected)


def test_every_check_in_the_book_has_a_verdict():
    checks = arithmetic_checks()
    assert len(checks) and set(checks["verdict"]) <= {CONSISTENT, INCONSISTENT}


def test_a_misprinted_conversion_is_flagged(package):
    check = arithmetic_checks(package, bib(package)).iloc[0]
    set_value(package, check["printed_figure_id"], str(check["expected"] * 1.5))
    again = arithmetic_checks(package, bib(package)).set_index("check_id")
    assert again.at[check["check_id"], "verdict"] == INCONSISTENT


def test_claims_on_the_same_reading_that_disagree_are_a_conflict(package):
    claims = reconciliation(package, bib(package))
    assert set(claims["group_verdict"]) <= {GROUP_CONSISTENT, GROUP_CONFLICT}
    first = claims.iloc[0]
    # A second claim about the same measure, period and baseline, printed twice as large.
    with (package.parent / "figures.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            ["test-double", "coca", "test", "2023", str(first["value"] * 2), first["unit"], "x", first["source_id"],
             "para 1", ""]  # fmt: skip
        )
    with (package.parent / "reconciliation.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            ["test-claim", first["group_id"], first["quantity"], "test-double", "someone", first["period_read"],
             first["baseline_read"], first["measure_read"], "", "test"]  # fmt: skip
        )
    again = reconciliation(package, bib(package))
    assert set(again.loc[again["group_id"] == first["group_id"], "group_verdict"]) == {GROUP_CONFLICT}
