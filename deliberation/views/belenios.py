"""A vote in BELENIOS-2048: its Belenios election for the devices, and its record as one Belenios archive."""
import io

from flask import Blueprint, Response, abort, send_file
from flask_login import login_required

from ..services import vote_belenios
from .votes import load_vote

bp = Blueprint("belenios", __name__, url_prefix="/votes")


def _belenios_vote(vote_id):
    vote = load_vote(vote_id)
    if not vote_belenios.is_belenios(vote) or vote.status in ("draft", "ceremony"):
        abort(404)
    return vote


@bp.get("/<int:vote_id>/belenios-election.json")
@login_required
def election_file(vote_id):
    """Serve the exact text of the vote's Belenios election, which ballots and decryptions hash."""
    return Response(vote_belenios.election_text(_belenios_vote(vote_id)), mimetype="application/json")


@bp.get("/<int:vote_id>/record.bel")
@login_required
def record(vote_id):
    """Download the published vote as vote-N.bel, for `deliberation verify --format belenios` and belenios-tool."""
    vote = _belenios_vote(vote_id)
    if vote.status != "published":
        abort(404)
    data, _ = vote_belenios.write_archive(vote)
    return send_file(io.BytesIO(data), mimetype="application/x-tar", as_attachment=True,
                     download_name=f"vote-{vote.id}.bel")


@bp.app_template_global()
def belenios_record_head(vote):
    """Return the head of the event chain of a published vote's Belenios archive."""
    return vote_belenios.archive_head(vote)
