"""Pure rules of a budget cycle: phases, the money unit, rankings and a voter's story."""
from fractions import Fraction

from deliberation.budgeting import Profile, equal_shares, greedy
from deliberation.domain.budget_cycle import (build_ballot, build_instance, explain_greedy, explain_mes, money_unit,
                                              next_phase, ranking_from_positions, voter_story)

PROJECTS = [("a", 60000, "长椅"), ("b", 50000, "路灯"), ("c", 40000, "花园")]
VOTES = [["a"], ["a"], ["a", "c"], ["b"], ["b"]]


def profile():
    return Profile(tuple(build_ballot(f"u{i}", v) for i, v in enumerate(VOTES)))


def test_phases_run_in_order_and_stop_after_implementation():
    assert next_phase("ideas") == "review" and next_phase("voting") == "result"
    assert next_phase("implementation") is None


def test_money_is_counted_in_yuan_only_when_every_amount_is_whole_yuan():
    assert money_unit(100000, [60000, 50000]) == 100
    assert money_unit(100000, [60050, 50000]) == 1


def test_knapsack_instance_takes_the_fund_as_its_spending_limit():
    instance = build_instance(100000, "knapsack", PROJECTS, 100)
    assert instance.budget == 1000 and instance.max_sum_cost == 1000 and instance.project("a").cost == 600


def test_ranking_orders_by_number_and_refuses_a_repeated_rank():
    assert ranking_from_positions({"a": 2, "b": None, "c": 1}) == (["c", "a"], None)
    assert ranking_from_positions({"a": 1, "c": 1}) == (None, "duplicate_rank")


def test_greedy_story_names_the_money_left_when_a_project_was_skipped():
    outcome = greedy(build_instance(100000, "approval", PROJECTS, 100), profile())
    explanation = explain_greedy(outcome, 100)
    _, unspent, reasons = voter_story(explanation, "u3", ["b"])
    reason, step = reasons["b"]
    assert unspent is None and reason == "did_not_fit" and step["remaining_before"] == 40000


def test_mes_story_tells_a_voter_what_they_paid_and_what_is_left():
    outcome = equal_shares(build_instance(100000, "approval", PROJECTS, 100), profile())
    explanation = explain_mes(outcome, 100, 5)
    payments, unspent, reasons = voter_story(explanation, "u0", ["a"])
    assert payments == [("a", 20000)] and reasons["a"][0] == "mes"
    # The completion raised every share; what u0 did not need for 长椅 is left unspent.
    assert unspent == Fraction(explanation["final_share"]) - 20000 > 0
    # The two 路灯 voters hold ¥400 between them: short of its ¥500.
    assert voter_story(explanation, "u3", ["b"])[2]["b"][0] in ("shares_short", "greedy-fill")


def test_city_sized_mes_story_keeps_to_reasons_without_per_voter_payments():
    outcome = equal_shares(build_instance(100000, "approval", PROJECTS, 100), profile())
    explanation = explain_mes(outcome, 100, 10**6)
    assert explanation["voters"] == {}
    assert voter_story(explanation, "u0", ["a"]) == ([], None, {"a": ("mes", None)})
