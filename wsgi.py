"""Entry point for gunicorn: `gunicorn wsgi:app`."""
from deliberation import create_app

app = create_app()
