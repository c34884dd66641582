"""The notification centre, the unread counter in the header, and delivery preferences."""
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select, update

from .. import notification_texts
from ..extensions import db
from ..models import Notification
from ..models.base import utcnow
from ..services import audit, delivery
from ..web import render
from .deliberation_forms import PreferencesForm

bp = Blueprint("notifications", __name__, url_prefix="/notifications")
PAGE_SIZE = 30


def unread_count():
    if not current_user.is_authenticated:
        return 0
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == current_user.id, Notification.read_at.is_(None)))


@bp.app_context_processor
def header_helpers():
    # A callable, so pages that never show the header counter never pay for the query.
    return {"unread_notifications": unread_count}


@bp.get("/")
@login_required
def index():
    """List the user's notifications, newest first."""
    page = max(1, request.args.get("page", 1, type=int))
    rows = db.session.execute(select(Notification).where(Notification.user_id == current_user.id)
                              .order_by(Notification.id.desc()).offset((page - 1) * PAGE_SIZE)
                              .limit(PAGE_SIZE + 1)).scalars().all()
    return render("notifications/index.html", "notifications/_page.html", items=rows[:PAGE_SIZE],
                  more=len(rows) > PAGE_SIZE, page=page, text=notification_texts.render)


@bp.get("/unread")
@login_required
def unread():
    """The header's unread counter alone (htmx polls it every 30 seconds)."""
    return render("notifications/_unread.html", "notifications/_unread.html")


@bp.post("/<int:notification_id>/read")
@login_required
def read(notification_id):
    """Mark one notification read and follow its link."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        abort(404)
    if notification.read_at is None:
        notification.read_at = utcnow()
        audit.record(current_user, "notification.read", notification)
        db.session.commit()
    link = notification.link if notification.link.startswith("/") and not notification.link.startswith("//") \
        else url_for("notifications.index")
    return redirect(link, 303)


@bp.post("/read-all")
@login_required
def read_all():
    """Mark every notification read."""
    count = db.session.execute(update(Notification).where(Notification.user_id == current_user.id,
                                                          Notification.read_at.is_(None))
                               .values(read_at=utcnow())).rowcount
    audit.record(current_user, "notification.read_all", current_user, count=count)
    db.session.commit()
    return redirect(url_for("notifications.index"), 303)


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    """Choose how to be told: e-mail at once, a daily digest, or none; and about what."""
    prefs = delivery.preferences_for(current_user.id)
    form = PreferencesForm(obj=prefs)
    if form.validate_on_submit():
        delivery.update_preferences(current_user, form.email_mode.data, form.notify_replies.data,
                                    form.notify_proposals.data)
        flash(_("Preferences saved."), "success")
        return redirect(url_for("notifications.preferences"), 303)
    status = 422 if request.method == "POST" else 200
    return render("notifications/preferences.html", form=form, has_email=bool(current_user.email)), status
