"""Post short news to a community's group robot (WeChat Work / DingTalk accept the same text message)."""
import json
import logging
import urllib.error
import urllib.request

from flask import current_app
from flask_babel import force_locale, gettext as _

from sqlalchemy import event

from ..extensions import db
from ..models import CommunitySettings, Proposal, ProposalEvent

log = logging.getLogger(__name__)
TIMEOUT = 3
DECIDED = ("accepted", "rejected")


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


def _decision_text(proposal):
    with force_locale("zh_CN"):
        status = _("accepted") if proposal.status == "accepted" else _("rejected")
        return _("Decided (%(status)s): %(title)s", status=status, title=proposal.title) + "\n" + _link(proposal)


@event.listens_for(db.session, "after_flush")
def _note_decisions(session, flush_context):
    # Whoever records a decision (the councils area, a vote), the group hears of it once it is committed.
    for obj in session.new:
        if isinstance(obj, ProposalEvent) and obj.to_status in DECIDED:
            session.info.setdefault("decided", set()).add(obj.proposal_id)


@event.listens_for(db.session, "before_commit")
def _prepare_decision_posts(session):
    decided = session.info.pop("decided", set())
    for proposal_id in decided:
        proposal = session.get(Proposal, proposal_id)
        url = _url(proposal.community_id) if proposal else None
        if url:
            session.info.setdefault("webhook_outbox", []).append((url, _decision_text(proposal)))


@event.listens_for(db.session, "after_commit")
def _send_decision_posts(session):
    for url, text in session.info.pop("webhook_outbox", []):
        post(url, text)


@event.listens_for(db.session, "after_soft_rollback")
def _forget_decision_posts(session, previous_transaction):
    session.info.pop("decided", None)
    session.info.pop("webhook_outbox", None)
