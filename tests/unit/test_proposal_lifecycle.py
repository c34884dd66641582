from deliberation.domain.proposal_lifecycle import TRANSITIONS, can_move
from deliberation.models.proposal import STATUSES


def test_every_status_has_a_row():
    assert set(TRANSITIONS) == set(STATUSES)


def test_a_decided_proposal_cannot_be_withdrawn():
    assert not can_move("accepted", "withdrawn")
    assert not can_move("rejected", "collecting")


def test_the_usual_path_is_allowed():
    path = ["draft", "collecting", "on_agenda", "voting", "accepted", "in_progress", "completed"]
    assert all(can_move(a, b) for a, b in zip(path, path[1:]))
