"""Which status a proposal may move to from which: one table that every area consults."""

TRANSITIONS = {
    "draft": {"collecting", "withdrawn"},
    "collecting": {"on_agenda", "withdrawn"},
    "on_agenda": {"voting", "accepted", "rejected", "collecting", "withdrawn"},
    "voting": {"accepted", "rejected"},
    "accepted": {"in_progress"},
    "in_progress": {"completed"},
    "rejected": set(),
    "completed": set(),
    "withdrawn": set(),
}


def can_move(from_status, to_status):
    """Tell whether a proposal may go from one status to another."""
    return to_status in TRANSITIONS.get(from_status, set())
