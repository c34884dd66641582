"""How the councils area shows things: names of roles, rules and outcomes, dates, minutes."""
from babel import dates
from flask_babel import format_date, get_locale, to_user_timezone
from flask_babel import lazy_gettext as _l
from markdown_it import MarkdownIt
from markupsafe import Markup

from ..messages import PROPOSAL_STATUS_NAMES
from .council_forms import EFFECT_CHOICES, RULE_CHOICES

# Raw HTML in minutes is shown as text; markdown-it also refuses javascript: links.
_markdown = MarkdownIt("commonmark", {"html": False})

NAMES = {
    "role": {"chair": _l("Chair"), "secretary": _l("Secretary"), "member": _l("Member")},
    "rule": {c.value: c.label for c in RULE_CHOICES},
    "effect": {c.value: c.label for c in EFFECT_CHOICES},
    "choice": {"yes": _l("In favour"), "no": _l("Against"), "abstain": _l("Abstain"), "recused": _l("Recused")},
    "outcome": {"adopted": _l("Adopted"), "rejected": _l("Not adopted"), "no_quorum": _l("No quorum")},
    "decision_status": {"in_notice": _l("In public notice"), "awaiting_answers": _l("Waiting for answers"),
                        "due": _l("Taking effect"), "in_effect": _l("In effect")},
    "meeting_status": {"scheduled": _l("Scheduled"), "held": _l("Held"), "cancelled": _l("Cancelled")},
    "project_status": {"planned": _l("Planned"), "in_progress": _l("In progress"),
                       "completed": _l("Completed"), "cancelled": _l("Cancelled")},
    "proposal_status": PROPOSAL_STATUS_NAMES,
    "source": {"appointed": _l("appointed"), "elected": _l("elected")},
}


def when(value):
    """Show a moment as a long local date and a short time."""
    if value is None:
        return ""
    locale = get_locale()
    # One pattern for both parts: a contested notice lists hundreds of moments.
    pattern = f"{locale.date_formats['long'].pattern} {locale.time_formats['short'].pattern}"
    return dates.format_datetime(to_user_timezone(value), pattern, locale=locale)


def day(value):
    """Show a date in the long local form."""
    return format_date(value, "long") if value is not None else ""


def short_day(value):
    """Show a date in the short local form, for tables on a phone."""
    return format_date(value, "short") if value is not None else ""


def markdown(text):
    """Render Markdown minutes as HTML; raw HTML in the text stays text."""
    return Markup(_markdown.render(text or ""))


def init(bp):
    """Register the helpers on the application through the councils blueprint."""
    bp.add_app_template_filter(when, "council_when")
    bp.add_app_template_filter(day, "council_day")
    bp.add_app_template_filter(short_day, "council_short_day")
    bp.add_app_template_filter(markdown, "council_markdown")
    bp.app_context_processor(lambda: {"COUNCIL_NAMES": NAMES})
