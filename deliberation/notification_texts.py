"""What each kind of notification says, in the reader's language.

Areas register their kinds here: TEXTS[kind] = lazy_gettext("... %(param)s ...").
"""
import json

from flask_babel import lazy_gettext as _l

TEXTS = {
    "account.welcome": _l("Welcome to %(community)s."),
    "booking.confirmed": _l("Your booking of %(resource)s on %(when)s is confirmed."),
    "booking.requested": _l("Your request for %(resource)s on %(when)s waits for a community worker."),
    "booking.to_approve": _l("A booking of %(resource)s on %(when)s waits for your approval."),
    "booking.approved": _l("Your booking of %(resource)s on %(when)s is approved."),
    "booking.rejected": _l("Your booking of %(resource)s on %(when)s was not approved."),
    "booking.cancelled": _l("Your booking of %(resource)s on %(when)s was cancelled by the community office."),
    "booking.reminder": _l("Reminder: you have booked %(resource)s tomorrow, %(when)s (%(location)s)."),
    "timebank.credited": _l("%(hours)s hours for “%(task)s” were added to your time bank."),
    "proposal.on_agenda": _l("“%(title)s” has enough support and is on the council's agenda."),
    "proposal.hidden": _l("A moderator hid your proposal “%(title)s”: %(reason)s"),
    "comment.hidden": _l("A moderator hid your comment in “%(title)s”: %(reason)s"),
    "comment.reply": _l("%(name)s replied to your comment in “%(title)s”."),
    # councils (issue 5)
    "meeting.scheduled": _l("%(council)s scheduled a meeting: %(title)s."),
    "decision.published": _l("%(council)s published a decision: %(title)s. You may object during the public notice."),
    "decision.in_effect": _l("The decision “%(title)s” is now in effect."),
    "objection.filed": _l("A resident objected to the decision “%(title)s”: the council must answer."),
    "objection.answered": _l("The council answered your objection to “%(title)s”."),
    "project.update": _l("New progress on the project “%(title)s”."),
    "project.milestone": _l("The project “%(title)s” reached a milestone: %(milestone)s."),
    "project.status": _l("The project “%(title)s” has a new status."),
    # votes (issue 6)
    "vote.ceremony": _l("You are a trustee of the vote “%(title)s”: make your keys on the trustee page."),
    "vote.decrypt": _l("The vote “%(title)s” is tallied: as a trustee, post your partial decryption."),
    "vote.credential_revoked": _l("Your voting code for “%(title)s” was revoked: ballots cast with it no longer "
                                  "count. Vote again with your new code."),
    # budgeting (issue 8)
    "budget.voting": _l("Voting is open in the budget “%(title)s”: choose the projects the fund should pay for."),
    "budget.result": _l("The result of the budget “%(title)s” is out: see which projects are funded and why."),
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
