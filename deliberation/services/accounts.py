"""Sign-in, sign-out and password changes."""
from sqlalchemy import or_, select

from ..extensions import db
from ..models import User
from . import audit


def find_login(identifier):
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    return db.session.execute(
        select(User).where(or_(User.phone == identifier, User.email == identifier.lower()))
    ).scalar_one_or_none()


def authenticate(identifier, password):
    """Return the active user with these credentials, or None."""
    user = find_login(identifier)
    if user is None or not user.is_active or not user.check_password(password):
        return None
    return user


def end_sessions(user):
    """Invalidate every cookie issued to this user so far."""
    user.session_version += 1
    db.session.commit()


def change_password(user, new_password):
    user.set_password(new_password)
    user.session_version += 1
    audit.record(user, "account.password", user)
    db.session.commit()


def set_locale(user, locale):
    user.locale = locale
    db.session.commit()
