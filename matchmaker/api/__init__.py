"""The versioned JSON API under ``/api/v1``.

Built on flask-smorest (marshmallow schemas, OpenAPI generated from the views, see
``openapi.py``). Views are thin: they load and dump with schemas, call the same
services and the same policy module as the pages, and answer errors as problem
details through ``matchmaker.errors``.
"""

from __future__ import annotations

from flask import Flask

from matchmaker.policy import ANYONE, allow


def init_app(app: Flask) -> None:
    """Register the API blueprints, token authentication and the document route."""
    from matchmaker.api import auth, docs, openapi, reference
    from matchmaker.extensions import csrf

    openapi.configure(app)
    api = openapi.MatchmakerApi(app)
    app.extensions["matchmaker-api"] = api
    for blueprint in (reference.bp, *_resource_blueprints()):
        api.register_blueprint(blueprint)
        csrf.exempt(blueprint)
    app.add_url_rule(
        f"{openapi.API_PREFIX}/openapi.json",
        "api_openapi",
        allow(ANYONE)(openapi.document),
    )
    app.register_blueprint(docs.bp)
    auth.init_app(app)


def _resource_blueprints() -> tuple:
    """The resource blueprints; each module holds one area of the API."""
    from matchmaker.api import (
        exports,
        interests,
        needs,
        notifications,
        offers,
        pairings,
        region,
        runs,
        suggestions,
    )

    return (
        needs.bp,
        offers.bp,
        suggestions.bp,
        interests.bp,
        pairings.bp,
        runs.bp,
        region.bp,
        notifications.bp,
        exports.bp,
    )
