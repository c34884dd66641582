"""Generate one-time invite codes and redeem them at registration."""
import hashlib
import secrets

from sqlalchemy import select, update

from ..extensions import db
from ..models import Household, InviteCode, User
from ..models.base import utcnow
from . import audit, residents

# No 0/O, 1/I/L: codes are typed from paper, often by elderly residents.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


class RegistrationError(Exception):
    """A registration was refused; code names the reason."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def normalise_code(code):
    return "".join(ch for ch in (code or "").upper() if ch in ALPHABET)


def hash_code(code):
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def format_code(code):
    return "-".join(code[i:i + 5] for i in range(0, len(code), 5))


def generate(households, actor):
    """Issue a fresh code per household, revoking its unused ones; return [(household, code)]."""
    now = utcnow()
    ids = [h.id for h in households]
    db.session.execute(
        update(InviteCode)
        .where(InviteCode.household_id.in_(ids), InviteCode.used_at.is_(None),
               InviteCode.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    issued = []
    for household in households:
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        db.session.add(InviteCode(household_id=household.id, code_hash=hash_code(code),
                                  created_by_id=actor.id))
        issued.append((household, format_code(code)))
    audit.record(actor, "invites.generate", None, households=ids)
    db.session.commit()
    return issued


def register(community, code, name, phone, email, password, occupancy):
    """Create a verified resident from an invite code, or raise RegistrationError."""
    invite = db.session.execute(
        select(InviteCode).where(InviteCode.code_hash == hash_code(code))
    ).scalar_one_or_none()
    if invite is None or invite.revoked_at is not None:
        raise RegistrationError("bad_code")
    if invite.used_at is not None:
        raise RegistrationError("used_code")
    household = db.session.get(Household, invite.household_id)
    if household.building.community_id != community.id:
        raise RegistrationError("bad_code")
    if phone and db.session.execute(select(User.id).where(User.phone == phone)).first():
        raise RegistrationError("phone_taken")
    if email and db.session.execute(select(User.id).where(User.email == email)).first():
        raise RegistrationError("email_taken")
    user = User(community_id=community.id, household_id=household.id, name=name,
                phone=phone or None, email=email or None, status="verified",
                occupancy=occupancy)
    birth = residents.register_birth_date(household, name)  # the register's owner: their birth date too
    if birth is not None:
        user.birth_date, user.birth_year_only = birth.day, birth.year_only
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    # The conditional update is the lock: of two simultaneous registrations with one
    # code, only one sees a row it can claim.
    claimed = db.session.execute(
        update(InviteCode)
        .where(InviteCode.id == invite.id, InviteCode.used_at.is_(None))
        .values(used_at=utcnow(), used_by_id=user.id)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        raise RegistrationError("used_code")
    audit.record(user, "resident.register", user, household=household.id, occupancy=occupancy)
    db.session.commit()
    return user
