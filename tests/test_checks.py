"""A reader can rely on the reconciliation verdicts: each is computed from its inputs and flips when the data say so."""

import csv

import pytest

from scripts.chapter.checks import (
    GROUP_CONFLICT,
    GROUP_CONSISTENT,
    INCONSISTENT,
    arithmetic_checks,
    expected_value,
    reconciliation,
)
from scripts.config import DATA


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


def test_a_recomputed_value_rests_on_its_inputs_not_on_the_claim_it_tests():
    """Oracle: the figure ids each check names, read from checks.csv with the csv module."""
    rows = list(csv.DictReader((DATA / "checks.csv").open(encoding="utf-8")))
    checks = arithmetic_checks().set_index("check_id")
    for row in rows:
        credited = {(r.table, r.row_id) for r in checks.at[row["check_id"], "expected_provenance"].refs}
        inputs = {("figures", row[k]) for k in ("base_figure_id", "reference_figure_id") if row[k]}
        assert credited == inputs | {("checks", row["check_id"])}, row["check_id"]


def test_a_misprinted_conversion_is_flagged(package):
    check = arithmetic_checks(package, bib(package)).iloc[0]
    set_value(package, check["printed_figure_id"], str(check["expected"] * 1.5))
    again = arithmetic_checks(package, bib(package)).set_index("check_id")
    assert again.at[check["check_id"], "verdict"] == INCONSISTENT


def test_claims_on_the_same_reading_that_disagree_are_a_conflict(package):
    claims = reconciliation(package, bib(package))
    first = claims[claims["group_verdict"] == GROUP_CONSISTENT].iloc[0]
    # A second claim about the same measure, period and baseline, printed twice as large.
    figures = package.parent / "figures.csv"
    header = next(csv.reader(figures.open(encoding="utf-8")))
    double = dict.fromkeys(header, "") | {
        "figure_id": "test-double", "theme": "coca", "measure": "test", "period": "2023",
        "value": str(first["value"] * 2), "unit": first["unit"], "value_as_printed": "x",
        "source_id": "aljazeera2026coca", "locator": "para 1", "quote": "x",
    }  # fmt: skip
    with figures.open("a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, header, lineterminator="\n").writerow(double)
    with (package.parent / "reconciliation.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            [
                "test-claim",
                first["group_id"],
                first["quantity"],
                "test-double",
                "someone",
                first["period_read"],
                first["baseline_read"],
                first["measure_read"],
                "",
                "test",
            ]  # fmt: skip
        )
    again = reconciliation(package, bib(package))
    assert set(again.loc[again["group_id"] == first["group_id"], "group_verdict"]) == {GROUP_CONFLICT}
