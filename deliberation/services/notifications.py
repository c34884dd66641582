"""Tell people about things: in-app notifications (e-mail and webhooks build on these)."""
import json

from ..extensions import db
from ..models import Notification


def notify(recipients, kind, link="", **params):
    """Queue a notification of this kind for each recipient (users or ids); the caller commits.

    The text is rendered when read, in the reader's language, from `kind` and `params`
    (see deliberation/notification_texts.py).
    """
    seen = set()
    for recipient in recipients:
        user_id = getattr(recipient, "id", recipient)
        if user_id in seen:
            continue
        seen.add(user_id)
        db.session.add(Notification(user_id=user_id, kind=kind, link=link,
                                    params=json.dumps(params, ensure_ascii=False, default=str)))
