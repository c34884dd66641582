from fractions import Fraction

import pytest

from deliberation.budgeting import (
    CUMULATIVE,
    STAGE_COMPLETION,
    STAGE_FILL,
    STAGE_MES,
    Ballot,
    Instance,
    Profile,
    Project,
    equal_shares,
)

from .pb_data import SMALL_FILES, load, official_selected, pabulib_path
from .pb_reference import reference_mes

APPROVAL_FILES = [
    "Netherlands_Assen_2024.pb",
    "Poland_Swiecie_2023.pb",
    "Poland_Wieliczka_2023_Green_Budget.pb",
    "US_Stanford_Dataset_2022_Jersey_City_Ward_B_vote_knapsacks.pb",
    "US_Stanford_Dataset_PB_Chicago_39th_Ward_2020_vote_rankings.pb",
]


def approvals(*ballots):
    return Profile(tuple(Ballot(f"v{i}", tuple(b)) for i, b in enumerate(ballots)))


def mes_stages(outcome):
    """Return the projects MES itself and its add1 completion selected."""
    explanation = outcome.explanation
    return set(explanation.added_by(STAGE_MES) + explanation.added_by(STAGE_COMPLETION))


def test_mes_gives_a_minority_its_share():
    # Greedy would give the majority's three projects the whole budget.
    instance = Instance(300, tuple(Project(p, 100) for p in "abcd"))
    profile = approvals("abc", "abc", "d")
    outcome = equal_shares(instance, profile, completion=None, fill=None)
    assert set(outcome.selected) == {"a", "b", "d"}
    assert outcome.spent == 300


def test_mes_records_who_paid_how_much():
    instance = Instance(300, tuple(Project(p, 100) for p in "abcd"))
    outcome = equal_shares(instance, approvals("abc", "abc", "d"), None, None)
    first = outcome.explanation.rounds[0]
    assert (first.project_id, first.stage) == ("a", STAGE_MES)
    # rho is the price per unit of utility; with cost utilities each pays rho * cost.
    assert first.rho == Fraction(1, 2)
    assert first.payments == {"v0": 50, "v1": 50}
    assert outcome.explanation.payments_of("v2") == {"d": 100}


def test_voter_share_shows_where_it_went():
    instance = Instance(300, tuple(Project(p, 100) for p in "abcd"))
    outcome = equal_shares(instance, approvals("abc", "abc", "ab", "d"), None, None)
    explanation = outcome.explanation
    assert explanation.initial_share == 75
    assert explanation.payments_of("v0") == {"a": Fraction(100, 3), "b": Fraction(100, 3)}
    assert explanation.unspent_share("v0") == Fraction(25, 3)
    # Alone, v3's share of 75 could never pay for d, which costs 100.
    assert explanation.payments_of("v3") == {}
    assert explanation.unspent_share("v3") == 75


def test_mes_breaks_ties_by_id_as_strings():
    instance = Instance(100, (Project("9", 100), Project("10", 100)))
    outcome = equal_shares(instance, approvals(["9", "10"]), None, None)
    assert outcome.selected == ("10",)


def test_completion_and_fill_are_labelled():
    projects = (Project("a", 50), Project("b", 40), Project("c", 40), Project("d", 10))
    instance = Instance(100, projects)
    profile = approvals("ad", "a", "b", "c")
    outcome = equal_shares(instance, profile)
    explanation = outcome.explanation
    # At a share of 35 voter v0 can also pay for d; at 40, b and c both become
    # affordable and together too expensive, so the completion stops just before.
    assert explanation.completion_steps == 14
    assert explanation.added_by(STAGE_MES) == ("a",)
    assert explanation.added_by(STAGE_COMPLETION) == ("d",)
    assert explanation.added_by(STAGE_FILL) == ("b",)
    assert [s.project_id for s in explanation.fill_steps if not s.funded] == ["c"]
    assert outcome.spent == 100


def test_greedy_fill_explains_what_did_not_fit():
    instance = Instance(100, (Project("a", 60), Project("b", 50)))
    outcome = equal_shares(instance, approvals("a", "b"))
    assert outcome.selected == ("b",)
    (skipped,) = outcome.explanation.fill_steps
    assert (skipped.project_id, skipped.funded, skipped.remaining_before) == ("a", False, 50)


def test_cumulative_ballots_pay_in_proportion_to_points():
    instance = Instance(100, (Project("a", 40), Project("b", 60)), CUMULATIVE)
    profile = Profile((Ballot("1", ("a", "b"), (3, 1)), Ballot("2", ("a",), (1,))))
    outcome = equal_shares(instance, profile, completion=None, fill=None)
    first = outcome.explanation.rounds[0]
    assert first.project_id == "a"
    assert first.payments == {"1": 30, "2": 10}


def test_engines_agree_on_a_knapsack_file():
    instance, profile, _ = load("US_Stanford_Dataset_2022_Jersey_City_Ward_B_vote_knapsacks.pb")
    fast = equal_shares(instance, profile, engine="fast")
    exact = equal_shares(instance, profile, engine="exact")
    assert fast.explanation == exact.explanation


@pytest.mark.parametrize("name", ["Netherlands_Assen_2024.pb", "Poland_Swiecie_2023.pb"])
def test_mes_reproduces_official_equal_shares_result(name):
    instance, profile, _ = load(name)
    assert mes_stages(equal_shares(instance, profile)) == official_selected(instance)


# The exact engine alone takes several seconds on these.
ENGINES_SLOW = {"Poland_Swiecie_2023.pb", "Poland_Wieliczka_2023_Green_Budget.pb"}


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.slow) if name in ENGINES_SLOW else name
    for name in APPROVAL_FILES
])
def test_fast_and_exact_engines_select_the_same(name):
    instance, profile, _ = load(name)
    fast = equal_shares(instance, profile, engine="fast")
    assert fast.selected == equal_shares(instance, profile, engine="exact").selected


# pabutools needs from a few seconds to minutes (under load) on these; run with -m slow.
SLOW_REFERENCE = {
    "Poland_Swiecie_2023.pb", "Poland_Wieliczka_2023_Green_Budget.pb",
    "France_Toulouse_2019.pb", "Poland_Czestochowa_2020_Bleszno.pb",
}


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.slow) if name in SLOW_REFERENCE else name
    for name in SMALL_FILES
])
def test_mes_matches_pabutools(name):
    instance, profile, _ = load(name)
    completed, filled = reference_mes(pabulib_path(name))
    outcome = equal_shares(instance, profile)
    assert mes_stages(outcome) == completed
    assert set(outcome.selected) == filled


@pytest.mark.slow
@pytest.mark.parametrize("name", ["Netherlands_Amsterdam_252.pb", "Poland_Warszawa_2023_Mokotow.pb"])
def test_mes_matches_pabutools_on_large_files(name):
    instance, profile, _ = load(name)
    completed, filled = reference_mes(pabulib_path(name))
    outcome = equal_shares(instance, profile)
    assert mes_stages(outcome) == completed
    assert set(outcome.selected) == filled


def test_an_election_without_ballots_funds_nothing_by_mes():
    instance = Instance(100, (Project("a", 60),))
    outcome = equal_shares(instance, Profile(()), fill=None)
    assert outcome.selected == () and outcome.spent == 0
