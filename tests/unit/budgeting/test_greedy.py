import pytest

from deliberation.budgeting import (
    CUMULATIVE,
    RANKING,
    Ballot,
    Instance,
    Profile,
    Project,
    greedy,
)

from .pb_data import SMALL_FILES, load, official_selected, pabulib_path
from .pb_reference import reference_greedy


def approvals(*ballots):
    return Profile(tuple(Ballot(str(i), tuple(b)) for i, b in enumerate(ballots)))


def test_greedy_funds_by_approvals_and_skips_what_no_longer_fits():
    instance = Instance(100, (Project("a", 60), Project("b", 50), Project("c", 30)))
    outcome = greedy(instance, approvals("ab", "ab", "abc", "a"))
    assert outcome.selected == ("a", "c")
    assert outcome.spent == 90
    steps = {s.project_id: s for s in outcome.explanation}
    assert [s.project_id for s in outcome.explanation] == ["a", "b", "c"]
    assert not steps["b"].funded and steps["b"].remaining_before == 40
    assert steps["b"].reason == "did not fit in the remaining budget"
    assert steps["c"].funded and steps["c"].score == 1


def test_greedy_breaks_ties_by_id_as_strings():
    instance = Instance(100, (Project("9", 60), Project("10", 60)))
    assert greedy(instance, approvals(["9", "10"])).selected == ("10",)


def test_greedy_ranks_cumulative_ballots_by_total_points():
    instance = Instance(100, (Project("a", 90), Project("b", 10)), CUMULATIVE)
    profile = Profile((Ballot("1", ("a", "b"), (3, 1)), Ballot("2", ("b",), (1,))))
    # By points per cost b would come first; the city rule looks at points only.
    assert [s.project_id for s in greedy(instance, profile).explanation] == ["a", "b"]


def test_greedy_counts_a_ranking_as_approval_of_every_ranked_project():
    instance = Instance(100, (Project("a", 60), Project("b", 60)), RANKING)
    profile = Profile((Ballot("1", ("a", "b")), Ballot("2", ("b",))))
    assert greedy(instance, profile).selected == ("b",)


def test_greedy_reproduces_official_mokotow_2023():
    instance, profile, _ = load("Poland_Warszawa_2023_Mokotow.pb")
    assert set(greedy(instance, profile).selected) == official_selected(instance)


@pytest.mark.parametrize("name", SMALL_FILES + ["Netherlands_Amsterdam_252.pb"])
def test_greedy_matches_pabutools(name):
    instance, profile, _ = load(name)
    assert set(greedy(instance, profile).selected) == reference_greedy(pabulib_path(name))
