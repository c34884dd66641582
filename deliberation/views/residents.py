"""Community workers look after residents' accounts, roles and recorded dates of birth."""
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Building, Household, User
from ..domain.age import format_birth_date, parse_birth_date
from ..messages import BIRTH_DATE_ERRORS, RESIDENT_STATUS_NAMES
from ..models.user import STATUSES
from ..permissions import (can_grant_roles, can_manage_account, can_manage_residents, ensure, in_community,
                           is_admin, require)
from ..services import residents as resident_service
from ..services.households import local_today
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


BIRTH_FILTERS = {
    "missing": _l("No date of birth recorded"),
    "year_only": _l("Only the year of birth recorded"),
}


def _filters():
    """Read the list's filters from the query string; forms on the list post back with them."""
    args = request.args
    return {"status": args.get("status") if args.get("status") in STATUSES else None,
            "building": args.get("building", type=int), "q": (args.get("q") or "").strip(),
            "birth": args.get("birth") if args.get("birth") in BIRTH_FILTERS else None}


def _listing(status=200, birth_errors=None, typed=None):
    """Render the residents list under the current filters (with per-row birth date errors)."""
    community = current_community()
    filters = _filters()
    query = (select(User).where(User.community_id == community.id)
             .options(selectinload(User.roles), selectinload(User.household).selectinload(Household.building))
             .order_by(User.id))
    if filters["status"]:
        query = query.where(User.status == filters["status"])
    if filters["building"]:
        query = query.join(Household, User.household_id == Household.id).where(
            Household.building_id == filters["building"])
    if filters["q"]:
        query = query.where(User.name.contains(filters["q"]) | User.phone.contains(filters["q"]))
    if filters["birth"] == "missing":
        query = query.where(User.birth_date.is_(None))
    elif filters["birth"] == "year_only":
        query = query.where(User.birth_year_only.is_(True))
    buildings = db.session.execute(
        select(Building).where(Building.community_id == community.id).order_by(Building.sort_key)
    ).scalars().all()
    people = db.session.execute(query).scalars().all()
    return render("residents/index.html", "residents/_table.html", people=people,
                  buildings=buildings, status=filters["status"], building_id=filters["building"], q=filters["q"],
                  birth=filters["birth"], filters={k: v for k, v in filters.items() if v},
                  ROLE_NAMES=ROLE_NAMES, STATUS_NAMES=STATUS_NAMES, ALLOWED=ALLOWED, BIRTH_FILTERS=BIRTH_FILTERS,
                  birth_errors=birth_errors or {}, typed=typed or {}, format_birth_date=format_birth_date,
                  form=ReasonForm()), status


@bp.get("/")
@require(can_manage_residents)
def index():
    """List residents, filterable by status, building, name and whether a date of birth is recorded."""
    return _listing()


def _back():
    return redirect(url_for("residents.index", **{k: v for k, v in _filters().items() if v}), 303)


def _birth_from_form(user, required):
    """Read the typed date of birth; return (BirthDate or None, error page or None)."""
    text = request.form.get("birth_date", "")
    birth, problem = parse_birth_date(text, local_today())
    if birth is None and (problem or required):
        message = str(BIRTH_DATE_ERRORS[problem or "no_birth_date"] % {"value": text.strip()})
        return None, _listing(422, {user.id: message}, {user.id: text})
    return birth, None


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
        return redirect(request.referrer if _same_site(request.referrer) else url_for("residents.index"), 303)
    birth = None
    if action == "verify":  # the worker may record the date of birth while checking the papers
        birth, error_page = _birth_from_form(user, required=False)
        if error_page:
            return error_page
    resident_service.change_status(user, action, current_user, form.reason.data or "", birth=birth)
    flash(ACTION_DONE[action] % {"name": user.name}, "success")
    return redirect(request.referrer if _same_site(request.referrer) else url_for("residents.index"), 303)


@bp.post("/<int:user_id>/birth-date")
@require(can_manage_residents)
def birth_date(user_id):
    """Record or correct a resident's date of birth (or only the year, if that is all the papers say)."""
    user = _load(user_id)
    if not can_manage_account(current_user, user) or user.status == "removed":
        abort(403)
    birth, error_page = _birth_from_form(user, required=True)
    if error_page:
        return error_page
    if resident_service.set_birth_date(user, birth, current_user):
        flash(_("Date of birth of %(name)s recorded.", name=user.name), "success")
    return _back()


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


