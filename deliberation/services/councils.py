"""Councils and their members: appointed by community workers, every change audited."""
from datetime import date, timedelta

from ..domain.roll_call import RULES
from ..extensions import db
from ..models import Council, CouncilMember, RoleGrant
from ..models.council import COUNCIL_ROLES
from . import audit


class CouncilError(Exception):
    """The change is not possible; code names why."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def create_council(community, name, actor, building=None, rule="majority_present"):
    """Create a community-level council, or a building-level one when building is given."""
    if building is not None and building.community_id != community.id:
        raise CouncilError("bad_building")
    council = Council(community_id=community.id, building_id=building.id if building else None,
                      name=name, rule=rule, quorum_percent=50)
    db.session.add(council)
    db.session.flush()
    audit.record(actor, "council.create", council, name=name, building=council.building_id)
    db.session.commit()
    return council


def set_rule(council, rule, quorum_percent, threshold_percent, actor):
    """Change how the council counts its roll calls (past outcomes keep the rule they were counted under)."""
    if rule not in RULES:
        raise CouncilError("bad_rule")
    if rule == "custom" and not (threshold_percent and 1 <= threshold_percent <= 100):
        raise CouncilError("bad_threshold")
    if not 0 <= quorum_percent < 100:
        raise CouncilError("bad_quorum")
    before = {"rule": council.rule, "quorum": council.quorum_percent, "threshold": council.threshold_percent}
    council.rule = rule
    council.quorum_percent = quorum_percent
    council.threshold_percent = threshold_percent if rule == "custom" else None
    audit.record(actor, "council.rule", council, before=before, rule=rule, quorum=quorum_percent,
                 threshold=council.threshold_percent)
    db.session.commit()


def appoint_member(council, user, role, term_start, term_end, actor, source="appointed"):
    """Seat a resident on the council for a term; one chair and one secretary at a time.

    source is "elected" when the voting module seats the winner of a residents' vote.
    """
    if role not in COUNCIL_ROLES:
        raise CouncilError("bad_role")
    if user.community_id != council.community_id or user.status != "verified":
        raise CouncilError("not_resident")
    if term_end is not None and term_end < term_start:
        raise CouncilError("bad_term")
    current = council.current_members(term_start)
    if any(m.user_id == user.id for m in current):
        raise CouncilError("already_member")
    if role in ("chair", "secretary") and any(m.role == role for m in current):
        raise CouncilError("role_taken")
    member = CouncilMember(council_id=council.id, user_id=user.id, role=role, term_start=term_start,
                           term_end=term_end, source=source)
    db.session.add(member)
    if not user.has_role("council"):
        user.roles.append(RoleGrant(role="council"))
    db.session.flush()
    audit.record(actor, "council.appoint", council, member=member.id, user=user.id, role=role,
                 term_start=term_start, term_end=term_end, source=source)
    db.session.commit()
    return member


def end_term(member, actor, today=None):
    """End a member's term yesterday: they leave the council but stay in its record."""
    today = today or date.today()
    if not member.is_current(today):
        raise CouncilError("not_current")
    member.term_end = today - timedelta(days=1)
    other_seats = db.session.scalars(db.select(CouncilMember).where(
        CouncilMember.user_id == member.user_id, CouncilMember.id != member.id)).all()
    if not any(seat.is_current(today) for seat in other_seats):
        # The council role follows the seat: without one, the person is a resident again.
        member.user.roles[:] = [g for g in member.user.roles if g.role != "council"]
    audit.record(actor, "council.end_term", member.council, member=member.id, user=member.user_id,
                 role=member.role, term_end=member.term_end)
    db.session.commit()


def current_member_count(council, today=None):
    return len(council.current_members(today))
