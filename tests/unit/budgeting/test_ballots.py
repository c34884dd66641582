from deliberation.budgeting import (
    APPROVAL,
    CUMULATIVE,
    KNAPSACK,
    RANKING,
    Ballot,
    Instance,
    Project,
    validate_ballot,
)

PROJECTS = (Project("a", 40), Project("b", 50), Project("c", 30))


def test_approval_within_min_and_max_is_valid():
    instance = Instance(100, PROJECTS, APPROVAL, min_length=1, max_length=2)
    assert validate_ballot(instance, Ballot("v", ("a", "b"))) == []


def test_approval_outside_min_and_max_is_rejected():
    instance = Instance(100, PROJECTS, APPROVAL, min_length=2, max_length=2)
    assert validate_ballot(instance, Ballot("v", ("a",))) == ["too_few_projects"]
    assert validate_ballot(instance, Ballot("v", ("a", "b", "c"))) == ["too_many_projects"]


def test_unknown_and_repeated_projects_are_rejected():
    instance = Instance(100, PROJECTS, APPROVAL)
    assert validate_ballot(instance, Ballot("v", ("a", "a", "z"))) == [
        "unknown_project", "duplicate_project",
    ]


def test_knapsack_over_the_fund_is_rejected():
    instance = Instance(100, PROJECTS, KNAPSACK)
    assert validate_ballot(instance, Ballot("v", ("a", "b"))) == []
    assert validate_ballot(instance, Ballot("v", ("a", "b", "c"))) == ["over_budget"]


def test_knapsack_uses_its_own_limit_when_given():
    instance = Instance(100, PROJECTS, KNAPSACK, max_sum_cost=60)
    assert validate_ballot(instance, Ballot("v", ("a", "b"))) == ["over_budget"]


def test_cumulative_points_total_is_enforced():
    instance = Instance(100, PROJECTS, CUMULATIVE, min_sum_points=2, max_sum_points=5)
    assert validate_ballot(instance, Ballot("v", ("a", "b"), (3, 2))) == []
    assert validate_ballot(instance, Ballot("v", ("a", "b"), (3, 3))) == ["total_points_too_high"]
    assert validate_ballot(instance, Ballot("v", ("a",), (1,))) == ["total_points_too_low"]


def test_cumulative_points_per_project_are_enforced():
    instance = Instance(100, PROJECTS, CUMULATIVE, max_points=3)
    assert validate_ballot(instance, Ballot("v", ("a",), (4,))) == ["too_many_points"]
    assert validate_ballot(instance, Ballot("v", ("a",), (0,))) == ["points_not_positive"]


def test_cumulative_ballot_needs_points_and_others_refuse_them():
    cumulative = Instance(100, PROJECTS, CUMULATIVE)
    assert validate_ballot(cumulative, Ballot("v", ("a",))) == ["points_missing"]
    approval = Instance(100, PROJECTS, APPROVAL)
    assert validate_ballot(approval, Ballot("v", ("a",), (1,))) == ["points_not_allowed"]


def test_ranking_may_not_repeat_or_exceed_its_length():
    instance = Instance(100, PROJECTS, RANKING, max_length=2)
    assert validate_ballot(instance, Ballot("v", ("c", "a"))) == []
    assert validate_ballot(instance, Ballot("v", ("c", "c"))) == ["duplicate_project"]
    assert validate_ballot(instance, Ballot("v", ("c", "a", "b"))) == ["too_many_projects"]
