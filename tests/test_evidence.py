"""A reader who checks a row finds it true to its source: verbatim quotes at their locators, consistent votes and dates.

Each check of scripts/evidence.py holds on the real data and fails on a planted error in a
private copy of the package (the ``package`` fixture).
"""

import csv
import io
import json
import re
from pathlib import Path

import pytest

from scripts.data import read_descriptor, validate_package
from scripts.evidence import (
    SEED_SOURCES,
    not_after,
    original_date_problems,
    paragraphs,
    percent_problems,
    publication_date,
    relative_date_problems,
    seed_quote_problems,
    vote_count_problems,
)

needs_seeds = pytest.mark.skipif(not SEED_SOURCES.is_dir(), reason=f"seed articles not at {SEED_SOURCES}")


def bib_of(package: Path) -> Path:
    return package.parent.parent / "references.bib"


def edit(package: Path, table: str, key: str, column: str, value: str) -> None:
    """Set one cell of the copied table, the row named by its first column."""
    path = package.parent / f"{table}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header = rows[0]
    (row,) = [r for r in rows[1:] if r[0] == key]
    row[header.index(column)] = value
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def redate(package: Path, key: str, date: str) -> None:
    """Give a bibliography entry of the copy another ``date``."""
    bib = bib_of(package)
    text, count = re.subn(
        r"(@\w+\{" + re.escape(key) + r",.*?\n\s*date = \{)[^}]*(\})",
        rf"\g<1>{date}\g<2>",
        bib.read_text(encoding="utf-8"),
        count=1,
        flags=re.S,
    )
    assert count == 1, key
    bib.write_text(text, encoding="utf-8")


def shown(problems) -> list[str]:
    return [str(p) for p in problems]


# --------------------------------------------------------------------------- quotes in the seed articles
@pytest.mark.parametrize(
    ("locator", "lines"),
    [
        ("para 8", [8]),
        ("paras 34-35", [34, 35]),
        ("paras 8, 10, 13–14", [8, 10, 13, 14]),
        ("paras 7-8, 36-38", [7, 8, 36, 37, 38]),
        ("page 3", None),
        ("paras 9-7", None),
    ],
)
def test_locators_name_paragraphs(locator, lines):
    assert paragraphs(locator) == lines


@needs_seeds
def test_seed_quotes_occur_verbatim_at_their_locators():
    assert shown(seed_quote_problems()) == []


@needs_seeds
def test_a_changed_seed_quote_fails(package):
    edit(
        package, "figures", "coca-a5-production-change-2023", "quote", "Potential cocaine output also jumped 35 percent"
    )
    problems = shown(seed_quote_problems(package, bib_of(package)))
    assert len(problems) == 1
    assert "figures.csv" in problems[0] and "coca-a5-production-change-2023" in problems[0]
    assert "not found verbatim in aljazeera2026coca para 8" in problems[0]


@needs_seeds
def test_a_seed_quote_at_the_wrong_paragraph_fails(package):
    edit(package, "figures", "coca-a5-production-change-2023", "locator", "para 9")
    assert len(seed_quote_problems(package, bib_of(package))) == 1


# --------------------------------------------------------------------------- quotes are required
def test_every_quote_is_required():
    tables = [res for res in read_descriptor()["resources"] if "quote" in {f["name"] for f in res["schema"]["fields"]}]
    assert tables
    for res in tables:
        (field,) = [f for f in res["schema"]["fields"] if f["name"] == "quote"]
        assert field.get("constraints", {}).get("required") is True, res["name"]


def test_an_empty_quote_fails_validation(package):
    edit(package, "meeting_statements", "pt-mo-sanctions", "quote", "")
    problems = shown(validate_package(package, bib_of(package)))
    assert len(problems) == 1 and problems[0].endswith("meeting_statements.csv:15:quote: required value is empty")


# --------------------------------------------------------------------------- vote counts
def test_vote_counts_add_up():
    assert shown(vote_count_problems()) == []


def test_more_yes_and_no_votes_than_voters_fails(package):
    edit(package, "national_votes", "ca-nv-1990-12-yes", "value", "3700000")  # + 74,055 no > 3,710,110 voters
    problems = shown(vote_count_problems(package, bib_of(package)))
    assert len(problems) == 1
    assert "ca-nv-1990-12-voters" in problems[0] and "elespectador2015votos" in problems[0]


def test_more_voters_than_the_census_fails(package):
    edit(package, "national_votes", "ca-nv-1990-12-census", "value", "3000000")
    problems = shown(vote_count_problems(package, bib_of(package)))
    assert len(problems) == 1 and "exceeds the census" in problems[0]


def test_sources_are_not_mixed(package):
    # 3,700,000 yes fits the independent record's 3,710,557 voters; only with the columnist's 74,055 no
    # votes would it exceed his 3,710,110 voters, and the two sources are not to be added up.
    edit(package, "national_votes", "ca-nv-1990-12-yes-sudd", "value", "3700000")
    assert shown(vote_count_problems(package, bib_of(package))) == []


def test_an_unknown_vote_measure_is_reported(package):
    """A measure the schema comes to allow but the identity does not place is reported, not skipped."""
    descriptor = read_descriptor(package)
    (votes,) = [res for res in descriptor["resources"] if res["name"] == "national_votes"]
    (measure,) = [f for f in votes["schema"]["fields"] if f["name"] == "measure"]
    measure["constraints"]["enum"].append("valid_votes")
    package.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    edit(package, "national_votes", "ca-nv-2016-voters", "measure", "valid_votes")
    problems = shown(vote_count_problems(package, bib_of(package)))
    assert any("unknown measure 'valid_votes'" in p for p in problems)


# --------------------------------------------------------------------------- percentages
def test_shares_lie_between_0_and_100():
    assert shown(percent_problems()) == []


@pytest.mark.parametrize(
    ("table", "key", "column"),
    [
        ("figures", "ca-signatures-share-of-census", "value"),
        ("assembly_process_stages", "ca-stage-vote", "threshold_value"),
    ],
)
def test_a_share_above_100_fails(package, table, key, column):
    edit(package, table, key, column, "133.3")
    problems = shown(percent_problems(package, bib_of(package)))
    assert len(problems) == 1 and key in problems[0] and f"{table}.csv" in problems[0]


def test_a_change_above_100_is_allowed(package):
    edit(package, "figures", "coca-a5-production-change-2023", "value", "153")
    assert shown(percent_problems(package, bib_of(package))) == []


# --------------------------------------------------------------------------- dates
@pytest.mark.parametrize(
    ("earlier", "later", "holds"),
    [
        ((2026, 2, 3), (2026, 2, 4), True),
        ((2026, 2, 5), (2026, 2, 4), False),
        ((2026, 2, 28), (2026, 2), True),  # same month: equal at the precision both give
        ((2026, 3, 1), (2026, 2), False),
        ((2025,), (2024, 12, 31), False),
    ],
)
def test_dates_compare_at_the_common_precision(earlier, later, holds):
    assert not_after(earlier, later) is holds


def test_publication_dates_keep_their_precision():
    assert publication_date("aljazeera2026takeaways") == (2026, 2, 4)
    assert publication_date("aljazeera2026coca") == (2026, 2)
    assert publication_date("nosuchsource2099") is None


def test_resolved_dates_precede_their_sources():
    assert shown(relative_date_problems()) == []


def test_a_resolved_date_after_its_article_fails(package):
    edit(package, "events", "pt-2026-02-03-white-house-meeting", "date", "2026-02-05")
    problems = shown(relative_date_problems(package, bib_of(package)))
    assert len(problems) == 1 and "pt-2026-02-03-white-house-meeting" in problems[0]


def test_an_article_dated_before_what_it_resolves_fails(package):
    redate(package, "aljazeera2026takeaways", "2026-02-02")
    problems = shown(relative_date_problems(package, bib_of(package)))
    assert {p.split("row ")[1].split(":")[0] for p in problems} == {
        "pt-2026-02-03-white-house-meeting",
        "pt-2026-02-03-trump-remarks",
        "pt-2026-02-03-petro-news-conference",
    }


def test_originals_precede_the_reports_that_cite_them():
    assert shown(original_date_problems()) == []


def test_an_original_dated_after_its_report_fails(package):
    edit(package, "national_votes", "ca-nv-2016-yes", "original_id", "registraduria2018consulta")
    problems = shown(original_date_problems(package, bib_of(package)))
    assert len(problems) == 1 and "ca-nv-2016-yes" in problems[0] and "registraduria2018consulta" in problems[0]


def test_a_report_redated_before_its_original_fails(package):
    redate(package, "efe2016plebiscito", "2016-09")
    problems = shown(original_date_problems(package, bib_of(package)))
    assert problems and all("efe2016plebiscito" in p for p in problems)
