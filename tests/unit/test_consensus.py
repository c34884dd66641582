"""Common ground ranking, without a database."""
from deliberation.domain.consensus import common_ground_order, tally


def test_comment_both_groups_agree_with_beats_one_loved_by_one_group():
    reactions = ([(1, "A", "agree")] * 10 + [(1, "B", "disagree")] * 10
                 + [(2, "A", "agree")] * 6 + [(2, "B", "agree")] * 5 + [(2, "B", "disagree")])
    assert common_ground_order([1, 2], reactions) == [2, 1]


def test_a_group_that_has_not_voted_counts_as_undecided():
    reactions = [(1, "A", "agree")] * 3 + [(2, "A", "agree"), (2, "B", "agree")]
    assert common_ground_order([1, 2], reactions) == [2, 1]


def test_ties_keep_the_given_order():
    assert common_ground_order([5, 3, 4], []) == [5, 3, 4]


def test_tally_counts_per_group_and_smooths_the_rate():
    group = tally([(1, "A", "agree"), (1, "A", "pass"), (1, "A", "disagree")])[1].groups["A"]
    assert (group.agree, group.disagree, group.passed, group.votes) == (1, 1, 1, 3)
    assert group.rate == 2 / 5
