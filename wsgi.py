"""Entry point for WSGI servers: `gunicorn wsgi:app`."""

from eexpo import create_app

app = create_app()
