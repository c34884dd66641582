"""Shared resources: the list, each resource's week calendar, and the worker's resource form."""
from datetime import date, timedelta

from babel.dates import format_skeleton
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..domain import booking_rules
from ..extensions import db
from ..models import Building, Resource
from ..models.base import utcnow
from ..permissions import can_manage_resource, can_manage_sharing, can_see_resource, ensure, require
from ..services import bookings as booking_service
from ..services import pledges as pledge_service
from ..services import resources as resource_service
from ..services import timebank
from ..services.timebank import format_hours
from ..services.uploads import UploadError, save_image, send_image
from ..web import current_community, render
from .sharing_forms import BOOKING_STATUS, KIND_NAMES, ResourceForm

bp = Blueprint("resources", __name__, url_prefix="/resources")
UPLOAD_KIND = "resources"
UPLOAD_ERRORS = {"too_large": lambda: _("The photo is larger than 8 MB."),
                 "not_image": lambda: _("The photo must be a JPEG, PNG or WebP image.")}


def load(resource_id, check=can_see_resource):
    resource = db.session.get(Resource, resource_id) or abort(404)
    return ensure(check, resource)


@bp.get("/")
@login_required
def index():
    """List the shared resources this resident may book (staff see them all)."""
    return render("sharing/resources.html", resources=resource_service.visible_to(current_user),
                  KIND_NAMES=KIND_NAMES)


@bp.get("/<int:resource_id>")
@login_required
def show(resource_id):
    """Show a resource and its week calendar; htmx swaps only the calendar when changing weeks."""
    resource = load(resource_id)
    tz = booking_service.local_zone()
    today = utcnow().astimezone(tz).date()
    monday = booking_rules.week_start(booking_rules.parse_day(request.args.get("week"), today))
    return render("sharing/resource.html", "sharing/_week.html", **week_context(resource, monday, today))


def week_context(resource, monday, today, error=None, notice=None):
    return {"resource": resource, "days": booking_service.week(resource, monday, current_user),
            "monday": monday, "previous": monday - timedelta(days=7), "next": monday + timedelta(days=7),
            "this_week": booking_rules.week_start(today), "today": today, "error": error, "notice": notice,
            "KIND_NAMES": KIND_NAMES, "BOOKING_STATUS": BOOKING_STATUS}


def _buildings():
    return db.session.execute(select(Building).where(Building.community_id == current_community().id)
                              .order_by(Building.sort_key)).scalars().all()


def _form(resource=None):
    form = ResourceForm(obj=resource)
    form.building_id.choices = [(0, _("Everyone in the community"))] + [
        (b.id, _("Residents of %(building)s only", building=b.name)) for b in _buildings()]
    if request.method == "GET" and resource is not None:
        form.building_id.data = resource.building_id or 0
        rules = resource.rules
        form.opens.data, form.closes.data = rules.opens, rules.closes
    return form


def _photo(form):
    """Store the uploaded photo; return (name, error message)."""
    upload = form.photo.data
    if not upload or not getattr(upload, "filename", ""):
        return "", None
    try:
        return save_image(upload, UPLOAD_KIND), None
    except UploadError as error:
        return "", UPLOAD_ERRORS[error.code]()


@bp.route("/new", methods=["GET", "POST"])
@require(can_manage_sharing)
def create():
    """List a new shared resource."""
    form = _form()
    if request.method == "GET":
        form.opens.data, form.closes.data = booking_rules.Rules().opens, booking_rules.Rules().closes
    if form.validate_on_submit():
        photo, error = _photo(form)
        if error is None:
            resource = resource_service.create(current_community().id, current_user, photo=photo, **form.values())
            flash(_("%(name)s is listed.", name=resource.name), "success")
            return redirect(url_for("resources.show", resource_id=resource.id), 303)
        form.photo.errors.append(error)
    return render("sharing/resource_form.html", form=form, resource=None), 422 if form.errors else 200


@bp.route("/<int:resource_id>/edit", methods=["GET", "POST"])
@require(can_manage_sharing)
def edit(resource_id):
    """Change a resource's description, photo or booking rules."""
    resource = load(resource_id, can_manage_resource)
    form = _form(resource)
    if form.validate_on_submit():
        photo, error = _photo(form)
        if error is None:
            resource_service.update(resource, current_user, photo=photo, **form.values())
            flash(_("Changes saved."), "success")
            return redirect(url_for("resources.show", resource_id=resource.id), 303)
        form.photo.errors.append(error)
    return render("sharing/resource_form.html", form=form, resource=resource), 422 if form.errors else 200


@bp.post("/<int:resource_id>/active")
@require(can_manage_sharing)
def set_active(resource_id):
    """Withdraw a resource from booking, or offer it again."""
    resource = load(resource_id, can_manage_resource)
    resource_service.set_active(resource, current_user, request.form.get("active") == "1")
    return redirect(url_for("resources.show", resource_id=resource.id), 303)


@bp.get("/<int:resource_id>/photo")
@login_required
def photo(resource_id):
    resource = load(resource_id)
    if not resource.photo:
        abort(404)
    return send_image(UPLOAD_KIND, resource.photo)


@bp.app_template_filter("day_label")
def day_label(day):
    """Monday 23 November, as the reader's language writes it briefly."""
    return format_skeleton("MMMEd", day, locale=get_locale())


@bp.app_template_filter("month_label")
def month_label(year_month):
    year, month = (int(part) for part in year_month.split("-"))
    return format_skeleton("yMMM", date(year, month, 1), locale=get_locale())


@bp.app_template_filter("short_month")
def short_month(year_month):
    year, month = (int(part) for part in year_month.split("-"))
    return format_skeleton("MMM", date(year, month, 1), locale=get_locale())


@bp.app_template_filter("hours")
def hours(minutes):
    return format_hours(minutes)


@bp.app_template_global("project_contributions")
def project_contributions(project):
    """Summarise a project's volunteer tasks and pledges for the project page's partial."""
    items, summary = pledge_service.of_project(project.id)
    tasks = timebank.tasks_of(project.id)
    return {"tasks": len(tasks), "places": sum(t.people_needed for t in tasks),
            "volunteers": sum(t.taken_places for t in tasks),
            "minutes": sum(s.confirmed_minutes for t in tasks for s in t.signups), **summary}
