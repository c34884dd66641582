"""Booking shared resources: book a slot, my bookings, cancel; approval, check-out and return for workers."""
from datetime import datetime

from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..domain import booking_rules
from ..domain.booking_rules import RuleBroken
from ..extensions import db
from ..models import Booking, Resource
from ..models.base import utcnow
from ..permissions import (can_book_resource, can_manage_resource, can_manage_sharing, can_see_booking, ensure,
                           require)
from ..services import bookings as booking_service
from ..services import exports
from ..services.uploads import UploadError, save_image, send_image
from ..web import current_community, is_htmx, render
from .resources import UPLOAD_ERRORS, load, week_context
from .sharing_forms import BOOKING_STATUS, ReturnForm, rule_message

bp = Blueprint("bookings", __name__, url_prefix="/bookings")
UPLOAD_KIND = "returns"


def _load(booking_id, check=can_see_booking):
    booking = db.session.get(Booking, booking_id) or abort(404)
    return ensure(check, booking)


def _week_reply(resource, starts_at, error=None, notice=None):
    """Answer a booking attempt: the refreshed calendar for htmx, the resource page otherwise."""
    tz = booking_service.local_zone()
    today = utcnow().astimezone(tz).date()
    monday = booking_rules.week_start(starts_at.astimezone(tz).date()) if starts_at else booking_rules.week_start(today)
    context = week_context(resource, monday, today, error, notice)
    template = "sharing/_week.html" if is_htmx() else "sharing/resource.html"
    return render(template, **context), 422 if error else 200


@bp.post("/resources/<int:resource_id>")
@login_required
def book(resource_id):
    """Book one slot of a resource for the resident's household."""
    resource = load(resource_id, can_book_resource)
    try:
        starts_at = datetime.fromisoformat(request.form.get("start", ""))
        if starts_at.tzinfo is None:
            raise ValueError
    except ValueError:
        return _week_reply(resource, None, _("Choose a time slot from the calendar."))
    try:
        booking = booking_service.book(resource.id, current_user, starts_at, note=request.form.get("note", "")[:200])
    except RuleBroken as broken:
        return _week_reply(db.session.get(Resource, resource_id), starts_at, rule_message(broken))
    message = (_("Request sent: a community worker will confirm it.") if booking.status == "pending"
               else _("Booked. You will get a reminder the day before."))
    if is_htmx():
        return _week_reply(booking.resource, starts_at, notice=message)[0]
    flash(message, "success")
    return redirect(url_for("resources.show", resource_id=resource.id,
                            week=booking_rules.week_start(starts_at.astimezone(booking_service.local_zone()).date())
                            .isoformat()), 303)


@bp.get("/")
@login_required
def mine():
    """List the household's bookings, upcoming first."""
    bookings = []
    if current_user.household_id:
        bookings = db.session.execute(
            select(Booking).where(Booking.household_id == current_user.household_id)
            .options(selectinload(Booking.resource), selectinload(Booking.user))
            .order_by(Booking.starts_at.desc()).limit(100)).scalars().all()
    now = utcnow()
    return render("sharing/bookings_mine.html", bookings=bookings, now=now, BOOKING_STATUS=BOOKING_STATUS,
                  deadline=lambda b: booking_rules.cancel_deadline(b.resource.rules, b.starts_at))


@bp.post("/<int:booking_id>/cancel")
@login_required
def cancel(booking_id):
    """Cancel a booking before the cut-off (staff at any time)."""
    booking = _load(booking_id)
    try:
        booking_service.cancel(booking, current_user)
        flash(_("Booking cancelled."), "success")
    except RuleBroken as broken:
        flash(rule_message(broken), "warning")
        return render("sharing/bookings_mine.html", bookings=[booking], now=utcnow(), BOOKING_STATUS=BOOKING_STATUS,
                      deadline=lambda b: booking_rules.cancel_deadline(b.resource.rules, b.starts_at)), 422
    return redirect(url_for("bookings.mine"), 303)


@bp.get("/manage")
@require(can_manage_sharing)
def manage():
    """The worker's desk: requests to approve, keys and tools to hand out and take back, late returners."""
    community_id = current_community().id
    base = (select(Booking).join(Resource).where(Resource.community_id == community_id)
            .options(selectinload(Booking.resource), selectinload(Booking.user), selectinload(Booking.household)))
    pending = db.session.execute(base.where(Booking.status == "pending").order_by(Booking.starts_at)).scalars().all()
    out = db.session.execute(base.where(Booking.status.in_(("confirmed", "checked_out")))
                             .order_by(Booking.starts_at).limit(100)).scalars().all()
    returned = db.session.execute(base.where(Booking.status == "returned")
                                  .order_by(Booking.returned_at.desc()).limit(20)).scalars().all()
    return render("sharing/bookings_manage.html", pending=pending, out=out, returned=returned,
                  late=booking_service.late_returners(community_id), BOOKING_STATUS=BOOKING_STATUS)


@bp.post("/<int:booking_id>/approve", defaults={"decision": "approve"})
@bp.post("/<int:booking_id>/reject", defaults={"decision": "reject"})
@require(can_manage_sharing)
def decide(booking_id, decision):
    """Approve or reject a booking request."""
    booking = _load(booking_id, lambda user, b: can_manage_resource(user, b.resource))
    try:
        booking_service.decide(booking, current_user, decision == "approve")
        flash(_("Booking approved.") if decision == "approve" else _("Booking rejected."), "success")
    except RuleBroken as broken:
        flash(rule_message(broken), "warning")
    return redirect(url_for("bookings.manage"), 303)


@bp.post("/<int:booking_id>/check-out")
@require(can_manage_sharing)
def check_out(booking_id):
    """Record that the key or tool has been handed out."""
    booking = _load(booking_id, lambda user, b: can_manage_resource(user, b.resource))
    try:
        booking_service.check_out(booking, current_user)
        flash(_("Checked out."), "success")
    except RuleBroken as broken:
        flash(rule_message(broken), "warning")
    return redirect(url_for("bookings.manage"), 303)


@bp.route("/<int:booking_id>/return", methods=["GET", "POST"])
@require(can_manage_sharing)
def record_return(booking_id):
    """Record a return with condition notes and an optional photo."""
    booking = _load(booking_id, lambda user, b: can_manage_resource(user, b.resource))
    form = ReturnForm()
    if booking.status not in ("confirmed", "checked_out"):
        abort(404)
    if form.validate_on_submit():
        photo, error = "", None
        if form.photo.data and getattr(form.photo.data, "filename", ""):
            try:
                photo = save_image(form.photo.data, UPLOAD_KIND)
            except UploadError as failure:
                error = UPLOAD_ERRORS[failure.code]()
        if error is None:
            booking_service.record_return(booking, current_user, form.condition.data.strip(), photo)
            flash(_("Return recorded."), "success")
            return redirect(url_for("bookings.manage"), 303)
        form.photo.errors.append(error)
    return render("sharing/return_form.html", form=form, booking=booking), 422 if form.errors else 200


@bp.get("/<int:booking_id>/return-photo")
@login_required
def return_photo(booking_id):
    booking = _load(booking_id)
    if not booking.return_photo:
        abort(404)
    return send_image(UPLOAD_KIND, booking.return_photo)


@bp.get("/export.csv")
@require(can_manage_sharing)
def export():
    """Download every booking of the community as CSV (UTF-8 with BOM, for Excel)."""
    header = [_("No."), _("Resource"), _("Starts"), _("Ends"), _("Household"), _("Booked by"), _("Status"),
              _("Checked out at"), _("Returned at"), _("Minutes late"), _("Condition on return")]
    labels = {code: str(name) for code, name in BOOKING_STATUS.items()}
    return csv_response(exports.bookings(current_community().id, header, labels), "bookings.csv")


def csv_response(data, filename):
    return Response(data, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
