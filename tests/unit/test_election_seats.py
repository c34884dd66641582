"""Council elections without a database: seats filled outright, and ties across the last seat."""
import pytest

from deliberation.domain.election_seats import fill_seats
from deliberation.domain.vote_rules import election_question, question_result, rule_for

ELIGIBLE = (300, 3_000_000)


def test_no_tie_elects_the_most_voted():
    seats = fill_seats([120, 90, 150, 10], 2)
    assert (seats.elected, seats.tied, seats.open_seats) == ([2, 0], [], 0)


def test_two_candidates_tie_for_the_last_seat():
    seats = fill_seats([10, 8, 8, 3], 2)
    assert seats.elected == [0] and seats.tied == [1, 2] and seats.open_seats == 1
    assert seats.votes == 8 and seats.first_open_seat == 2


def test_three_candidates_tie_for_the_last_two_seats():
    seats = fill_seats([5, 9, 5, 5, 1], 3)
    assert seats.elected == [1] and seats.tied == [0, 2, 3] and seats.open_seats == 2


def test_a_tie_above_the_last_seat_is_no_tie():
    seats = fill_seats([7, 7, 3], 2)
    assert (sorted(seats.elected), seats.tied) == ([0, 1], [])


def test_everybody_tied_for_one_seat_leaves_it_empty():
    seats = fill_seats([4, 4, 4], 1)
    assert seats.elected == [] and seats.tied == [0, 1, 2] and seats.open_seats == 1


def test_no_more_candidates_than_seats_elects_them_all():
    seats = fill_seats([0, 0], 2)
    assert sorted(seats.elected) == [0, 1] and seats.tied == []


@pytest.mark.parametrize("participating, tie", [((210, 2_100_000), True), ((16, 160_000), False)])
def test_the_election_result_shows_a_tie_only_if_participation_is_met(participating, tie):
    question = election_question("议事会", ["张三", "李四", "王五"], 2)[0]
    result = question_result("election", rule_for("art278_general"), question, [100, 60, 60], [0, 0, 0],
                             ELIGIBLE, participating)
    assert result.tie is tie
    assert result.elected == ([0] if tie else [])
