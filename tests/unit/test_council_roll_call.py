"""Roll-call outcomes under each council rule, and quorum edges."""
import pytest

from deliberation.domain.roll_call import is_quorate, outcome


def votes(yes=0, no=0, abstain=0, recused=0):
    return ["yes"] * yes + ["no"] * no + ["abstain"] * abstain + ["recused"] * recused


def test_quorum_needs_more_than_half_of_members():
    assert not is_quorate(3, 6)
    assert is_quorate(4, 6)
    assert is_quorate(3, 5)
    assert not is_quorate(2, 5)


def test_exactly_half_present_is_no_quorum_whatever_the_votes():
    result = outcome("majority_present", 6, votes(yes=3))
    assert result.result == "no_quorum" and result.yes == 3


def test_council_without_members_never_has_quorum():
    assert not is_quorate(0, 0)


def test_custom_quorum_percentage():
    assert not is_quorate(5, 9, quorum_percent=66)
    assert is_quorate(6, 9, quorum_percent=66)


def test_majority_of_present_adopts_with_more_than_half():
    assert outcome("majority_present", 7, votes(yes=3, no=2)).adopted


def test_tie_is_rejected_under_majority_of_present():
    result = outcome("majority_present", 5, votes(yes=2, no=2))
    assert result.result == "rejected" and result.needed == 3


def test_abstentions_weigh_like_no_under_present_rules():
    assert not outcome("majority_present", 5, votes(yes=2, no=1, abstain=1)).adopted


def test_recused_members_leave_the_base():
    result = outcome("majority_present", 5, votes(yes=2, no=1, recused=1))
    assert result.adopted and result.base == 3 and result.recused == 1


def test_everyone_present_recused_adopts_nothing():
    assert outcome("majority_present", 5, votes(recused=3)).result == "rejected"


def test_two_thirds_of_present_exactly_two_thirds_adopts():
    assert outcome("two_thirds_present", 6, votes(yes=4, no=2)).adopted
    assert not outcome("two_thirds_present", 7, votes(yes=4, no=3)).adopted


def test_two_thirds_with_recusal_counts_only_those_voting():
    result = outcome("two_thirds_present", 7, votes(yes=4, no=2, recused=1))
    assert result.adopted and result.needed == 4


def test_majority_of_members_counts_absent_members_against():
    assert not outcome("majority_members", 9, votes(yes=4, no=1)).adopted
    assert outcome("majority_members", 9, votes(yes=5, no=1)).adopted


def test_majority_of_members_exactly_half_is_rejected():
    assert not outcome("majority_members", 8, votes(yes=4, no=1)).adopted


def test_majority_of_members_recusal_lowers_the_base():
    result = outcome("majority_members", 9, votes(yes=5, no=1, recused=1))
    assert result.base == 8 and result.needed == 5 and result.adopted


def test_custom_threshold_is_at_least_the_percentage():
    assert outcome("custom", 4, votes(yes=3, no=1), custom_percent=75).adopted
    assert not outcome("custom", 5, votes(yes=3, no=2), custom_percent=75).adopted


def test_custom_rule_without_percentage_is_refused():
    with pytest.raises(ValueError):
        outcome("custom", 5, votes(yes=5))


def test_unknown_rule_and_choice_are_refused():
    with pytest.raises(ValueError):
        outcome("plurality", 5, votes(yes=5))
    with pytest.raises(ValueError):
        outcome("majority_present", 5, ["yes", "maybe", "yes"])
