"""Finding the community a command or request concerns."""
from sqlalchemy import select

from ..extensions import db
from ..models import Community


def default_community():
    return db.session.execute(select(Community).order_by(Community.id)).scalars().first()
