"""Who may do what: small named predicates, combined with | and &.

Views and services ask the same predicates, so a rule lives in one place.
Each predicate takes the user and, where it concerns one, the object.
"""
from functools import wraps

from flask import abort
from flask_login import current_user

from .extensions import login_manager


class Predicate:
    def __init__(self, fn, name=None):
        self.fn = fn
        self.__name__ = name or fn.__name__

    def __call__(self, user, obj=None):
        if user is None or not getattr(user, "is_authenticated", False):
            return False
        return bool(self.fn(user, obj))

    def __and__(self, other):
        return Predicate(lambda u, o: self(u, o) and other(u, o), f"({self.__name__} & {other.__name__})")

    def __or__(self, other):
        return Predicate(lambda u, o: self(u, o) or other(u, o), f"({self.__name__} | {other.__name__})")

    def __repr__(self):
        return f"<Predicate {self.__name__}>"


def predicate(fn):
    return Predicate(fn)


@predicate
def is_admin(user, obj=None):
    return user.has_role("admin")


@predicate
def is_worker(user, obj=None):
    return user.has_role("worker")


@predicate
def is_auditor(user, obj=None):
    return user.has_role("auditor")


@predicate
def is_council_member(user, obj=None):
    return user.has_role("council")


@predicate
def is_verified_resident(user, obj=None):
    return user.status == "verified" and user.household_id is not None


@predicate
def is_owner(user, obj=None):
    return is_verified_resident(user) and user.occupancy == "owner"


@predicate
def is_building_member(user, building):
    """The user lives in this building (obj is a Building or its id)."""
    building_id = getattr(building, "id", building)
    return is_verified_resident(user) and user.building_id == building_id


@predicate
def is_captain_of(user, building):
    return user.has_role("captain", getattr(building, "id", building))


@predicate
def in_community(user, community):
    return user.community_id == getattr(community, "id", community)


@predicate
def can_manage_account(user, target):
    """Workers look after residents; only administrators act on staff accounts, never on their own."""
    if target.id == user.id or target.community_id != user.community_id:
        return False
    if target.has_role("worker") or target.has_role("admin"):
        return is_admin(user)
    return is_worker(user) or is_admin(user)


is_staff = is_worker | is_admin
can_manage_households = is_staff
can_manage_residents = is_staff
can_grant_roles = is_staff
can_view_audit = is_worker | is_auditor | is_admin
can_see_building = is_building_member | is_captain_of | is_staff
can_moderate_building = is_captain_of | is_staff


# --- sharing: shared resources, bookings, volunteering, pledges ---

can_manage_sharing = is_staff | is_council_member


@predicate
def can_book_resource(user, resource):
    """A verified resident of the community; of the one building, if the resource is limited to it."""
    return (in_community(user, resource.community_id) and resource.active and is_verified_resident(user)
            and (resource.building_id is None or user.building_id == resource.building_id))


@predicate
def can_see_resource(user, resource):
    return can_book_resource(user, resource) or (
        in_community(user, resource.community_id) and can_manage_sharing(user))


@predicate
def can_manage_resource(user, resource):
    return in_community(user, resource.community_id) and can_manage_sharing(user)


@predicate
def can_see_booking(user, booking):
    """The booking household's residents, and the community's staff and council."""
    return (user.household_id is not None and booking.household_id == user.household_id
            and is_verified_resident(user)) or can_manage_resource(user, booking.resource)


@predicate
def can_organise_project(user, project):
    return in_community(user, project.community_id) and can_manage_sharing(user)


@predicate
def can_contribute_to_project(user, project):
    return in_community(user, project.community_id) and is_verified_resident(user)


# --- deliberation: proposals, supports, threads, comments, moderation ---

can_read_deliberation = is_verified_resident | is_staff | is_auditor
can_configure_deliberation = is_staff


@predicate
def can_see_scope(user, building_id):
    """Community-wide matters are open to the community; a building's to its residents, captain and workers."""
    return can_read_deliberation(user) and (building_id is None or can_see_building(user, building_id))


@predicate
def can_moderate_scope(user, building_id):
    """Workers moderate everywhere; a captain moderates the building's own board and proposals."""
    return is_staff(user) or (building_id is not None and is_captain_of(user, building_id))


@predicate
def can_moderate_proposal(user, proposal):
    return in_community(user, proposal.community_id) and can_moderate_scope(user, proposal.building_id)


@predicate
def can_see_proposal(user, proposal):
    """Drafts are the author's; hidden proposals stay visible to their author and moderators."""
    if not in_community(user, proposal.community_id):
        return False
    if proposal.author_id == user.id:
        return True
    if proposal.status == "draft" or not can_see_scope(user, proposal.building_id):
        return False
    return getattr(proposal, "moderation", None) is None or can_moderate_proposal(user, proposal)


@predicate
def can_edit_proposal(user, proposal):
    return proposal.author_id == user.id and proposal.status == "draft"


@predicate
def can_withdraw_proposal(user, proposal):
    return proposal.author_id == user.id and proposal.status in ("draft", "collecting", "on_agenda")


@predicate
def can_support(user, proposal):
    """Verified residents in the proposal's scope second it while it collects support (not its author)."""
    return (is_verified_resident(user) and in_community(user, proposal.community_id)
            and proposal.status == "collecting" and proposal.author_id != user.id
            and (proposal.building_id is None or user.building_id == proposal.building_id))


@predicate
def can_see_thread(user, thread):
    if not in_community(user, thread.community_id):
        return False
    if thread.proposal_id is not None:
        return can_see_proposal(user, thread.proposal)
    return can_see_scope(user, thread.building_id)


@predicate
def can_post_in_thread(user, thread):
    return can_see_thread(user, thread) and (is_verified_resident(user) | is_staff(user))


@predicate
def can_moderate_comment(user, comment):
    thread = comment.thread
    return in_community(user, thread.community_id) and can_moderate_scope(user, thread.building_id)


@predicate
def can_see_comment(user, comment):
    """Hidden comments stay visible to their author and to moderators."""
    return can_see_thread(user, comment.thread) and (
        comment.hidden_at is None or comment.author_id == user.id or can_moderate_comment(user, comment))


@predicate
def can_edit_comment(user, comment):
    return comment.author_id == user.id and comment.hidden_at is None


# --- councils: councils, meetings, decisions, objections, project accountability ---


def _current_seat(user, council):
    from datetime import date

    today = date.today()
    return next((m for m in council.members if m.user_id == user.id and m.is_current(today)), None)


@predicate
def can_see_council(user, council):
    """A community council is the community's; a building council its building's (and its own members')."""
    if not in_community(user, council.community_id):
        return False
    return (council.building_id is None or can_see_building(user, council.building_id)
            or _current_seat(user, council) is not None or is_auditor(user))


@predicate
def is_member_of(user, council):
    return _current_seat(user, council) is not None


@predicate
def is_chair_of(user, council):
    seat = _current_seat(user, council)
    return seat is not None and seat.role == "chair"


@predicate
def is_officer_of(user, council):
    """The chair or the secretary of THIS council, during their term."""
    seat = _current_seat(user, council)
    return seat is not None and seat.role in ("chair", "secretary")


@predicate
def can_appoint_council_members(user, council):
    return in_community(user, council.community_id) and is_worker(user)


can_schedule_meeting = is_chair_of
can_record_meeting = is_officer_of
can_publish_decision = is_officer_of
can_answer_objection = is_officer_of


@predicate
def is_in_decision_scope(user, decision):
    """A verified resident of the decision's community and, for a building decision, of that building."""
    return (is_verified_resident(user) and in_community(user, decision.community_id)
            and (decision.building_id is None or user.building_id == decision.building_id))


@predicate
def can_see_decision(user, decision):
    return is_in_decision_scope(user, decision) or can_see_council(user, decision.council)


@predicate
def can_manage_project_progress(user, project):
    """Workers and council members of the project's community report progress and spending."""
    return in_community(user, project.community_id) and (is_staff(user) or is_council_member(user))


@predicate
def can_see_project(user, project):
    return in_community(user, project.community_id) and (
        project.building_id is None or can_see_building(user, project.building_id)
        or can_manage_project_progress(user, project) or is_auditor(user))


# --- votes: set-up, credentials, ballots, trustees, paper ballots ---

can_set_up_votes = is_worker | is_council_member


@predicate
def can_manage_vote(user, vote):
    """Workers and council members of the vote's community run it."""
    return in_community(user, vote.community_id) and can_set_up_votes(user)


@predicate
def is_trustee_of(user, vote):
    return any(t.user_id == user.id for t in vote.trustees)


@predicate
def can_see_vote(user, vote):
    """A building's vote is its residents' (and its runners', trustees' and auditors'); drafts are the runners'."""
    if not in_community(user, vote.community_id):
        return False
    if can_manage_vote(user, vote) or is_auditor(user):
        return True
    if vote.status == "draft":
        return False
    return vote.building_id is None or can_see_building(user, vote.building_id) or is_trustee_of(user, vote)


@predicate
def can_enter_paper_ballots(user, vote):
    return in_community(user, vote.community_id) and is_worker(user)


# --- budgeting: participatory budget cycles ---

can_run_budgets = is_worker | is_council_member | is_admin


@predicate
def can_manage_cycle(user, cycle):
    """Workers and council members of the cycle's community run it."""
    return in_community(user, cycle.community_id) and can_run_budgets(user)


@predicate
def can_see_cycle(user, cycle):
    """A building's cycle is its residents' (and its runners' and auditors'); others get 404."""
    if not in_community(user, cycle.community_id):
        return False
    if can_manage_cycle(user, cycle) or is_auditor(user):
        return True
    return is_verified_resident(user) and (cycle.building_id is None or user.building_id == cycle.building_id)


def require(check):
    """Decorate a view: only users for whom check(user) holds get past (others: login or 403)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not check(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def ensure(check, obj):
    """Abort with 404 unless check(current_user, obj): other buildings' objects stay invisible."""
    if not check(current_user, obj):
        abort(404)
    return obj
