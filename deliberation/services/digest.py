"""The daily digest: one e-mail per user gathering the notifications not yet e-mailed."""
from collections import defaultdict
from datetime import timedelta

from flask_babel import force_locale, gettext as _, ngettext
from sqlalchemy import or_, select

from ..extensions import db
from ..models import Community, Notification, NotificationPreference, User
from ..models.base import utcnow
from . import email
from .delivery import claim, text_for

WINDOW = timedelta(days=1)


def pending_by_user(now=None):
    """Unread, un-e-mailed notifications of the last day, per user who takes the daily digest."""
    now = now or utcnow()
    query = (select(Notification).join(User, User.id == Notification.user_id)
             .outerjoin(NotificationPreference, NotificationPreference.user_id == User.id)
             .where(User.email.is_not(None), User.status.in_(("pending", "verified")),
                    Notification.emailed_at.is_(None), Notification.read_at.is_(None),
                    Notification.created_at >= now - WINDOW,
                    # No preference row means the default, which is the daily digest.
                    or_(NotificationPreference.email_mode == "daily", NotificationPreference.id.is_(None)))
             .order_by(Notification.user_id, Notification.id))
    grouped = defaultdict(list)
    for notification in db.session.execute(query).scalars():
        grouped[notification.user_id].append(notification)
    return grouped


def compose(user, notifications, community_name):
    """Return the digest's subject and text in the user's language."""
    with force_locale(user.locale or "zh_CN"):
        subject = ngettext("%(num)d new notice from %(community)s", "%(num)d new notices from %(community)s",
                           len(notifications), community=community_name)
        lines = [_("Hello %(name)s, here is what happened since yesterday:", name=user.name), ""]
    lines += [f"- {text_for(n, user.locale)}" for n in notifications]
    return subject, "\n".join(lines) + "\n"


def send_digests(now=None):
    """E-mail each digest user once; return how many e-mails went out."""
    sent = 0
    for user_id, notifications in pending_by_user(now).items():
        claimed = set(claim([n.id for n in notifications]))
        mine = [n for n in notifications if n.id in claimed]
        if not mine:
            continue
        user = db.session.get(User, user_id)
        community = db.session.get(Community, user.community_id)
        subject, text = compose(user, mine, community.name if community else "")
        if email.send(user.email, subject, text):
            sent += 1
    return sent
