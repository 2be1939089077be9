"""Blueprints of the web service, one per area."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register every blueprint and the template filters."""
    from matchmaker.web import admin, calls, filters, main, matching, needs, offers

    filters.init_app(app)
    app.register_blueprint(main.bp)
    app.register_blueprint(needs.bp)
    app.register_blueprint(offers.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(matching.bp)

    from matchmaker.web import match_settings

    app.register_blueprint(match_settings.bp)
    from matchmaker.web import notifications

    app.register_blueprint(notifications.bp)
    app.register_blueprint(calls.bp)

    from matchmaker.web import interests, pairings, review

    app.register_blueprint(review.bp)
    app.register_blueprint(pairings.bp)
    app.register_blueprint(interests.bp)

    from matchmaker.web import countries, region, report

    app.register_blueprint(region.bp)
    app.register_blueprint(countries.bp)
    app.register_blueprint(report.bp)

    from matchmaker.web import match_progress  # noqa: F401 (Matching page section)
