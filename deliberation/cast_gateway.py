"""The cast gateway: a resident's ballot queued without going through the whole Flask request cycle.

On polling day nearly every request a busy server gets is `POST /votes/<id>/cast`, or the
voter's page asking `GET /votes/<id>/cast/<tracker>` whether the ballot is checked yet. This WSGI
middleware, in front of the app, answers the common case of each itself. That case is a signed-in
resident, an open vote this process already knows, and for a cast a valid CSRF token and a
well-formed ballot; for a question, a ballot of theirs still waiting. The checks are the ones the
app makes, done the app's way:

- the session cookie is opened by the app's own session interface (signature, expiry, key fallbacks);
- the CSRF token is checked as Flask-WTF checks it: its serializer and salt, its time limit, a
  constant-time comparison with the session's token, and the referrer on HTTPS;
- each answer is one statement (services/quick_cast.py) that checks the session version, the
  account's status, its community and the building, as the login and permissions.is_building_member do.

Anything else is handed to the app untouched (the body put back), and the app gives the precise
answer in the user's language: no session, a bad token, an unknown or closed vote, staff, a
duplicate, bad JSON, a ballot accepted or refused. Each ballot's proofs are checked afterwards,
and every acceptance or refusal is audited with the voter as actor (services/vote_checker.py), as
on the app's own path.

What it does not reproduce, it steps aside for: sessions other than the app's signed cookies, and
Flask-Login's "strong" session protection. It applies no Flask-Limiter limit: the cast routes have
none; one added to them would need the same check here.
"""
import hmac
import json
import re
from io import BytesIO
from types import SimpleNamespace

from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import same_origin
from itsdangerous import BadData, URLSafeTimedSerializer
from werkzeug.http import parse_cookie

from .services import quick_cast, vote_casting, vote_checker
from .web import SECURITY_HEADERS

CAST_PATH = re.compile(r"/votes/([0-9]+)/cast")
STATUS_PATH = re.compile(r"/votes/([0-9]+)/cast/([0-9a-f]{64})")
# Flask-Login keeps the signed-in account here (flask_login.login_user).
USER_KEY = "_user_id"


class PerKey:
    """One value kept, built again when the key it was built for changes (a secret key rotation)."""

    def __init__(self):
        self.kept = (object(), None)

    def get(self, key, build):
        made_for, value = self.kept
        if made_for != key:
            value = build()
            self.kept = (key, value)
        return value


class Sessions(SecureCookieSessionInterface):
    """The app's session interface, whose signing serializer is built once per set of keys, not per request.

    Opening a session is Flask's own open_session; only the serializer it asks for is kept.
    """

    def __init__(self, interface):
        self.__dict__.update(vars(interface))  # any settings made on the app's instance
        self.source, self.serializers = interface, PerKey()

    def get_signing_serializer(self, app):
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        return self.serializers.get(keys, lambda: super(Sessions, self).get_signing_serializer(app))


class CastGateway:
    """WSGI middleware: `app.wsgi_app = CastGateway(app, app.wsgi_app)`."""

    def __init__(self, app, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app
        self.engine = self.sessions = None
        self.csrf_serializers = PerKey()

    def __call__(self, environ, start_response):
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        answer = None
        if method == "POST" and (match := CAST_PATH.fullmatch(path)) and self.ready():
            answer = self.take(int(match[1]), environ)
        elif method == "GET" and (match := STATUS_PATH.fullmatch(path)) and self.ready():
            answer = self.tell(int(match[1]), match[2], environ)
        if answer is not None:
            return self.respond(answer, environ, start_response)
        return self.wsgi_app(environ, start_response)

    def ready(self):
        """Whether this app's set-up is one the gateway reproduces exactly; else the app does it all."""
        app = self.app
        if vote_checker.mode(app) == "inline" or type(app.session_interface) is not SecureCookieSessionInterface:
            return False
        if app.config.get("SESSION_PROTECTION", app.login_manager.session_protection) == "strong":
            return False
        if self.sessions is None or self.sessions.source is not app.session_interface:
            self.sessions = Sessions(app.session_interface)
        if self.engine is None:
            from .extensions import db

            with app.app_context():
                self.engine = db.engines.get("cast", db.engine)  # see deliberation.add_cast_engine
        return True

    def signed_in(self, vote_id, environ):
        """(the open vote, the session) if this process knows the vote open and someone is signed in."""
        view = vote_casting.known_open_vote(self.app, vote_id)
        session = self.session(environ) if view is not None else None
        return (view, session) if session is not None and USER_KEY in session else None

    def take(self, vote_id, environ):
        """Queue the ballot and return the answer, or None (the body put back) for the app to handle."""
        found = self.signed_in(vote_id, environ)
        if found is None or not self.csrf_passes(environ, found[1]):
            return None
        view, session = found
        body = self.body(environ)
        if body is None:
            return None
        try:
            ballot = json.loads(body)["ballot"]
        except (ValueError, TypeError, KeyError):
            ballot = None
        submission = ballot is not None and self.ask(quick_cast.submit, view, session[USER_KEY], ballot)
        if not submission:
            environ["wsgi.input"] = BytesIO(body)
            return None
        vote_checker.wake(self.app)
        return self.pending(vote_id, submission.tracker, environ)

    def tell(self, vote_id, tracker, environ):
        """Answer "still being checked" about the voter's own ballot; None for the app (any other case)."""
        found = self.signed_in(vote_id, environ)
        if found is None or not self.ask(quick_cast.still_pending, found[0], found[1][USER_KEY], tracker):
            return None
        return self.pending(vote_id, tracker, environ)

    def ask(self, statement, *args):
        try:
            return statement(self.engine, *args)
        except self.engine.dialect.loaded_dbapi.Error:
            # The database refused or went away: the app tries again, and logs and answers as it does.
            self.app.logger.exception("cast gateway: %s failed; passing the request to the app", statement.__name__)
            return None

    def pending(self, vote_id, tracker, environ):
        # The app's own route, built without a request context (as url_for would, under SCRIPT_NAME).
        urls = self.app.url_map.bind("", script_name=environ.get("SCRIPT_NAME") or None)
        poll = urls.build("ballots.cast_status", {"vote_id": vote_id, "tracker": tracker})
        return {"ok": True, "poll": poll, "state": "pending", "tracker": tracker}

    def session(self, environ):
        request = SimpleNamespace(cookies=parse_cookie(environ))
        return self.sessions.open_session(self.app, request)

    def csrf_passes(self, environ, session):
        """Flask-WTF's check (flask_wtf.csrf.CSRFProtect.protect and validate_csrf) on the header token."""
        config = self.app.config
        if not (config.get("WTF_CSRF_ENABLED", True) and config.get("WTF_CSRF_CHECK_DEFAULT", True)):
            return True
        field = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
        keys = ("HTTP_" + name.upper().replace("-", "_")
                for name in config.get("WTF_CSRF_HEADERS", ["X-CSRFToken", "X-CSRF-Token"]))
        sent = next((environ[key] for key in keys if environ.get(key)), None)
        if not sent or field not in session:
            return False
        try:
            token = self.csrf_tokens().loads(sent, max_age=config.get("WTF_CSRF_TIME_LIMIT", 3600))
        except BadData:
            return False
        if not isinstance(token, str) or not isinstance(session[field], str) \
                or not hmac.compare_digest(session[field].encode(), token.encode()):
            return False
        if environ.get("wsgi.url_scheme") == "https" and config.get("WTF_CSRF_SSL_STRICT", True):
            referrer = environ.get("HTTP_REFERER")
            return bool(referrer) and same_origin(referrer, f"https://{environ.get('HTTP_HOST', '')}/")
        return True

    def csrf_tokens(self):
        """Flask-WTF's token serializer for the current key, built once per key."""
        key = self.app.config.get("WTF_CSRF_SECRET_KEY") or self.app.secret_key
        return self.csrf_serializers.get(key, lambda: URLSafeTimedSerializer(key, salt="wtf-csrf-token"))

    def body(self, environ):
        """The posted JSON's bytes, if it is JSON of a declared length within the app's limit."""
        if environ.get("CONTENT_TYPE", "").split(";")[0].strip() != "application/json":
            return None
        try:
            length = int(environ.get("CONTENT_LENGTH") or "")
        except ValueError:
            return None
        limit = self.app.config.get("MAX_CONTENT_LENGTH")
        if length <= 0 or limit is not None and length > limit:
            return None
        return environ["wsgi.input"].read(length)

    def respond(self, answer, environ, start_response):
        data = json.dumps(answer, separators=(",", ":")).encode()
        headers = [("Content-Type", "application/json"), ("Content-Length", str(len(data))),
                   ("Cache-Control", "no-store"), ("Vary", "Cookie, HX-Request"), *SECURITY_HEADERS]
        if environ.get("wsgi.url_scheme") == "https":
            headers.append(("Strict-Transport-Security", "max-age=31536000"))
        start_response("200 OK", headers)
        return [data]
