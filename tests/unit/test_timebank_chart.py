"""The time bank chart's geometry, without a database."""
from datetime import date

from deliberation.domain.timebank_chart import bars, last_months, nice_ceiling


def test_axis_rounds_up_to_one_two_or_five():
    assert [nice_ceiling(v) for v in (0, 0.5, 1, 3, 7, 11, 180)] == [1, 1, 1, 5, 10, 20, 200]


def test_bars_are_proportional_and_share_a_baseline():
    drawn, ceiling = bars([("2026-10", 60 * 10), ("2026-11", 60 * 5)], height=220, top=20, bottom=40)
    assert ceiling == 10
    assert drawn[0].height == 160 and drawn[1].height == 80
    assert drawn[0].y + drawn[0].height == drawn[1].y + drawn[1].height == 180


def test_no_data_draws_no_bars():
    assert bars([]) == ([], 1)


def test_last_months_fill_gaps_with_zero_across_the_new_year():
    assert last_months({"2025-12": 90, "2026-02": 30}, date(2026, 2, 14), count=4) == [
        ("2025-11", 0), ("2025-12", 90), ("2026-01", 0), ("2026-02", 30)]
