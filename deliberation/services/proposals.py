"""Write, submit, withdraw and configure proposals; find the ones a user may see."""
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Building, CommunitySettings, Household, Proposal, ProposalImage, ProposalModeration, Thread
from ..models.proposal_media import MAX_IMAGES
from ..permissions import can_moderate_scope, can_see_building, is_staff
from . import audit, uploads, webhooks
from .proposal_lifecycle import transition

PAGE_SIZE = 20
SORTS = ("new", "support")


class DeliberationError(Exception):
    """A request the rules refuse; code names why, for a translated message."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def settings_for(community_id, create=False):
    """Return the community's deliberation settings (defaults until a worker saves some)."""
    settings = db.session.execute(
        select(CommunitySettings).where(CommunitySettings.community_id == community_id)).scalar_one_or_none()
    if settings is None and not create:
        return CommunitySettings(community_id=community_id, support_threshold_count=10,
                                 support_threshold_percent=None, webhook_url="")
    if settings is None:
        settings = CommunitySettings(community_id=community_id, support_threshold_count=10,
                                     support_threshold_percent=None, webhook_url="")
        db.session.add(settings)
        db.session.flush()
    return settings


def update_settings(community_id, actor, count, percent, webhook_url):
    """Change the support threshold and webhook; audited."""
    settings = settings_for(community_id, create=True)
    settings.support_threshold_count = count
    settings.support_threshold_percent = percent
    settings.webhook_url = webhook_url or ""
    audit.record(actor, "deliberation.settings", settings, count=count, percent=percent,
                 webhook=bool(webhook_url))
    db.session.commit()
    return settings


def households_in_scope(community_id, building_id):
    """Count the households a proposal concerns: one building's, or the whole community's."""
    query = select(func.count(Household.id)).join(Building).where(Building.community_id == community_id)
    if building_id is not None:
        query = query.where(Household.building_id == building_id)
    return db.session.scalar(query)


def _check_scope(author, building_id):
    if building_id is not None and not (author.building_id == building_id or is_staff(author)):
        raise DeliberationError("scope")


def _store_images(proposal, files):
    existing = db.session.scalar(select(func.count(ProposalImage.id))
                                 .where(ProposalImage.proposal_id == proposal.id)) or 0
    files = [f for f in files if f and f.filename]
    if existing + len(files) > MAX_IMAGES:
        raise DeliberationError("too_many_images")
    names = []
    for file in files:
        try:
            names.append(uploads.save_image(file, "proposals"))
        except uploads.UploadError as error:
            raise DeliberationError(f"image_{error.code}") from None
    for offset, name in enumerate(names):
        db.session.add(ProposalImage(proposal_id=proposal.id, stored_name=name, position=existing + offset))
    return names


def create(author, title, body, category, building_id, estimated_cost, images=(), submit=False):
    """Save a new proposal as a draft (or submit it at once), with its comment thread."""
    _check_scope(author, building_id)
    proposal = Proposal(community_id=author.community_id, building_id=building_id, author_id=author.id,
                        title=title.strip(), body=body, category=category, status="draft",
                        estimated_cost=estimated_cost, support_count=0)
    db.session.add(proposal)
    db.session.flush()
    db.session.add(Thread(community_id=proposal.community_id, building_id=building_id,
                          proposal_id=proposal.id, author_id=author.id, title=proposal.title))
    _store_images(proposal, images)
    audit.record(author, "proposal.create", proposal, title=proposal.title, building_id=building_id)
    if submit:
        transition(proposal, "collecting", author)
    db.session.commit()
    if submit:
        webhooks.announce_proposal(proposal)
    return proposal


def update_draft(proposal, actor, title, body, category, building_id, estimated_cost, images=()):
    """Change a draft; only drafts change, so supporters never second a moving target."""
    if proposal.status != "draft":
        raise DeliberationError("not_draft")
    _check_scope(actor, building_id)
    proposal.title, proposal.body, proposal.category = title.strip(), body, category
    proposal.building_id, proposal.estimated_cost = building_id, estimated_cost
    thread = proposal_thread(proposal)
    thread.building_id, thread.title = building_id, proposal.title
    _store_images(proposal, images)
    audit.record(actor, "proposal.edit", proposal, title=proposal.title)
    db.session.commit()
    return proposal


def submit(proposal, actor):
    """Open a draft for support."""
    transition(proposal, "collecting", actor)
    db.session.commit()
    webhooks.announce_proposal(proposal)


def withdraw(proposal, actor, note=""):
    """Withdraw a proposal before it is decided."""
    transition(proposal, "withdrawn", actor, note=note)
    db.session.commit()


def remove_image(proposal, image, actor):
    """Take an image off a draft."""
    if proposal.status != "draft" or image.proposal_id != proposal.id:
        raise DeliberationError("not_draft")
    db.session.delete(image)
    audit.record(actor, "proposal.image_remove", proposal, image=image.stored_name)
    db.session.commit()


def proposal_thread(proposal):
    return db.session.execute(select(Thread).where(Thread.proposal_id == proposal.id)).scalar_one()


def visible_filter(user):
    """SQL conditions for the proposals this user may list (the same rule as can_see_proposal)."""
    buildings = visible_buildings(user)
    hidden = select(ProposalModeration.proposal_id)
    conditions = [Proposal.community_id == user.community_id]
    in_scope = or_(Proposal.building_id.is_(None), Proposal.building_id.in_(buildings)) if buildings \
        else Proposal.building_id.is_(None)
    shown = Proposal.status != "draft"
    if not is_staff(user):
        moderated = [b for b in buildings if can_moderate_scope(user, b)]
        not_hidden = Proposal.id.not_in(hidden)
        if moderated:
            not_hidden = or_(not_hidden, Proposal.building_id.in_(moderated))
        shown = shown & not_hidden
    conditions.append(or_(Proposal.author_id == user.id, shown & in_scope))
    return conditions


def visible_buildings(user):
    """Ids of the community's buildings whose boards and proposals this user may see."""
    ids = db.session.execute(select(Building.id).where(Building.community_id == user.community_id)).scalars()
    return [b for b in ids if can_see_building(user, b)]


def list_visible(user, status=None, category=None, scope=None, sort="new", page=1):
    """One page of proposals the user may see with their comment counts, and whether more follow."""
    query = (select(Proposal, Thread.comment_count).outerjoin(Thread, Thread.proposal_id == Proposal.id)
             .where(*visible_filter(user)))
    if status:
        query = query.where(Proposal.status == status)
    else:
        query = query.where(Proposal.status != "draft")
    if category:
        query = query.where(Proposal.category == category)
    if scope == "community":
        query = query.where(Proposal.building_id.is_(None))
    elif scope and scope.isdigit():
        query = query.where(Proposal.building_id == int(scope))
    order = (Proposal.support_count.desc(), Proposal.id.desc()) if sort == "support" else (Proposal.id.desc(),)
    query = query.options(joinedload(Proposal.building), joinedload(Proposal.author))
    rows = db.session.execute(query.order_by(*order).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    counts = {proposal.id: count or 0 for proposal, count in rows}
    return [proposal for proposal, _ in rows[:PAGE_SIZE]], len(rows) > PAGE_SIZE, counts


def drafts_of(user):
    return db.session.execute(select(Proposal).where(Proposal.author_id == user.id, Proposal.status == "draft")
                              .order_by(Proposal.id.desc())).scalars().all()
