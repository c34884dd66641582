"""The community's front page and the language switch."""
from flask import Blueprint, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from ..extensions import db
from ..models import Building, Council, Household, User
from ..services import accounts, overview
from ..web import LANGUAGES, LOCALE_COOKIE, current_community, render

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    """Show the community at a glance."""
    community = current_community()
    stats = {}
    if community is not None:
        stats["households"] = db.session.scalar(
            select(func.count(Household.id)).join(Building).where(Building.community_id == community.id)
        )
        stats["residents"] = db.session.scalar(
            select(func.count(User.id)).where(User.community_id == community.id,
                                              User.status == "verified",
                                              User.household_id.is_not(None))
        )
        councils = db.session.execute(
            select(Council).where(Council.community_id == community.id)
        ).scalars().all()
    else:
        councils = []
    now = None
    if community is not None and current_user.is_authenticated and current_user.community_id == community.id:
        now = overview.happening_now(community.id, current_user.building_id,
                                     see_all=current_user.building_id is None)
    return render("main/index.html", community=community, stats=stats, councils=councils, now=now)


@bp.post("/language")
def set_language():
    """Switch the interface language and remember it (cookie, and the account if signed in)."""
    locale = request.form.get("locale")
    target = request.form.get("next") or url_for("main.index")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("main.index")
    response = redirect(target, 303)
    if locale in LANGUAGES:
        response.set_cookie(LOCALE_COOKIE, locale, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True)
        if current_user.is_authenticated:
            accounts.set_locale(current_user, locale)
    return response


@bp.get("/healthz")
def healthz():
    db.session.execute(select(1))
    return {"status": "ok"}
