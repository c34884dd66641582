"""Configuration read from the environment, with safe defaults for the demo."""
import os


def _database_url(instance_path):
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + os.path.join(instance_path, "deliberation.sqlite")
    # Heroku-style URLs name the old driver; psycopg 3 is what we install.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def from_environment(instance_path):
    """Return the configuration mapping for this process."""
    return {
        "SECRET_KEY": os.environ.get("SECRET_KEY") or _instance_secret(instance_path),
        "SQLALCHEMY_DATABASE_URI": _database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        "BABEL_DEFAULT_LOCALE": "zh_CN",
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("TIMEZONE", "Asia/Shanghai"),
        "LANGUAGES": ["zh_CN", "en"],
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SECURE_COOKIES") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": os.environ.get("SECURE_COOKIES") == "1",
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", ""),
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute"),
        # Who checks queued ballots: "background" (a thread in each web process), "external"
        # (`deliberation check-casts --loop` beside gunicorn) or "inline" (in the request; tests).
        "VOTE_CAST_CHECK": os.environ.get("VOTE_CAST_CHECK", ""),
        # How many proxies (nginx, a load balancer) stand in front and set X-Forwarded-*: their word
        # is taken for the client's address (rate limits), the scheme (HTTPS) and the host.
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES") or 0),
        # On PostgreSQL, make the cast gateway's queue insert wait for the disk too (see add_cast_engine).
        "CAST_QUEUE_DURABLE": os.environ.get("CAST_QUEUE_DURABLE") == "1",
    }


def _instance_secret(instance_path):
    """Keep a random secret key in instance/ so that restarts keep sessions valid."""
    path = os.path.join(instance_path, "secret_key")
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        key = os.urandom(32)
        os.makedirs(instance_path, exist_ok=True)
        with open(path, "wb") as f:
            f.write(key)
        os.chmod(path, 0o600)
        return key
