"""The fast MES engine must make exactly the exact engine's decisions."""

from hypothesis import example, given, settings
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


# Found by this test in CI: after two rounds the two remaining supporters hold 15 each in exact
# arithmetic but 14.999999999999998 in floats, and the 30-cost project, tied at rho 1/2 with a
# 10-cost one, looked unaffordable to the fast engine.
TIED_AT_AN_EXACT_FIT = (
    Instance(72, tuple(Project(str(i), c) for i, c in enumerate([10, 20, 10, 30, 10]))),
    Profile((Ballot("v0", ("1", "2")), Ballot("v1", ("1", "2", "3", "4")),
             Ballot("v2", ("0", "1", "2", "3", "4")))),
)


@settings(max_examples=150, deadline=None)
@given(elections())
@example(TIED_AT_AN_EXACT_FIT)
def test_fast_engine_matches_exact_engine(election):
    instance, profile = election
    fast = equal_shares(instance, profile, engine="fast")
    exact = equal_shares(instance, profile, engine="exact")
    assert fast.selected == exact.selected
    assert fast.explanation == exact.explanation
