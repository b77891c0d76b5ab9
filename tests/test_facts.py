"""A reader can trust each printed figure: it carries its rows' provenance, prints as formatted, cites its source."""

import pytest

from scripts import Chapter, Fact, count, days_between, fact, load, row
from scripts.chapter import record
from scripts.chapter.facts import fmt


@pytest.fixture(scope="module")
def figures():
    return load("figures")


def ids(value: Fact) -> list[str]:
    return [r.row_id for r in value.provenance.refs]


def test_a_derived_value_rests_on_exactly_its_inputs(figures):
    census = fact(figures, "ca-census-2026-03")
    share = fact(figures, "ca-signatures-share-of-census")
    needed = census * share / 100
    assert needed.value == pytest.approx(census.value * share.value / 100)
    assert ids(needed) == ["ca-census-2026-03", "ca-signatures-share-of-census"]
    assert ids(100 - share) == ["ca-signatures-share-of-census"]


def test_a_count_rests_on_every_row_it_counts(figures):
    coca = figures[figures["theme"] == "coca"]
    assert count(coca).value == len(coca) and len(ids(count(coca))) == len(coca)


def test_days_between_two_dated_rows_rest_on_both():
    events = load("events")
    suspended = fact(events, "egc-2026-02-04-talks-suspended", "date")
    resumed = fact(events, "egc-2026-02-17-joint-statement", "date")
    between = days_between(suspended, resumed)
    assert between.value == 13  # 4 to 17 February 2026, counted by hand
    assert sorted(ids(between)) == ["egc-2026-02-04-talks-suspended", "egc-2026-02-17-joint-statement"]
    assert days_between(resumed, suspended).value == -13


def test_a_row_is_found_by_its_primary_key_only(figures):
    assert row(figures, "ca-census-2026-03")["figure_id"] == "ca-census-2026-03"
    with pytest.raises(KeyError):
        row(figures, "no-such-row")


@pytest.mark.parametrize("value", [86_000, 13_762_362, 2_069_760.0, -70.1])
def test_glued_text_reads_back_unchanged(figures, monkeypatch, value):
    """What Chapter.glue stores is read back by myst-nb's own reader (literal_eval) as the text it formatted."""
    from myst_nb.core.variables import format_plain_text

    shown = []
    monkeypatch.setattr(record, "in_kernel", lambda: True)
    monkeypatch.setattr(record, "display", lambda data, raw, metadata: shown.append((data, metadata)))
    census = fact(figures, "ca-census-2026-03")
    Chapter("00_overview").glue("x", census * 0 + value, digits=1 if isinstance(value, float) else 0)
    [(data, metadata)] = shown
    [stored] = data.values()
    assert format_plain_text(stored, "") == metadata["book"]["text"]
    assert "," in metadata["book"]["text"] or "\u2212" in metadata["book"]["text"]


def test_an_unquoted_figure_would_print_as_a_tuple():
    """The failure the test above guards against: myst-nb reads an unquoted "86,000" as a tuple."""
    from myst_nb.core.variables import format_plain_text

    assert format_plain_text("86,000", "") == "(86, 0)"


def test_only_facts_are_glued():
    with pytest.raises(TypeError):
        Chapter("00_overview").glue("x", 86_000)


def test_a_citation_that_is_not_the_rows_source_is_caught(figures):
    chapter = Chapter("00_overview")
    census = row(figures, "ca-census-2026-03")
    chapter.check_citations([(census["source_id"], census)])
    with pytest.raises(AssertionError, match="upi2026constituent is cited for figures:ca-census-2026-03"):
        chapter.check_citations([("upi2026constituent", census)])
    with pytest.raises(AssertionError, match="not in the bibliography"):
        chapter.check_citations([("nosuchkey2099",)])


@pytest.mark.parametrize(("value", "digits", "shown"), [(-0.001, 2, "0.00"), (-0.4, 0, "0"), (-0.006, 2, "\u22120.01")])
def test_a_value_that_rounds_to_zero_has_no_minus_sign(value, digits, shown):
    assert fmt(value, digits) == shown


@pytest.mark.parametrize(
    ("value", "unit", "digits", "shown"),
    [(1, "hours", 0, "1 hour"), (2, "hours", 0, "2 hours"), (5700, "count", 0, "5,700"), (5.0, "percent", 1, "5.0%"),
     (3622, "COP_per_USD", 2, "3,622.00 pesos per dollar")],
)  # fmt: skip
def test_a_quantity_reads_with_its_unit_in_words(value, unit, digits, shown):
    from scripts import with_unit

    assert with_unit(value, unit, digits) == shown
