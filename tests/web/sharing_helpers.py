"""Shared helpers of the sharing tests: slot times in the community's zone, counting rows."""
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from deliberation.extensions import db

TZ = ZoneInfo("Asia/Shanghai")


def tomorrow_at(hour, days=1):
    """A slot start some days from now at the given local hour (always beyond the lead time)."""
    day = datetime.now(TZ).date() + timedelta(days=days)
    return datetime.combine(day, time(hour, 0), tzinfo=TZ)


def count(app, model, *where):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))
