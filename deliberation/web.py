"""Request-level wiring: who is signed in, which language, security headers, template helpers."""
from flask import g, render_template, request
from babel import Locale
from flask_babel import format_decimal, get_locale
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import joinedload

from .extensions import db, login_manager
from .models import Community, User

LOCALE_COOKIE = "lang"
LANGUAGES = {"zh_CN": "中文", "en": "English"}

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


_PARSED_LOCALES = {name: Locale.parse(name) for name in LANGUAGES}


def select_locale():
    # load_user noted the account's language: reading it here would reload an account that a
    # commit earlier in the request has expired.
    current_user._get_current_object()
    chosen = g.get("user_locale")
    if chosen not in LANGUAGES:
        chosen = request.cookies.get(LOCALE_COOKIE)
    # A parsed Locale: Babel would otherwise parse the name again on every request.
    return _PARSED_LOCALES[chosen if chosen in LANGUAGES else "zh_CN"]


def select_timezone():
    from flask import current_app

    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


@login_manager.user_loader
def load_user(user_id):
    """Accept a cookie only while its session version is still the user's."""
    parsed = User.parse_id(user_id)
    if parsed is None:
        return None
    ident, version = parsed
    # One query for the account, its roles and its household: every page asks about them.
    user = db.session.get(User, ident, options=[joinedload(User.roles), joinedload(User.household)])
    if user is None or user.session_version != version or not user.is_active:
        return None
    g.user_locale = user.locale
    return user


def current_community():
    """The community this request is about: the user's, or the platform's first."""
    if "community" not in g:
        if current_user.is_authenticated:
            g.community = db.session.get(Community, current_user.community_id)
        else:
            g.community = db.session.execute(db.select(Community).order_by(Community.id)).scalars().first()
    return g.community


SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)


def set_security_headers(response):
    for name, value in SECURITY_HEADERS:
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    # One URL serves the page and, to htmx, its partial: caches must keep them apart.
    response.vary.add("HX-Request")
    return response


def yuan(fen):
    """Format an amount in fen as yuan for the current locale."""
    if fen is None:
        return ""
    return "¥" + format_decimal(fen / 100, format="#,##0.00")


def square_metres(hundredths):
    """Format an area stored in 0.01 m²."""
    if hundredths is None:
        return ""
    return Markup(format_decimal(hundredths / 100, format="#,##0.00") + "&nbsp;m²")


def is_htmx():
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-Boosted")


def render(template, partial=None, **context):
    """Render the page, or only its partial for an htmx (non-boosted) request."""
    if partial and is_htmx():
        return render_template(partial, **context)
    return render_template(template, **context)


def error_page(error):
    code = getattr(error, "code", 500)
    return render_template("error.html", code=code), code


def init_app(app):
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "basic"
    app.after_request(set_security_headers)
    app.add_template_filter(yuan)
    app.add_template_filter(square_metres)
    app.jinja_env.globals.update(
        current_community=current_community,
        current_locale=lambda: "zh_CN" if get_locale().language == "zh" else "en",
        LANGUAGES=LANGUAGES,
    )
    from . import permissions

    app.jinja_env.globals["can"] = lambda check, obj=None: getattr(permissions, check)(current_user, obj)
    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, error_page)
