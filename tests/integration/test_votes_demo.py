"""The votes demo seed runs through the services: one vote open with ballots, one published with a result."""
import random

from sqlalchemy import func, select

from deliberation.extensions import db
from deliberation.models import Ballot, PaperBatch
from deliberation.services import demo
from deliberation.services.community import default_community
from deliberation.services.demo_votes import seed_votes
from deliberation.services.vote_results import vote_result


def test_demo_seed_leaves_an_open_vote_with_ballots_and_a_published_result(app):
    with app.app_context():
        demo.seed()
        elevator, garden = seed_votes(default_community(), random.Random(6))
        assert elevator.status == "open" and elevator.rule == "art278_major" and elevator.weighting == "both"
        assert db.session.scalar(select(func.count(Ballot.id)).where(Ballot.vote_id == elevator.id)) > 0
        assert garden.status == "published"
        assert db.session.scalar(select(PaperBatch.status).where(PaperBatch.vote_id == garden.id)) == "accepted"
        result = vote_result(garden)
        assert result.on_paper[0] > 0 and result.online[0] > 0
        db.session.remove()
