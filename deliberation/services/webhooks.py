"""Post short news to a community's group robot (WeChat Work / DingTalk accept the same text message)."""
import json
import logging
import urllib.error
import urllib.request

from flask import current_app
from flask_babel import force_locale, gettext as _

from ..extensions import db
from ..models import CommunitySettings

log = logging.getLogger(__name__)
TIMEOUT = 3


def robot_message(text):
    """The JSON body both robots accept for a plain text message."""
    return {"msgtype": "text", "text": {"content": text}}


def post(url, text):
    """POST the message; log and swallow failures (a robot being down must not break a request)."""
    body = json.dumps(robot_message(text), ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, body, headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=current_app.config.get("WEBHOOK_TIMEOUT", TIMEOUT)) as r:
            r.read()
        return True
    except (urllib.error.URLError, OSError, ValueError) as error:
        log.warning("webhook to %s failed: %s", url.split("?")[0], error)
        return False


def _url(community_id):
    return db.session.execute(db.select(CommunitySettings.webhook_url)
                              .where(CommunitySettings.community_id == community_id)).scalar_one_or_none()


def _link(proposal):
    return current_app.config.get("PUBLIC_URL", "").rstrip("/") + f"/proposals/{proposal.id}"


def _announce(proposal, message):
    """Call after commit: group chats are Chinese-speaking, so robots speak Chinese."""
    url = _url(proposal.community_id)
    if not url:
        return False
    with force_locale("zh_CN"):
        text = message() + "\n" + _link(proposal)
    return post(url, text)


def announce_proposal(proposal):
    return _announce(proposal, lambda: _("New proposal: %(title)s", title=proposal.title))


def announce_agenda(proposal):
    return _announce(proposal, lambda: _("On the council agenda after enough support: %(title)s",
                                         title=proposal.title))


def announce_decision(proposal):
    """For the councils area: tell the group a proposal was decided."""
    return _announce(proposal, lambda: _("Decided (%(status)s): %(title)s",
                                         status=_("accepted") if proposal.status == "accepted" else _("rejected"),
                                         title=proposal.title))
