"""The household register: list, CSV import, invite slips."""
import segno
from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Building, Household, InviteCode, User
from ..permissions import can_manage_households, require
from ..services import households as household_service
from ..services import invites
from ..web import current_community, render
from ..messages import describe_register_error
from .forms import ImportForm

bp = Blueprint("households", __name__, url_prefix="/households")

def _buildings():
    community = current_community()
    return db.session.execute(
        select(Building).where(Building.community_id == community.id).order_by(Building.sort_key)
        .options(selectinload(Building.households).selectinload(Household.residents))
    ).scalars().all()


@bp.get("/")
@require(can_manage_households)
def index():
    """List every household by building, with how many residents have registered."""
    pending = dict(db.session.execute(
        select(InviteCode.household_id, func.count(InviteCode.id))
        .where(InviteCode.used_at.is_(None), InviteCode.revoked_at.is_(None))
        .group_by(InviteCode.household_id)
    ).all())
    return render("households/index.html", buildings=_buildings(), pending=pending,
                  form=ImportForm())


@bp.route("/import", methods=["GET", "POST"])
@require(can_manage_households)
def import_register():
    """Import the register from CSV; report every bad row and import nothing if there is one."""
    form = ImportForm()
    errors = []
    if form.validate_on_submit():
        data = form.file.data.read()
        created, updated, row_errors = household_service.import_register(
            current_community(), data, current_user)
        if not row_errors:
            flash(_("Register imported: %(created)d new households, %(updated)d updated.",
                    created=created, updated=updated), "success")
            return redirect(url_for("households.index"), 303)
        errors = [(e.line, describe_register_error(e)) for e in row_errors]
    status = 422 if (errors or form.errors) else 200
    return render("households/import.html", form=form, errors=errors), status


@bp.post("/invites")
@require(can_manage_households)
def generate_invites():
    """Issue invite codes and show the A4 sheet of slips to print (codes are shown only once)."""
    community = current_community()
    query = select(Household).join(Building).where(Building.community_id == community.id)
    building_id = request.form.get("building_id", type=int)
    if building_id:
        query = query.where(Household.building_id == building_id)
    if request.form.get("only_unregistered"):
        query = query.where(~Household.residents.any(User.status.in_(("pending", "verified"))))
    selected = db.session.execute(query.order_by(Household.building_id, Household.unit,
                                                 Household.room)).scalars().all()
    if not selected:
        flash(_("No household matches; no codes were issued."), "warning")
        return redirect(url_for("households.index"), 303)
    issued = invites.generate(selected, current_user)
    base = request.host_url.rstrip("/")
    slips = []
    for household, code in issued:
        link = base + url_for("auth.register", code=code.replace("-", ""))
        slips.append({"household": household, "code": code, "link": link,
                      "qr": segno.make(link, error="m").svg_data_uri(scale=3, border=1)})
    flash(ngettext("%(num)d invite code issued.", "%(num)d invite codes issued.", len(slips)), "success")
    return render("households/slips.html", slips=slips, community=community)
