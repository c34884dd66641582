"""Accountability for accepted proposals: the project, its milestones, updates, spending and followers."""
import os

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import (AgendaItem, Decision, Meeting, Milestone, Project, ProjectFollow, ProjectUpdate,
                      ProposalEvent, Spending, UpdatePhoto)
from ..models.base import utcnow
from ..models.project import PROJECT_STATUSES
from . import audit, uploads
from .notifications import notify
from .proposal_lifecycle import TransitionError, transition

PHOTO_KIND = "projects"
MAX_PHOTOS = 6
# A project's status carries its proposal along: started -> in_progress, finished -> completed.
PROPOSAL_STATUS_FOR = {"in_progress": "in_progress", "completed": "completed"}
NEXT_STATUSES = {"planned": ("in_progress", "cancelled"), "in_progress": ("completed", "cancelled"),
                 "completed": (), "cancelled": ()}


class ProjectError(Exception):
    """The change is not possible; code names why."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def _link(project):
    return f"/projects/{project.id}"


def start_project(proposal, actor):
    """Create the project an accepted proposal becomes; the caller commits."""
    project = Project(community_id=proposal.community_id, proposal_id=proposal.id,
                      building_id=proposal.building_id, title=proposal.title, description=proposal.body,
                      budget=proposal.estimated_cost or 0, status="planned")
    db.session.add(project)
    db.session.flush()
    db.session.add(ProposalEvent(proposal_id=proposal.id, actor_id=getattr(actor, "id", None),
                                 kind="project", note=proposal.title, ref=f"project:{project.id}"))
    audit.record(actor, "project.create", project, proposal=proposal.id, budget=project.budget)
    db.session.add(ProjectFollow(project_id=project.id, user_id=proposal.author_id))
    return project


def set_budget(project, budget, actor):
    if budget < 0:
        raise ProjectError("bad_amount")
    before = project.budget
    project.budget = budget
    audit.record(actor, "project.budget", project, before=before, budget=budget)
    db.session.commit()


def set_status(project, status, actor):
    """Move the project on (and its proposal with it); followers are told."""
    if status not in PROJECT_STATUSES or status not in NEXT_STATUSES[project.status]:
        raise ProjectError("bad_status")
    before = project.status
    project.status = status
    target = PROPOSAL_STATUS_FOR.get(status)
    if project.proposal is not None and target:
        try:
            transition(project.proposal, target, actor, ref=f"project:{project.id}")
        except TransitionError:
            # A proposal moved on by hand keeps its status; the project's record is what counts here.
            pass
    audit.record(actor, "project.status", project, before=before, status=status)
    notify(follower_ids(project), "project.status", link=_link(project), title=project.title, status=status)
    db.session.commit()


def add_milestone(project, title, due_on, actor):
    milestone = Milestone(project_id=project.id, title=title.strip(), due_on=due_on)
    db.session.add(milestone)
    db.session.flush()
    audit.record(actor, "project.milestone", project, milestone=milestone.id, title=milestone.title,
                 due_on=due_on)
    db.session.commit()
    return milestone


def complete_milestone(milestone, actor):
    if milestone.done_at is not None:
        raise ProjectError("already_done")
    milestone.done_at = utcnow()
    project = db.session.get(Project, milestone.project_id)
    audit.record(actor, "project.milestone_done", project, milestone=milestone.id)
    notify(follower_ids(project), "project.milestone", link=_link(project), title=project.title,
           milestone=milestone.title)
    db.session.commit()


def post_update(project, body, photos, actor):
    """Post a progress update with up to MAX_PHOTOS checked photos; followers are told."""
    body = body.strip()
    photos = [p for p in photos if p and p.filename]
    if not body:
        raise ProjectError("no_text")
    if len(photos) > MAX_PHOTOS:
        raise ProjectError("too_many_photos")
    names = []
    try:
        for photo in photos:
            names.append(uploads.save_image(photo, PHOTO_KIND))
    except uploads.UploadError as error:
        # One bad photo refuses the whole update: remove the ones already stored.
        for name in names:
            os.remove(os.path.join(current_app.instance_path, "uploads", PHOTO_KIND, name))
        raise ProjectError(f"photo_{error.code}") from None
    update = ProjectUpdate(project_id=project.id, author_id=actor.id, body=body,
                           photos=[UpdatePhoto(name=n) for n in names])
    db.session.add(update)
    db.session.flush()
    audit.record(actor, "project.update", project, update=update.id, photos=names)
    notify([u for u in follower_ids(project) if u != actor.id], "project.update", link=_link(project),
           title=project.title)
    db.session.commit()
    return update


def record_spending(project, amount, description, spent_on, actor):
    """Record money spent, in fen; the running total is shown against the budget."""
    if not isinstance(amount, int) or amount <= 0:
        raise ProjectError("bad_amount")
    entry = Spending(project_id=project.id, amount=amount, description=description.strip(),
                     spent_on=spent_on, recorded_by_id=actor.id)
    db.session.add(entry)
    db.session.flush()
    audit.record(actor, "project.spending", project, spending=entry.id, amount=amount,
                 description=entry.description, spent_on=spent_on)
    db.session.commit()
    return entry


def follower_ids(project):
    return list(db.session.scalars(select(ProjectFollow.user_id).where(ProjectFollow.project_id == project.id)))


def is_following(project, user):
    return user.id in follower_ids(project)


def follow(project, user, on=True):
    """Start or stop following a project's updates."""
    row = db.session.scalar(select(ProjectFollow).where(ProjectFollow.project_id == project.id,
                                                        ProjectFollow.user_id == user.id))
    if on and row is None:
        db.session.add(ProjectFollow(project_id=project.id, user_id=user.id))
    elif not on and row is not None:
        db.session.delete(row)
    else:
        return False
    audit.record(user, "project.follow" if on else "project.unfollow", project)
    db.session.commit()
    return True


def timeline(proposal):
    """Every step of a proposal from idea to completion, oldest first: (when, kind, params, (endpoint, args))."""
    steps = [(proposal.created_at, "proposed", {"title": proposal.title}, None)]
    for event in proposal.events:
        if event.kind == "status":
            steps.append((event.created_at, "status", {"status": event.to_status, "note": event.note,
                                                      "ref": event.ref}, None))
        elif event.kind == "vote":
            steps.append((event.created_at, "vote", {"ref": event.ref}, None))
    meetings = db.session.execute(select(Meeting, AgendaItem).join(AgendaItem, AgendaItem.meeting_id == Meeting.id)
                                  .where(AgendaItem.proposal_id == proposal.id)).all()
    for meeting, item in meetings:
        steps.append((meeting.scheduled_at, "meeting", {"title": meeting.title, "outcome": item.outcome},
                      ("meetings.show", {"meeting_id": meeting.id})))
    decisions = db.session.scalars(select(Decision).where(Decision.proposals.contains(proposal))).all()
    for decision in decisions:
        link = ("decisions.show", {"decision_id": decision.id})
        steps.append((decision.published_at, "decision", {"title": decision.title}, link))
        if decision.took_effect_at:
            steps.append((decision.took_effect_at, "in_effect", {"title": decision.title}, link))
    project = db.session.scalar(select(Project).where(Project.proposal_id == proposal.id))
    if project is not None:
        project_link = ("projects.show", {"project_id": project.id})
        steps.append((project.created_at, "project", {"title": project.title}, project_link))
        for milestone in db.session.scalars(select(Milestone).where(Milestone.project_id == project.id,
                                                                    Milestone.done_at.is_not(None))):
            steps.append((milestone.done_at, "milestone", {"title": milestone.title}, project_link))
        for update in db.session.scalars(select(ProjectUpdate).where(ProjectUpdate.project_id == project.id)):
            steps.append((update.created_at, "update", {"text": update.body[:80]}, project_link))
    return sorted(steps, key=lambda step: step[0])
