"""Vote rules without a database: the roll, questions, paper batches, and Art. 278 read from counts."""
import pytest

from deliberation.domain.vote_rules import (electorate, election_question, paper_counts, parse_paper,
                                            question_problem, question_result, referendum_questions, rule_for,
                                            split_area)

YES_NO = referendum_questions(["是否同意加装电梯？"])[0]
ELIGIBLE = (300, 3_000_000)  # 300 owners, 30 000.00 m²


def _read(rule, participating, yes, kind="referendum", question=YES_NO):
    """participating and yes are (count, area); the rest of those taking part said no."""
    heads = [yes[0], participating[0] - yes[0], 0]
    areas = [yes[1], participating[1] - yes[1], 0]
    return question_result(kind, rule_for(rule), question, heads, areas, ELIGIBLE, participating)


@pytest.mark.parametrize("count, area, met", [
    (199, 2_000_000, False),   # headcount just under 2/3
    (200, 1_999_999, False),   # area just under 2/3
    (200, 2_000_000, True),    # exactly 2/3 of both: "at least" is met
    (201, 2_000_001, True),
])
def test_art278_participation_needs_two_thirds_by_area_and_by_headcount(count, area, met):
    result = _read("art278_general", (count, area), (count, area))
    participation = [c for c in result.outcome.checks if c.threshold.stage == "participation"]
    assert all(c.met for c in participation) is met
    assert result.outcome.passed is met


def test_art278_general_approval_at_exactly_half_does_not_pass():
    result = _read("art278_general", (200, 2_000_000), (100, 1_000_000))
    assert not result.outcome.passed
    assert {(c.threshold.measure, c.met) for c in result.outcome.failed} == {("area", False), ("headcount", False)}


def test_art278_general_approval_just_above_half_passes():
    assert _read("art278_general", (200, 2_000_000), (101, 1_000_001)).outcome.passed


def test_art278_general_needs_both_area_and_headcount_majorities():
    result = _read("art278_general", (200, 2_000_000), (101, 1_000_000))
    assert not result.outcome.passed
    assert [c.threshold.measure for c in result.outcome.failed] == ["area"]


@pytest.mark.parametrize("yes_count, yes_area, passed", [
    (150, 1_500_000, True),    # exactly 3/4: "at least" is met
    (149, 1_500_000, False),   # headcount just under
    (150, 1_499_999, False),   # area just under
    (151, 1_500_001, True),
])
def test_art278_major_matters_need_three_quarters(yes_count, yes_area, passed):
    assert _read("art278_major", (200, 2_000_000), (yes_count, yes_area)).outcome.passed is passed


def test_election_elects_the_most_voted_candidates_once_participation_is_met():
    question = election_question("第二届居民议事会", ["张三", "李四", "王五", "赵六"], 2)[0]
    result = question_result("election", rule_for("art278_general"), question, [120, 90, 150, 10],
                             [0, 0, 0, 0], ELIGIBLE, (210, 2_100_000))
    assert result.elected == [2, 0] and not result.tie


def test_election_with_too_little_participation_elects_nobody():
    question = election_question("议事会", ["张三", "李四", "王五"], 1)[0]
    result = question_result("election", rule_for("art278_general"), question, [10, 5, 1], [0, 0, 0],
                             ELIGIBLE, (16, 160_000))
    assert result.elected == []


def test_co_owners_share_the_floor_area_in_whole_hundredths():
    assert split_area(8951, 2) == [4476, 4475]
    roll = electorate("owners", [(1, 8951), (2, 9000)],
                      [(10, 1, "owner", "甲"), (11, 1, "owner", "乙"), (12, 2, "tenant", "丙")])
    assert [(e.household_id, e.user_id, e.area) for e in roll] == [(1, 10, 4476), (1, 11, 4475)]


def test_one_vote_per_household_puts_every_household_on_the_roll():
    roll = electorate("households", [(1, 8951), (2, 9000)], [])
    assert [(e.household_id, e.user_id, e.area) for e in roll] == [(1, None, 8951), (2, None, 9000)]


def test_questions_need_choices_and_sensible_seats():
    assert question_problem([]) == "no_questions"
    assert question_problem(election_question("x", ["a", "b"], 3)) == "bad_seats"
    assert question_problem(election_question("x", ["a", "a"], 1)) == "bad_choices"
    assert question_problem(referendum_questions(["q"])) is None


def test_paper_batch_is_read_line_by_line_and_bad_lines_are_named():
    questions = referendum_questions(["q1", "q2"])
    ballots, errors = parse_paper("3: 1; 2\n\n5: 4; 1\n9: 1; 1\n3: 2; 2\n7: 1", questions, {3, 5, 7})
    assert ballots == [{"roll": 3, "selections": [[1, 0, 0], [0, 1, 0]]}]
    assert errors == [(3, "bad_choice"), (4, "unknown_roll"), (5, "duplicate_roll"), (6, "wrong_answers")]
    counts = paper_counts(ballots, questions, {3: 8950})
    assert counts == {"headcount": [[1, 0, 0], [0, 1, 0]], "area": [[8950, 0, 0], [0, 8950, 0]]}
