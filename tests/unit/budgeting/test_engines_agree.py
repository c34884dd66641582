"""The fast MES engine must make exactly the exact engine's decisions."""

from hypothesis import given, settings
from hypothesis import strategies as st

from deliberation.budgeting import Ballot, Instance, Profile, Project, equal_shares


@st.composite
def elections(draw):
    n_projects = draw(st.integers(1, 6))
    # Few distinct costs and small budgets make ties and exact fits common.
    costs = draw(st.lists(st.sampled_from([10, 20, 30, 60]), min_size=n_projects,
                          max_size=n_projects))
    ids = [str(i) for i in range(n_projects)]
    ballots = draw(st.lists(st.sets(st.sampled_from(ids), min_size=1), min_size=1, max_size=8))
    budget = draw(st.integers(10, 120))
    instance = Instance(budget, tuple(Project(i, c) for i, c in zip(ids, costs)))
    profile = Profile(tuple(Ballot(f"v{k}", tuple(sorted(b))) for k, b in enumerate(ballots)))
    return instance, profile


@settings(max_examples=150, deadline=None)
@given(elections())
def test_fast_engine_matches_exact_engine(election):
    instance, profile = election
    fast = equal_shares(instance, profile, engine="fast")
    exact = equal_shares(instance, profile, engine="exact")
    assert fast.selected == exact.selected
    assert fast.explanation == exact.explanation
