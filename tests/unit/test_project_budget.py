"""Amounts typed in yuan become integer fen; the budget summary residents see."""
import pytest

from deliberation.domain.project_budget import parse_yuan, summarise


@pytest.mark.parametrize("text, fen", [("1280", 128000), ("1280.5", 128050), ("1,280.50", 128050),
                                       (" 0.01 ", 1), ("12，800", 1280000)])
def test_yuan_become_fen(text, fen):
    assert parse_yuan(text) == fen


@pytest.mark.parametrize("text", ["", "abc", "-5", "1.234", "1e3", "12.5.0", None])
def test_anything_else_is_refused(text):
    assert parse_yuan(text) is None


def test_summary_shows_remaining_and_overspending():
    summary = summarise(100_000, [60_000, 50_000])
    assert summary.remaining == -10_000 and summary.over_budget and summary.percent_spent == 110


def test_project_without_budget_shows_zero_percent():
    assert summarise(0, [500]).percent_spent == 0
