"""Recompute the derived figures the sources printed, and reconcile figures that disagree.

Both work on the data package: ``checks`` says how a printed figure follows from others,
``reconciliation`` groups the claims about one disputed quantity. Verdicts are computed
here, never typed into the data. A recomputed value rests on the rows it is computed from
(``expected_provenance``), never on the printed claim it tests.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from scripts.chapter.facts import PROVENANCE, load, provenance_of
from scripts.config import BIBLIOGRAPHY, DATAPACKAGE

CONSISTENT = "consistent"
INCONSISTENT = "inconsistent"
GROUP_CONSISTENT = "consistent once read correctly"
GROUP_CONFLICT = "in conflict"
SPREAD = 0.05  # claims on the same reading further apart than this are in conflict


def expected_value(kind: str, base: float, reference: float | None, factor: float | None) -> float:
    """The value a printed figure should have, given how it is derived (see checks.csv)."""
    if kind == "unit_conversion":
        return base * factor
    if kind == "currency_conversion":
        return base / reference
    if kind == "percent_change":
        return (base / reference - 1) * 100
    if kind == "share":
        return base / reference * 100
    raise ValueError(f"unknown kind of check: {kind!r}")


def arithmetic_checks(package: Path = DATAPACKAGE, bib: Path = BIBLIOGRAPHY) -> pd.DataFrame:
    """Every row of ``checks`` with printed, expected and relative difference, and a verdict."""
    checks = load("checks", package, bib)
    figures = load("figures", package, bib).set_index("figure_id")

    def value(figure_id) -> float | None:
        return None if pd.isna(figure_id) else float(figures.at[figure_id, "value"])

    def rows_of(*ids):
        return [figures.at[i, PROVENANCE] for i in ids if not pd.isna(i)]

    rows = []
    for check in checks.itertuples(index=False):
        printed = value(check.printed_figure_id)
        factor = None if pd.isna(check.factor) else float(check.factor)
        expected = expected_value(check.kind, value(check.base_figure_id), value(check.reference_figure_id), factor)
        difference = (printed - expected) / abs(expected) * 100
        inputs = provenance_of(getattr(check, PROVENANCE), *rows_of(check.base_figure_id, check.reference_figure_id))
        printed_prov = provenance_of(*rows_of(check.printed_figure_id))
        rows.append(
            {
                "printed": printed,
                "printed_as": figures.at[check.printed_figure_id, "value_as_printed"],
                "unit": figures.at[check.printed_figure_id, "unit"],
                "expected": expected,
                "difference_pct": difference,
                "verdict": CONSISTENT if abs(difference) <= check.tolerance_pct else INCONSISTENT,
                f"printed_{PROVENANCE}": printed_prov,
                f"expected_{PROVENANCE}": inputs,
                f"verdict_{PROVENANCE}": inputs | printed_prov,
            }
        )
    return pd.concat([checks.reset_index(drop=True), pd.DataFrame(rows)], axis=1)


def reconciliation(package: Path = DATAPACKAGE, bib: Path = BIBLIOGRAPHY) -> pd.DataFrame:
    """Every claim of ``reconciliation`` with its printed value, its check, and its group's verdict.

    A group is "in conflict" when a claim fails its check, or when two claims read as the
    same measure, period and baseline print values more than 5 % apart; otherwise the
    claims are "consistent once read correctly".
    """
    claims = load("reconciliation", package, bib)
    figures = load("figures", package, bib).set_index("figure_id")
    checks = arithmetic_checks(package, bib).set_index("check_id")
    frame = claims.assign(
        value=[float(figures.at[f, "value"]) for f in claims["figure_id"]],
        unit=[figures.at[f, "unit"] for f in claims["figure_id"]],
        printed_as=[figures.at[f, "value_as_printed"] for f in claims["figure_id"]],
        check_verdict=[None if pd.isna(c) else checks.at[c, "verdict"] for c in claims["check_id"]],
        value_provenance=[figures.at[f, PROVENANCE] for f in claims["figure_id"]],
    )
    frame[PROVENANCE] = [c | v for c, v in zip(frame[PROVENANCE], frame["value_provenance"], strict=True)]
    verdicts = {}
    for group, rows in frame.groupby("group_id", sort=False):
        failed = (rows["check_verdict"] == INCONSISTENT).any()
        same = rows.groupby(["measure_read", "period_read", "baseline_read", "unit"])["value"]
        spread = (same.max() / same.min() - 1).fillna(0)
        verdicts[group] = GROUP_CONFLICT if failed or (spread > SPREAD).any() else GROUP_CONSISTENT
    return frame.assign(group_verdict=frame["group_id"].map(verdicts))
