"""Move a proposal through its lifecycle, with a timeline event and an audit entry each time."""
from ..domain.proposal_lifecycle import can_move
from ..extensions import db
from ..models import ProposalEvent
from ..models.base import utcnow
from . import audit


class TransitionError(Exception):
    """The proposal cannot move to that status from where it is."""


def transition(proposal, to_status, actor, note="", ref=""):
    """Change the proposal's status; the caller commits (so it joins the caller's transaction)."""
    from_status = proposal.status
    if not can_move(from_status, to_status):
        raise TransitionError(f"{from_status} -> {to_status}")
    proposal.status = to_status
    if to_status == "collecting" and proposal.submitted_at is None:
        proposal.submitted_at = utcnow()
    db.session.add(ProposalEvent(proposal_id=proposal.id, actor_id=getattr(actor, "id", None),
                                 kind="status", from_status=from_status, to_status=to_status,
                                 note=note, ref=ref))
    audit.record(actor, f"proposal.{to_status}", proposal, from_status=from_status, note=note, ref=ref)
    return proposal
