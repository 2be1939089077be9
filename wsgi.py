"""WSGI entry point: ``gunicorn wsgi:app`` (run ``matchmaker db upgrade`` first)."""

from matchmaker import create_app

app = create_app()
