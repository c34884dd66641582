"""Boards and threads: the community board, building boards, comments, reactions and moderation."""
from types import SimpleNamespace

from flask import Blueprint, abort, flash, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..extensions import db
from ..models import Building, Comment, Thread
from ..permissions import (can_edit_comment, can_moderate_comment, can_moderate_scope, can_post_in_thread,
                           can_read_deliberation, can_see_building, can_see_comment, can_see_scope,
                           can_see_thread, ensure, require)
from ..services import comments as comment_service
from ..services import moderation
from ..services.markup import render_markdown
from ..services.proposals import DeliberationError
from ..domain.deliberation_rules import may_edit
from ..models.base import utcnow
from ..web import render
from .deliberation_forms import (ERRORS, ORDER_NAMES, REACTION_NAMES, CommentForm, ReasonForm, ThreadForm,
                                 translated)
from .posting import posting_limit

bp = Blueprint("threads", __name__)
NAMES = dict(ORDER_NAMES=ORDER_NAMES, REACTION_NAMES=REACTION_NAMES)


@bp.app_template_filter("markdown")
def markdown_filter(text):
    return render_markdown(text)


@bp.app_template_global()
def comment_form():
    """An empty comment form's fields, without building a whole FlaskForm for every reply box."""
    return SimpleNamespace(body=SimpleNamespace(data="", errors=[]))


@bp.app_template_global()
def moderates_anything():
    """Whether the signed-in user looks after any board (for the header's link to the reports)."""
    return current_user.is_authenticated and (
        can_moderate_scope(current_user, None) or any(g.role == "captain" for g in current_user.roles))


@bp.app_template_global()
def comment_editable(comment):
    return can_edit_comment(current_user, comment) and may_edit(comment.created_at, utcnow())


def _thread(thread_id):
    return ensure(can_see_thread, db.session.get(Thread, thread_id) or abort(404))


def _comment(comment_id):
    return ensure(can_see_comment, db.session.get(Comment, comment_id) or abort(404))


def _back_to(thread, anchor=None):
    if thread.proposal_id:
        target = url_for("proposals.show", proposal_id=thread.proposal_id)
    else:
        target = url_for("threads.show", thread_id=thread.id)
    return redirect(target + (f"#{anchor}" if anchor else ""), 303)


@bp.get("/boards")
@require(can_read_deliberation)
def boards():
    """List the boards this user may read: the community's and their building's."""
    buildings = db.session.execute(select(Building).where(Building.community_id == current_user.community_id)
                                   .order_by(Building.sort_key)).scalars().all()
    visible = [b for b in buildings if can_see_building(current_user, b.id)]
    return render("threads/boards.html", buildings=visible)


def _board(building_id):
    building = None
    if building_id is not None:
        building = db.session.get(Building, building_id)
        if building is None or building.community_id != current_user.community_id:
            abort(404)
    ensure(can_see_scope, building_id)
    page = max(1, request.args.get("page", 1, type=int))
    threads, more = comment_service.board_threads(current_user.community_id, building_id, page)
    form = ThreadForm()
    return building, threads, more, page, form


@bp.route("/boards/community", methods=["GET", "POST"], defaults={"building_id": None})
@bp.route("/boards/building/<int:building_id>", methods=["GET", "POST"])
@login_required
@posting_limit
def board(building_id):
    """Show a board's topics and start a new one."""
    building, threads, more, page, form = _board(building_id)
    if request.method == "POST":
        if not (current_user.status == "verified" or can_moderate_scope(current_user, building_id)):
            abort(403)
        if form.validate_on_submit():
            thread = comment_service.start_thread(current_user, building_id, form.title.data, form.body.data)
            return redirect(url_for("threads.show", thread_id=thread.id), 303)
    status = 422 if request.method == "POST" else 200
    return render("threads/board.html", "threads/_topics.html", building=building, threads=threads, more=more,
                  page=page, form=form), status


@bp.get("/threads/<int:thread_id>")
@login_required
def show(thread_id):
    """Show a topic and its comments, newest, most agreed or common ground first."""
    thread = _thread(thread_id)
    if thread.proposal_id:
        return redirect(url_for("proposals.show", proposal_id=thread.proposal_id, **request.args), 303)
    order = request.args.get("order") if request.args.get("order") in comment_service.ORDERS else "new"
    page = max(1, request.args.get("page", 1, type=int))
    grouping = request.args.get("by") if request.args.get("by") in comment_service.GROUPINGS else "building"
    top, replies, more = comment_service.thread_comments(thread, order, page, grouping)
    mine = comment_service.my_reactions(current_user, comment_service.ids_on_page(top, replies))
    return render("threads/show.html", "threads/_comments.html", thread=thread, top=top, replies=replies,
                  more=more, order=order, grouping=grouping, page=page, mine=mine, **translated(NAMES))


@bp.post("/threads/<int:thread_id>/comments")
@login_required
@posting_limit
def post_comment(thread_id):
    """Add a comment or a reply; htmx gets the new comment to insert, others the page again."""
    thread = ensure(can_post_in_thread, _thread(thread_id))
    form = CommentForm()
    parent_id = request.form.get("parent_id", type=int)
    error = None
    if form.validate_on_submit():
        try:
            comment = comment_service.post_comment(thread, current_user, form.body.data, parent_id)
        except DeliberationError as failure:
            error = ERRORS[failure.code]
        else:
            if request.headers.get("HX-Request") == "true":
                return render("threads/_comment.html", c=comment, replies={}, mine={}, thread=thread,
                              **translated(NAMES))
            return _back_to(thread, f"comment-{comment.id}")
    response = make_response(render("threads/comment_error.html", "threads/_comment_form.html", thread=thread,
                                    form=form, error=error, parent_id=parent_id), 422)
    # The form, not the list it would have added to, shows the error.
    form_id = f"comment-form-{thread.id}" + (f"-{parent_id}" if parent_id else "")
    response.headers["HX-Retarget"] = f"#{form_id}"
    response.headers["HX-Reswap"] = "outerHTML"
    return response


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def edit_comment(comment_id):
    """Correct one's comment within 15 minutes."""
    comment = ensure(can_edit_comment, _comment(comment_id))
    form = CommentForm(obj=comment)
    error = None
    if form.validate_on_submit():
        try:
            comment_service.edit_comment(comment, current_user, form.body.data)
        except DeliberationError as failure:
            error = ERRORS[failure.code]
        else:
            return _back_to(comment.thread, f"comment-{comment.id}")
    status = 422 if request.method == "POST" else 200
    return render("threads/edit.html", comment=comment, form=form, error=error), status


@bp.post("/comments/<int:comment_id>/react")
@login_required
def react(comment_id):
    """Agree, disagree or pass; htmx swaps the reaction bar in place."""
    comment = _comment(comment_id)
    ensure(can_post_in_thread, comment.thread)
    try:
        comment = comment_service.react(comment, current_user, request.form.get("kind", ""))
    except DeliberationError as failure:
        if request.headers.get("HX-Request") != "true":
            flash(ERRORS[failure.code], "danger")
            return _back_to(comment.thread, f"comment-{comment.id}")
        return render("threads/_reactions.html", c=comment, mine={}, error=ERRORS[failure.code],
                      **translated(NAMES)), 422
    if request.headers.get("HX-Request") != "true":
        return _back_to(comment.thread, f"comment-{comment.id}")
    return render("threads/_reactions.html", c=comment,
                  mine=comment_service.my_reactions(current_user, [comment.id]), **translated(NAMES))


@bp.get("/comments/<int:comment_id>/groups")
@login_required
def groups(comment_id):
    """Show how each building, and owners and tenants, reacted to a comment."""
    comment = _comment(comment_id)
    by_building, by_occupancy = comment_service.agreement_by_group(comment)
    names = dict(db.session.execute(select(Building.id, Building.name)
                                    .where(Building.community_id == current_user.community_id)).all())
    return render("threads/groups.html", "threads/_groups.html", comment=comment, by_building=by_building,
                  by_occupancy=by_occupancy, building_names=names)


@bp.route("/comments/<int:comment_id>/flag", methods=["GET", "POST"])
@login_required
def flag_comment(comment_id):
    """Ask the moderators to look at a comment."""
    comment = _comment(comment_id)
    form = ReasonForm()
    if form.validate_on_submit():
        moderation.flag(comment, current_user, form.reason.data)
        flash(_("Thank you: the moderators will look at it."), "success")
        return _back_to(comment.thread, f"comment-{comment.id}")
    status = 422 if request.method == "POST" else 200
    return render("threads/flag.html", form=form, comment=comment), status


@bp.post("/comments/<int:comment_id>/hide")
@login_required
def hide_comment(comment_id):
    """Hide a comment with a reason (the building's captain, or a worker); the author is told."""
    comment = ensure(can_moderate_comment, _comment(comment_id))
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Give a reason for hiding it."), "danger")
    else:
        try:
            moderation.hide_comment(comment, current_user, form.reason.data)
        except DeliberationError as failure:
            flash(ERRORS[failure.code], "warning")
    return _back_to(comment.thread, f"comment-{comment.id}")


@bp.post("/comments/<int:comment_id>/unhide")
@login_required
def unhide_comment(comment_id):
    """Show a hidden comment again."""
    comment = ensure(can_moderate_comment, _comment(comment_id))
    moderation.unhide_comment(comment, current_user)
    return _back_to(comment.thread, f"comment-{comment.id}")


@bp.get("/moderation")
@login_required
def queue():
    """List open flags in the places this moderator looks after."""
    if not moderates_anything():
        abort(403)
    flags = moderation.open_flags(current_user)
    items = [(f, moderation.flagged_object(f)) for f in flags]
    return render("threads/moderation.html", items=items, form=ReasonForm())
