"""What each kind of notification says, in the reader's language.

Areas register their kinds here: TEXTS[kind] = lazy_gettext("... %(param)s ...").
"""
import json

from flask_babel import lazy_gettext as _l

TEXTS = {
    "account.welcome": _l("Welcome to %(community)s."),
}


def render(notification):
    """Return the notification's text, translated for the current request."""
    template = TEXTS.get(notification.kind)
    params = json.loads(notification.params or "{}")
    if template is None:
        return notification.kind
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)
