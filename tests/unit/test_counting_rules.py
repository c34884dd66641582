from fractions import Fraction

import pytest

from deliberation.domain.counting_rules import Count, Threshold, evaluate, preset

# 300 eligible owners holding 30,000.00 m² (3,000,000 in 0.01 m²).
ELIGIBLE = dict(eligible_count=300, eligible_area=3_000_000)


def count(participating_count, participating_area, yes_count, yes_area):
    return Count(**ELIGIBLE, participating_count=participating_count, participating_area=participating_area,
                 yes_count=yes_count, yes_area=yes_area)


def failed_names(outcome):
    return [(c.threshold.stage, c.threshold.measure) for c in outcome.failed]


GENERAL = preset("art278_general")
MAJOR = preset("art278_major")


def test_participation_of_exactly_two_thirds_is_enough():
    outcome = evaluate(GENERAL, count(200, 2_000_000, 150, 1_500_000))
    assert outcome.passed


def test_participation_just_under_two_thirds_by_area_fails():
    outcome = evaluate(GENERAL, count(250, 1_999_999, 200, 1_900_000))
    assert not outcome.passed and failed_names(outcome) == [("participation", "area")]


def test_participation_just_under_two_thirds_by_headcount_fails():
    outcome = evaluate(GENERAL, count(199, 2_500_000, 190, 2_400_000))
    assert not outcome.passed and failed_names(outcome) == [("participation", "headcount")]


def test_participation_just_over_two_thirds_on_both_passes():
    assert evaluate(GENERAL, count(201, 2_000_001, 150, 1_500_000)).passed


def test_approval_of_exactly_half_is_not_a_majority():
    outcome = evaluate(GENERAL, count(200, 2_000_000, 100, 1_000_000))
    assert not outcome.passed
    assert failed_names(outcome) == [("approval", "area"), ("approval", "headcount")]


def test_approval_just_above_half_passes():
    assert evaluate(GENERAL, count(200, 2_000_000, 101, 1_000_001)).passed


def test_half_by_area_but_majority_by_headcount_fails():
    outcome = evaluate(GENERAL, count(200, 2_000_000, 150, 1_000_000))
    assert failed_names(outcome) == [("approval", "area")]


def test_major_matters_need_three_quarters_inclusive():
    assert evaluate(MAJOR, count(200, 2_000_000, 150, 1_500_000)).passed
    outcome = evaluate(MAJOR, count(200, 2_000_000, 149, 1_500_000))
    assert failed_names(outcome) == [("approval", "headcount")]
    outcome = evaluate(MAJOR, count(200, 2_000_000, 150, 1_499_999))
    assert failed_names(outcome) == [("approval", "area")]


def test_simple_majority_ignores_turnout():
    rule = preset("simple_majority")
    assert evaluate(rule, count(3, 30_000, 2, 100)).passed
    assert not evaluate(rule, count(4, 40_000, 2, 30_000)).passed


def test_nobody_voting_passes_nothing():
    assert not evaluate(preset("simple_majority"), count(0, 0, 0, 0)).passed


def test_custom_thresholds_are_checked():
    rule = preset("custom", [Threshold("participation", "headcount", Fraction(1, 2), False),
                             Threshold("approval", "area", Fraction(3, 5), True)])
    assert evaluate(rule, count(150, 1_000_000, 10, 600_001)).passed
    assert not evaluate(rule, count(150, 1_000_000, 10, 600_000)).passed
    with pytest.raises(ValueError):
        preset("custom", [Threshold("approval", "area", Fraction(3, 2), True)])
    with pytest.raises(ValueError):
        preset("custom", [])
