"""The sharing demo seed runs through the services and leaves every part of the area alive."""
import random

from sqlalchemy import func, select

from deliberation.extensions import db
from deliberation.models import Booking, Pledge, Resource, TimeBankEntry
from deliberation.services import demo, timebank
from deliberation.services.community import default_community
from deliberation.services.demo_sharing import seed_sharing


def test_demo_seed_creates_resources_bookings_hours_and_pledges(app):
    with app.app_context():
        demo.seed()
        community = default_community()
        seed_sharing(community, random.Random(7))
        names = set(db.session.scalars(select(Resource.name)))
        assert {"活动室", "人字梯", "电钻", "访客车位", "篮球场"} <= names
        assert db.session.scalar(select(func.count(Booking.id)).where(Booking.status == "pending")) == 1
        assert db.session.scalar(select(func.count(Booking.id)).where(Booking.minutes_late > 0)) == 2
        assert timebank.total_minutes(community.id) == 840
        assert db.session.scalar(select(func.count(TimeBankEntry.id))) == 6
        assert db.session.scalar(select(func.count(Pledge.id))) == 4
        db.session.remove()
