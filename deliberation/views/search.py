"""Search proposals and comments."""
from flask import Blueprint, request
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import Building
from ..models.proposal import CATEGORIES, STATUSES
from ..permissions import can_read_deliberation, can_see_building, require
from ..services import search as search_service
from ..web import render
from .deliberation_forms import CATEGORY_NAMES, STATUS_NAMES, translated

bp = Blueprint("search", __name__)


@bp.get("/search")
@require(can_read_deliberation)
def index():
    """Find proposals and comments by words (Chinese too), filtered by category, status and scope."""
    args = request.args
    query = args.get("q", "").strip()
    category = args.get("category") if args.get("category") in CATEGORIES else ""
    status = args.get("status") if args.get("status") in STATUSES else ""
    scope = args.get("scope", "")
    proposals, comments = search_service.search(current_user, query, category, status, scope)
    buildings = [b for b in db.session.execute(select(Building).where(
        Building.community_id == current_user.community_id).order_by(Building.sort_key)).scalars()
        if can_see_building(current_user, b.id)]
    return render("search/index.html", "search/_results.html", q=query, category=category, status=status,
                  scope=scope, proposals=proposals, comments=comments, buildings=buildings,
                  **translated({"CATEGORY_NAMES": CATEGORY_NAMES, "STATUS_NAMES": STATUS_NAMES}))
