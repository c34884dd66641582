"""Who may record meetings, answer objections and object: object-level checks across councils."""
from datetime import date, timedelta
from types import SimpleNamespace

from deliberation import permissions as p


def person(uid, building_id=1, roles=(), community_id=1, status="verified"):
    return SimpleNamespace(id=uid, is_authenticated=True, status=status, household_id=uid, building_id=building_id,
                           community_id=community_id, occupancy="owner",
                           has_role=lambda role, bid=None: role in roles)


def seat(uid, role, start=date(2025, 1, 1), end=None):
    return SimpleNamespace(user_id=uid, role=role, term_start=start, term_end=end,
                           is_current=lambda today: start <= today and (end is None or today <= end))


def council(members, building_id=None, community_id=1):
    return SimpleNamespace(community_id=community_id, building_id=building_id, members=members)


X = council([seat(1, "chair"), seat(2, "secretary"), seat(3, "member")])
Y = council([seat(4, "chair"), seat(5, "secretary")], building_id=2)


def test_secretary_records_only_their_own_council():
    assert p.can_record_meeting(person(2), X)
    assert not p.can_record_meeting(person(2), Y)
    assert not p.can_record_meeting(person(5), X)


def test_ordinary_member_does_not_record():
    assert not p.can_record_meeting(person(3), X)


def test_former_secretary_no_longer_records():
    yesterday = date.today() - timedelta(days=1)
    past = council([seat(2, "secretary", end=yesterday)])
    assert not p.can_record_meeting(person(2), past)


def test_only_chair_schedules():
    assert p.can_schedule_meeting(person(1), X) and not p.can_schedule_meeting(person(2), X)


def test_building_council_is_hidden_from_other_buildings():
    assert not p.can_see_council(person(9, building_id=1), Y)
    assert p.can_see_council(person(9, building_id=2), Y)


def test_only_residents_in_scope_may_object():
    decision = SimpleNamespace(community_id=1, building_id=2, council=Y)
    assert p.is_in_decision_scope(person(9, building_id=2), decision)
    assert not p.is_in_decision_scope(person(9, building_id=1), decision)
    assert not p.is_in_decision_scope(person(9, building_id=2, status="pending"), decision)
    assert not p.is_in_decision_scope(person(9, building_id=2, community_id=7), decision)


def test_only_workers_of_the_community_appoint():
    assert p.can_appoint_council_members(person(8, roles=("worker",)), X)
    assert not p.can_appoint_council_members(person(8, roles=("worker",), community_id=2), X)
    assert not p.can_appoint_council_members(person(1), X)
