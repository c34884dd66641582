"""The demo seed brings sharing to life through its services: resources, bookings, hours, pledges."""
from sqlalchemy import func, select

from deliberation.extensions import db
from deliberation.models import Booking, Pledge, Resource, TimeBankEntry
from deliberation.services import demo, timebank
from deliberation.services.community import default_community


def test_demo_seed_creates_resources_bookings_hours_and_pledges(app):
    with app.app_context():
        demo.seed()  # calls seed_sharing among the areas' seeds
        community = default_community()
        names = set(db.session.scalars(select(Resource.name)))
        assert {"活动室", "人字梯", "电钻", "访客车位", "篮球场"} <= names
        assert db.session.scalar(select(func.count(Booking.id)).where(Booking.status == "pending")) == 1
        assert db.session.scalar(select(func.count(Booking.id)).where(Booking.minutes_late > 0)) == 2
        assert timebank.total_minutes(community.id) == 840
        assert db.session.scalar(select(func.count(TimeBankEntry.id))) == 6
        assert db.session.scalar(select(func.count(Pledge.id))) == 4
        db.session.remove()
