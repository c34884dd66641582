"""Proposals: list, write, submit, support, withdraw, images, moderation, community settings."""
import os

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Building, Proposal, ProposalImage
from ..models.proposal import CATEGORIES, STATUSES
from ..permissions import (can_configure_deliberation, can_edit_proposal, can_moderate_proposal,
                           can_read_deliberation, can_see_proposal, can_withdraw_proposal, ensure,
                           is_verified_resident, require)
from ..services import comments as comment_service
from ..services import moderation, proposals, support, uploads
from ..services.proposal_lifecycle import TransitionError
from ..web import render
from .deliberation_forms import (CATEGORY_NAMES, ERRORS, ORDER_NAMES, REACTION_NAMES, STATUS_NAMES, translated,
                                 ProposalForm, ReasonForm, SettingsForm)
from .posting import posting_limit

def uploads_exist(name):
    """Tell whether a stored image is still on disk (a missing file is a 404, not an error)."""
    return os.path.isfile(os.path.join(current_app.instance_path, "uploads", "proposals", name))


bp = Blueprint("proposals", __name__, url_prefix="/proposals")
NAMES = dict(CATEGORY_NAMES=CATEGORY_NAMES, STATUS_NAMES=STATUS_NAMES, ORDER_NAMES=ORDER_NAMES,
             REACTION_NAMES=REACTION_NAMES)


def _load(proposal_id):
    proposal = db.session.get(Proposal, proposal_id, options=[
        joinedload(Proposal.author), joinedload(Proposal.building), joinedload(Proposal.moderation)])
    return ensure(can_see_proposal, proposal or abort(404))


def _buildings():
    return db.session.execute(select(Building).where(Building.community_id == current_user.community_id)
                              .order_by(Building.sort_key)).scalars().all()


@bp.get("/")
@require(can_read_deliberation)
def index():
    """List proposals the user may see, filtered, newest or most supported first, a page at a time."""
    args = request.args
    status = args.get("status") if args.get("status") in STATUSES else None
    category = args.get("category") if args.get("category") in CATEGORIES else None
    scope, sort = args.get("scope", ""), args.get("sort") if args.get("sort") in proposals.SORTS else "new"
    page = max(1, args.get("page", 1, type=int))
    items, more, counts = proposals.list_visible(current_user, status, category, scope, sort, page)
    filters = {"status": status or "", "category": category or "", "scope": scope, "sort": sort}
    return render("proposals/index.html", "proposals/_page.html", items=items, more=more, page=page,
                  counts=counts, filters=filters, buildings=_buildings(),
                  drafts=proposals.drafts_of(current_user), **translated(NAMES))


def _images(proposal):
    return db.session.execute(select(ProposalImage).where(ProposalImage.proposal_id == proposal.id)
                              .order_by(ProposalImage.position)).scalars().all()


def _scope_choices():
    choices = [("community", _("The whole community"))]
    if current_user.building_id:
        building = db.session.get(Building, current_user.building_id)
        choices.append((str(building.id), _("Only %(building)s", building=building.name)))
    return choices


def _form_values(form):
    building_id = None if form.scope.data == "community" else int(form.scope.data)
    return dict(title=form.title.data, body=form.body.data, category=form.category.data,
                building_id=building_id, estimated_cost=getattr(form.estimated_cost, "fen", None),
                images=request.files.getlist(form.images.name))


@bp.route("/new", methods=["GET", "POST"])
@require(is_verified_resident)
@posting_limit
def new():
    """Write a proposal; save it as a draft or submit it for support."""
    form = ProposalForm()
    form.scope.choices = _scope_choices()
    error = None
    if form.validate_on_submit():
        try:
            proposal = proposals.create(current_user, submit="submit" in request.form, **_form_values(form))
        except proposals.DeliberationError as failure:
            error = ERRORS[failure.code]
        else:
            flash(_("Proposal submitted: neighbours can now support it.") if proposal.status == "collecting"
                  else _("Draft saved."), "success")
            return redirect(url_for("proposals.show", proposal_id=proposal.id), 303)
    status = 422 if request.method == "POST" else 200
    return render("proposals/form.html", form=form, error=error, proposal=None, images=[],
                  **translated(NAMES)), status


@bp.route("/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit(proposal_id):
    """Change a draft."""
    proposal = ensure(can_edit_proposal, _load(proposal_id))
    form = ProposalForm(obj=proposal)
    form.scope.choices = _scope_choices()
    if request.method == "GET":
        form.scope.data = str(proposal.building_id) if proposal.building_id else "community"
        form.estimated_cost.data = (f"{proposal.estimated_cost / 100:.2f}" if proposal.estimated_cost else "")
    error = None
    if form.validate_on_submit():
        try:
            proposals.update_draft(proposal, current_user, **_form_values(form))
            if "submit" in request.form:
                proposals.submit(proposal, current_user)
        except proposals.DeliberationError as failure:
            error = ERRORS[failure.code]
        else:
            flash(_("Proposal saved."), "success")
            return redirect(url_for("proposals.show", proposal_id=proposal.id), 303)
    status = 422 if request.method == "POST" else 200
    return render("proposals/form.html", form=form, error=error, proposal=proposal, images=_images(proposal),
                  **translated(NAMES)), status


@bp.get("/<int:proposal_id>")
@login_required
def show(proposal_id):
    """Show a proposal with its images, support, timeline and discussion."""
    proposal = _load(proposal_id)
    thread = proposals.proposal_thread(proposal)
    order = request.args.get("order") if request.args.get("order") in comment_service.ORDERS else "new"
    page = max(1, request.args.get("page", 1, type=int))
    grouping = request.args.get("by") if request.args.get("by") in comment_service.GROUPINGS else "building"
    top, replies, more = comment_service.thread_comments(thread, order, page, grouping)
    mine = comment_service.my_reactions(current_user, comment_service.ids_on_page(top, replies))
    return render("proposals/show.html", "threads/_comments.html", proposal=proposal, thread=thread, top=top,
                  replies=replies, more=more, order=order, grouping=grouping, page=page, images=_images(proposal),
                  mine=mine,
                  **_support_state(proposal), **translated(NAMES))


@bp.post("/<int:proposal_id>/submit")
@login_required
def submit(proposal_id):
    """Open a draft for support."""
    proposal = ensure(can_edit_proposal, _load(proposal_id))
    proposals.submit(proposal, current_user)
    flash(_("Proposal submitted: neighbours can now support it."), "success")
    return redirect(url_for("proposals.show", proposal_id=proposal.id), 303)


@bp.post("/<int:proposal_id>/withdraw")
@login_required
def withdraw(proposal_id):
    """Withdraw one's own proposal before it is decided."""
    proposal = ensure(can_withdraw_proposal, _load(proposal_id))
    try:
        proposals.withdraw(proposal, current_user, note=request.form.get("note", "")[:255])
    except TransitionError:
        abort(409)
    flash(_("Proposal withdrawn."), "success")
    return redirect(url_for("proposals.show", proposal_id=proposal.id), 303)


def _support_state(proposal):
    """Whether the reader supports it and how many supports it needs; asked only while it collects them."""
    if proposal.status != "collecting":
        return {"supported": False, "threshold": None}
    return {"supported": support.has_supported(current_user, proposal), "threshold": support.threshold_for(proposal)}


def _support_box(proposal_id, error=None):
    """Answer htmx with the support box alone; a plain form post goes back to the page."""
    proposal = db.session.get(Proposal, proposal_id)
    if request.headers.get("HX-Request") != "true":
        if error:
            flash(error, "danger")
        return redirect(url_for("proposals.show", proposal_id=proposal_id), 303)
    return render("proposals/_support.html", proposal=proposal, error=error, **_support_state(proposal),
                  **translated(NAMES)), 422 if error else 200


@bp.post("/<int:proposal_id>/support")
@login_required
def add_support(proposal_id):
    """Second the proposal (once); the counter updates in place."""
    proposal = _load(proposal_id)
    try:
        support.support(proposal.id, current_user)
    except proposals.DeliberationError as failure:
        return _support_box(proposal_id, ERRORS[failure.code])
    return _support_box(proposal_id)


@bp.post("/<int:proposal_id>/unsupport")
@login_required
def remove_support(proposal_id):
    """Take one's support back while the proposal collects support."""
    proposal = _load(proposal_id)
    try:
        support.unsupport(proposal.id, current_user)
    except proposals.DeliberationError as failure:
        return _support_box(proposal_id, ERRORS[failure.code])
    return _support_box(proposal_id)


@bp.get("/<int:proposal_id>/images/<int:image_id>")
@login_required
def image(proposal_id, image_id):
    """Serve a proposal's image only to those who may see the proposal."""
    proposal = _load(proposal_id)
    stored = db.session.get(ProposalImage, image_id)
    if stored is None or stored.proposal_id != proposal.id or not uploads_exist(stored.stored_name):
        abort(404)
    return uploads.send_image("proposals", stored.stored_name)


@bp.post("/<int:proposal_id>/images/<int:image_id>/delete")
@login_required
def delete_image(proposal_id, image_id):
    """Remove an image from a draft."""
    proposal = ensure(can_edit_proposal, _load(proposal_id))
    stored = db.session.get(ProposalImage, image_id)
    if stored is None or stored.proposal_id != proposal.id:
        abort(404)
    proposals.remove_image(proposal, stored, current_user)
    return redirect(url_for("proposals.edit", proposal_id=proposal.id), 303)


@bp.route("/<int:proposal_id>/flag", methods=["GET", "POST"])
@login_required
def flag(proposal_id):
    """Ask the moderators to look at a proposal."""
    proposal = _load(proposal_id)
    form = ReasonForm()
    if form.validate_on_submit():
        moderation.flag(proposal, current_user, form.reason.data)
        flash(_("Thank you: the moderators will look at it."), "success")
        return redirect(url_for("proposals.show", proposal_id=proposal.id), 303)
    status = 422 if request.method == "POST" else 200
    return render("proposals/flag.html", form=form, proposal=proposal), status


@bp.post("/<int:proposal_id>/hide")
@login_required
def hide(proposal_id):
    """Hide a proposal (moderators of its scope), telling the author why."""
    proposal = ensure(can_moderate_proposal, _load(proposal_id))
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Give a reason for hiding it."), "danger")
        return redirect(url_for("proposals.show", proposal_id=proposal.id), 303)
    try:
        moderation.hide_proposal(proposal, current_user, form.reason.data)
    except proposals.DeliberationError as failure:
        flash(ERRORS[failure.code], "warning")
    return redirect(url_for("proposals.show", proposal_id=proposal.id), 303)


@bp.post("/<int:proposal_id>/unhide")
@login_required
def unhide(proposal_id):
    """Show a hidden proposal again."""
    proposal = ensure(can_moderate_proposal, _load(proposal_id))
    moderation.unhide_proposal(proposal, current_user)
    return redirect(url_for("proposals.show", proposal_id=proposal.id), 303)


@bp.route("/settings", methods=["GET", "POST"])
@require(can_configure_deliberation)
def settings():
    """Set the community's support threshold and group-robot webhook."""
    current = proposals.settings_for(current_user.community_id)
    form = SettingsForm(obj=current)
    if form.validate_on_submit():
        if not (form.support_threshold_count.data or form.support_threshold_percent.data):
            form.support_threshold_count.errors.append(_("Set a number or a percentage."))
        else:
            proposals.update_settings(current_user.community_id, current_user, form.support_threshold_count.data,
                                      form.support_threshold_percent.data, form.webhook_url.data)
            flash(_("Settings saved."), "success")
            return redirect(url_for("proposals.settings"), 303)
    status = 422 if request.method == "POST" else 200
    return render("proposals/settings.html", form=form), status
