"""List and look after shared resources (rooms, tools, parking, courts)."""
from sqlalchemy import or_, select

from ..extensions import db
from ..models import Resource
from . import audit

FIELDS = ("name", "kind", "description", "location", "deposit_note", "building_id", "slot_minutes",
          "opens_minute", "closes_minute", "weekly_quota", "lead_minutes", "horizon_days",
          "cancel_cutoff_minutes", "needs_approval")


def visible_to(user, include_inactive=False):
    """Resources the user may see: the community's, less those limited to other buildings."""
    from ..permissions import can_manage_sharing

    query = select(Resource).where(Resource.community_id == user.community_id).order_by(Resource.name)
    if not can_manage_sharing(user):
        query = query.where(Resource.active.is_(True),
                            or_(Resource.building_id.is_(None), Resource.building_id == user.building_id))
    elif not include_inactive:
        query = query.where(Resource.active.is_(True))
    return db.session.execute(query).scalars().all()


def create(community_id, actor, photo="", **values):
    """List a new shared resource."""
    resource = Resource(community_id=community_id, photo=photo, **{k: values[k] for k in FIELDS if k in values})
    db.session.add(resource)
    db.session.flush()
    audit.record(actor, "resource.create", resource, **{k: values.get(k) for k in FIELDS})
    db.session.commit()
    return resource


def update(resource, actor, photo=None, **values):
    """Change a resource's description or rules; existing bookings keep their times."""
    changed = {}
    for key in FIELDS:
        if key in values and getattr(resource, key) != values[key]:
            changed[key] = values[key]
            setattr(resource, key, values[key])
    if photo:
        resource.photo = changed["photo"] = photo
    audit.record(actor, "resource.update", resource, **changed)
    db.session.commit()
    return resource


def set_active(resource, actor, active):
    resource.active = active
    audit.record(actor, "resource.activate" if active else "resource.withdraw", resource)
    db.session.commit()
