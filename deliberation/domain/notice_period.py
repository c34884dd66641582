"""The public-notice period (公示期) of a council decision, and when a decision may take effect."""
from datetime import timedelta

DEFAULT_DAYS = 7
MIN_DAYS, MAX_DAYS = 1, 60


def notice_ends(published_at, days=DEFAULT_DAYS):
    """Return the moment the notice period ends."""
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise ValueError(f"a notice period lasts {MIN_DAYS} to {MAX_DAYS} days")
    return published_at + timedelta(days=days)


def is_open(now, published_at, ends_at):
    """Tell whether objections are still accepted at this moment."""
    return published_at <= now < ends_at


def why_not_effective(now, ends_at, unanswered, already_effective=False):
    """Return why the decision cannot take effect yet ("effective", "notice_open", "unanswered"), or None."""
    if already_effective:
        return "effective"
    if now < ends_at:
        return "notice_open"
    if unanswered:
        return "unanswered"
    return None


def status(now, ends_at, unanswered, took_effect_at):
    """Name the decision's public state: in_notice, awaiting_answers, due, in_effect."""
    if took_effect_at is not None:
        return "in_effect"
    if now < ends_at:
        return "in_notice"
    return "awaiting_answers" if unanswered else "due"
