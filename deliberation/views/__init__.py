"""Blueprints, one per area. One line per area module, so areas add theirs cleanly."""
from importlib import import_module

AREAS = [
    "main",
    "auth",
    "households",
    "residents",
    "audit",
    "resources",
    "bookings",
    "volunteering",
    "proposals", "threads", "notifications", "search",  # deliberation (issue 4)
    "councils", "meetings", "decisions", "projects",  # councils (issue 5)
    "votes", "ballots", "trustees", "paper", "runoffs",  # votes (issue 6)
    "budget", "budget_ballots",  # budgeting (issue 8)
    "belenios",  # a vote's Belenios election and archive (issue 9)
]


def register_blueprints(app):
    for name in AREAS:
        app.register_blueprint(import_module(f"{__name__}.{name}").bp)
