"""Per-user notification preferences, and e-mailing notifications to those who want them at once."""
from datetime import timedelta

from flask_babel import force_locale, gettext as _
from sqlalchemy import select, update

from .. import notification_texts
from ..extensions import db
from ..models import Notification, NotificationPreference, User
from ..models.base import utcnow
from . import audit, email

RECENT = timedelta(hours=1)


def preferences_for(user_id):
    """Return the user's preferences (defaults: a daily digest, replies and proposals on)."""
    prefs = db.session.execute(select(NotificationPreference)
                               .where(NotificationPreference.user_id == user_id)).scalar_one_or_none()
    return prefs or NotificationPreference(user_id=user_id, email_mode="daily", notify_replies=True,
                                           notify_proposals=True)


def update_preferences(user, email_mode, notify_replies, notify_proposals):
    prefs = preferences_for(user.id)
    prefs.email_mode, prefs.notify_replies, prefs.notify_proposals = email_mode, notify_replies, notify_proposals
    db.session.add(prefs)
    audit.record(user, "notifications.preferences", user, email_mode=email_mode)
    db.session.commit()
    return prefs


def wants(user_id, topic):
    """Tell whether the user wants in-app notices on this topic ("replies" or "proposals")."""
    prefs = preferences_for(user_id)
    return getattr(prefs, f"notify_{topic}", True)


def claim(notification_ids):
    """Mark notifications as e-mailed, returning only those this process claimed (no double sends)."""
    claimed = []
    for nid in notification_ids:
        result = db.session.execute(update(Notification).where(Notification.id == nid,
                                                               Notification.emailed_at.is_(None))
                                    .values(emailed_at=utcnow()))
        if result.rowcount == 1:
            claimed.append(nid)
    db.session.commit()
    return claimed


def text_for(notification, locale):
    with force_locale(locale or "zh_CN"):
        return notification_texts.render(notification)


def email_immediately():
    """After a commit: e-mail fresh notifications to users who chose immediate e-mail."""
    since = utcnow() - RECENT
    rows = db.session.execute(
        select(Notification.id).join(User, User.id == Notification.user_id)
        .join(NotificationPreference, NotificationPreference.user_id == User.id)
        .where(NotificationPreference.email_mode == "immediate", User.email.is_not(None),
               Notification.emailed_at.is_(None), Notification.created_at >= since)).scalars().all()
    if not rows:
        return 0
    sent = 0
    for nid in claim(rows):
        notification = db.session.get(Notification, nid)
        user = notification.user
        with force_locale(user.locale or "zh_CN"):
            subject = _("Notice from %(community)s", community=_community_name(user))
        if email.send(user.email, subject, text_for(notification, user.locale) + _footer(notification)):
            sent += 1
    return sent


def _community_name(user):
    from ..models import Community

    community = db.session.get(Community, user.community_id)
    return community.name if community else ""


def _footer(notification):
    from flask import current_app

    base = current_app.config.get("PUBLIC_URL", "").rstrip("/")
    return f"\n{base}{notification.link}" if notification.link else ""
