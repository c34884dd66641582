from types import SimpleNamespace

from deliberation import permissions as p


def person(roles=(), building_id=1, status="verified", household_id=7):
    grants = [SimpleNamespace(role=r, building_id=b) for r, b in roles]
    return SimpleNamespace(
        is_authenticated=True, status=status, household_id=household_id, building_id=building_id,
        occupancy="owner", community_id=1,
        has_role=lambda role, bid=None: any(g.role == role and (bid is None or g.building_id == bid) for g in grants),
    )


def test_resident_sees_own_building_only():
    resident = person(building_id=1)
    assert p.can_see_building(resident, 1)
    assert not p.can_see_building(resident, 2)


def test_captain_moderates_own_building_only():
    captain = person(roles=[("captain", 2)], building_id=2)
    assert p.can_moderate_building(captain, 2)
    assert not p.can_moderate_building(captain, 1)


def test_worker_sees_and_moderates_everywhere():
    worker = person(roles=[("worker", None)], household_id=None, building_id=None)
    assert p.can_see_building(worker, 1) and p.can_moderate_building(worker, 2)
    assert not p.is_building_member(worker, 1)


def test_suspended_resident_is_not_a_member():
    assert not p.is_building_member(person(status="suspended"), 1)


def test_anonymous_passes_nothing():
    anonymous = SimpleNamespace(is_authenticated=False)
    assert not (p.is_worker | p.is_auditor)(anonymous)
    assert not p.can_view_audit(anonymous)


def test_combinators_have_readable_names():
    assert p.can_view_audit.__name__ == "((is_worker | is_auditor) | is_admin)"
