"""CSV exports for the community office: UTF-8 with a BOM, so that Excel reads the Chinese."""
import csv
import io

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Booking, Household, Pledge, Project, Resource, TimeBankEntry, User
from .bookings import local_zone

BOM = "\ufeff"


def _cell(value):
    # A cell starting with = + - @ would run as a formula in Excel.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text):
    try:
        int(text)
        return True
    except ValueError:
        return False


def to_csv(header, rows):
    """Return the rows as UTF-8 CSV bytes with a BOM and CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return (BOM + out.getvalue()).encode("utf-8")


def _local(moment, tz):
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M") if moment else ""


def _yuan(fen):
    return f"{fen // 100}.{fen % 100:02d}"


def bookings(community_id, header, labels=None):
    """Export every booking of the community's resources, oldest first; labels name the statuses."""
    labels = labels or {}
    tz = local_zone()
    rows = db.session.execute(
        select(Booking).join(Resource).where(Resource.community_id == community_id)
        .options(selectinload(Booking.household).selectinload(Household.building),
                 selectinload(Booking.user), selectinload(Booking.resource))
        .order_by(Booking.starts_at)).scalars().all()
    return to_csv(header, ([b.id, b.resource.name, _local(b.starts_at, tz), _local(b.ends_at, tz),
                            b.household.address, b.user.name, labels.get(b.status, b.status),
                            _local(b.checked_out_at, tz), _local(b.returned_at, tz), b.minutes_late,
                            b.return_condition] for b in rows))


def hours(community_id, header):
    """Export every time bank entry of the community, in the order recorded."""
    tz = local_zone()
    rows = db.session.execute(
        select(TimeBankEntry).where(TimeBankEntry.community_id == community_id)
        .options(selectinload(TimeBankEntry.user), selectinload(TimeBankEntry.building))
        .order_by(TimeBankEntry.id)).scalars().all()
    return to_csv(header, ([e.id, e.user.name, e.building.name if e.building else "", _local(e.earned_on, tz),
                            e.minutes, e.note, _local(e.created_at, tz)] for e in rows))


def pledges(community_id, header, labels=None):
    """Export every pledge to the community's projects; labels name the kinds and statuses."""
    labels = labels or {}
    tz = local_zone()
    rows = db.session.execute(
        select(Pledge, Project.title, User.name).join(Project, Pledge.project_id == Project.id)
        .join(User, Pledge.user_id == User.id).where(Project.community_id == community_id)
        .order_by(Pledge.id)).all()
    return to_csv(header, ([p.id, title, name, labels.get(p.kind, p.kind),
                            _yuan(p.amount) if p.kind == "money" else "", p.description,
                            labels.get(p.status, p.status), _local(p.created_at, tz), _local(p.fulfilled_at, tz)]
                           for p, title, name in rows))
