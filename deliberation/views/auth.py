"""Sign in, sign out, register with an invite code, manage one's own account."""
from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import limiter
from ..messages import RESIDENT_STATUS_NAMES
from ..services import accounts, invites
from ..web import current_community, render
from .forms import LoginForm, PasswordForm, RegisterForm

bp = Blueprint("auth", __name__)

REGISTRATION_ERRORS = {
    "bad_code": _l("This invite code is not valid. Check it against your slip, or ask the community office."),
    "used_code": _l("This invite code has already been used. Ask the community office for a new one."),
    "phone_taken": _l("An account with this phone number already exists."),
    "email_taken": _l("An account with this e-mail address already exists."),
}


def _safe_next(default):
    target = request.args.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else default


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    """Sign in with a phone number or e-mail address and a password."""
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.identifier.data, form.password.data)
        if user is None:
            form.password.errors.append(_("Wrong phone/e-mail or password, or the account is suspended."))
        else:
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(url_for("main.index")), 303)
    return render("auth/login.html", form=form), 422 if form.errors else 200


@bp.post("/logout")
@login_required
def logout():
    """Sign out everywhere: bumping the session version voids every copy of the cookie."""
    accounts.end_sessions(current_user)
    logout_user()
    return redirect(url_for("main.index"), 303)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def register():
    """Create a resident account with the invite code printed on the household's slip."""
    form = RegisterForm()
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"]
    if form.validate_on_submit():
        try:
            user = invites.register(
                current_community(), form.code.data, form.name.data.strip(),
                (form.phone.data or "").strip(), (form.email.data or "").strip().lower(),
                form.password.data, form.occupancy.data,
            )
        except invites.RegistrationError as error:
            form.code.errors.append(REGISTRATION_ERRORS[error.code])
        else:
            login_user(user)
            flash(_("Welcome, %(name)s! Your account is linked to %(address)s.",
                    name=user.name, address=user.household.address), "success")
            return redirect(url_for("main.index"), 303)
    status = 422 if form.errors else 200
    return render("auth/register.html", form=form), status


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Show one's own account; change the password (which signs out other devices)."""
    form = PasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append(_("The current password is wrong."))
        else:
            accounts.change_password(current_user, form.password.data)
            login_user(current_user._get_current_object())  # this device stays signed in
            flash(_("Password changed. Other devices have been signed out."), "success")
            return redirect(url_for("auth.account"), 303)
    return render("auth/account.html", form=form, STATUS_NAMES=RESIDENT_STATUS_NAMES), 422 if form.errors else 200
