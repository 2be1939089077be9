"""Blueprints of the web service, one per area."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register every blueprint and the template filters."""
    from matchmaker.web import admin, filters, main, matching, needs, offers

    filters.init_app(app)
    app.register_blueprint(main.bp)
    app.register_blueprint(needs.bp)
    app.register_blueprint(offers.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(matching.bp)
