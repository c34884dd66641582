"""Community workers look after residents' accounts and roles."""
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Building, Household, User
from ..messages import RESIDENT_STATUS_NAMES
from ..models.user import STATUSES
from ..permissions import (can_grant_roles, can_manage_account, can_manage_residents, ensure, in_community,
                           is_admin, require)
from ..services import residents as resident_service
from ..web import current_community, render
from .forms import ReasonForm

bp = Blueprint("residents", __name__, url_prefix="/residents")

ROLE_NAMES = {
    "captain": _l("Building captain"),
    "council": _l("Council member"),
    "worker": _l("Community worker"),
    "auditor": _l("Auditor"),
    "admin": _l("Administrator"),
}
STATUS_NAMES = RESIDENT_STATUS_NAMES
ACTION_DONE = {
    "verify": _l("%(name)s is now verified."),
    "suspend": _l("%(name)s is suspended and has been signed out."),
    "reinstate": _l("%(name)s is reinstated."),
    "remove": _l("%(name)s has been removed and signed out everywhere."),
}
# Which actions make sense from which status.
ALLOWED = {
    "verify": ("pending",),
    "suspend": ("pending", "verified"),
    "reinstate": ("suspended",),
    "remove": ("pending", "verified", "suspended"),
}


def _load(user_id):
    user = db.session.get(User, user_id) or abort(404)
    ensure(in_community, user.community_id)
    return user


@bp.get("/")
@require(can_manage_residents)
def index():
    """List residents, filterable by status, building and name."""
    community = current_community()
    query = (select(User).where(User.community_id == community.id)
             .options(selectinload(User.roles), selectinload(User.household).selectinload(Household.building))
             .order_by(User.id))
    status = request.args.get("status")
    if status in STATUSES:
        query = query.where(User.status == status)
    building_id = request.args.get("building", type=int)
    if building_id:
        query = query.join(Household, User.household_id == Household.id).where(
            Household.building_id == building_id)
    q = (request.args.get("q") or "").strip()
    if q:
        query = query.where(User.name.contains(q) | User.phone.contains(q))
    buildings = db.session.execute(
        select(Building).where(Building.community_id == community.id).order_by(Building.sort_key)
    ).scalars().all()
    people = db.session.execute(query).scalars().all()
    return render("residents/index.html", "residents/_table.html", people=people,
                  buildings=buildings, status=status, building_id=building_id, q=q,
                  ROLE_NAMES=ROLE_NAMES, STATUS_NAMES=STATUS_NAMES, ALLOWED=ALLOWED,
                  form=ReasonForm())


@bp.post("/<int:user_id>/<action>")
@require(can_manage_residents)
def change_status(user_id, action):
    """Verify, suspend, reinstate or remove a resident."""
    user = _load(user_id)
    form = ReasonForm()
    if action not in ALLOWED or not form.validate_on_submit():
        abort(400)
    if user.status not in ALLOWED[action] or not can_manage_account(current_user, user):
        flash(_("That change is not possible for this account."), "warning")
    else:
        resident_service.change_status(user, action, current_user, form.reason.data or "")
        flash(ACTION_DONE[action] % {"name": user.name}, "success")
    return redirect(request.referrer if _same_site(request.referrer) else url_for("residents.index"), 303)


@bp.post("/<int:user_id>/roles")
@require(can_grant_roles)
def change_role(user_id):
    """Grant or revoke a role; only administrators hand out worker and admin roles."""
    user = _load(user_id)
    role = request.form.get("role")
    grant = request.form.get("op") == "grant"
    building_id = request.form.get("building_id", type=int) if role == "captain" else None
    if role not in ROLE_NAMES or not can_manage_account(current_user, user) or (
            role in ("worker", "admin") and not is_admin(current_user)):
        abort(403)
    if role == "captain":
        building = db.session.get(Building, building_id) if building_id else None
        if building is None or building.community_id != user.community_id:
            abort(400)
    else:
        building = None
    if grant:
        changed = resident_service.grant_role(user, role, current_user, building)
    else:
        changed = resident_service.revoke_role(user, role, current_user, building_id)
    if changed:
        flash(_("Roles of %(name)s updated.", name=user.name), "success")
    return redirect(request.referrer if _same_site(request.referrer) else url_for("residents.index"), 303)


def _same_site(url):
    return bool(url) and url.startswith(request.host_url)


