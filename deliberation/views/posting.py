"""The shared posting rate limit: one budget per signed-in user across proposals, topics and comments."""
from flask import current_app
from flask_login import current_user

from ..extensions import limiter


def _user_key():
    return f"user:{current_user.id}" if current_user.is_authenticated else "anonymous"


def _limit():
    return current_app.config.get("POSTING_RATE_LIMIT", "10 per minute")


posting_limit = limiter.shared_limit(_limit, scope="posting", key_func=_user_key, methods=["POST"])
