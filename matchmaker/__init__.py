"""matchmaker: pairs country needs with cooperation offers in health biotechnology."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from matchmaker.body_limit import limit_streamed_bodies
from matchmaker.config import build_config, env
from matchmaker.resources import resource_dir

__all__ = ["create_app"]


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application; ``config`` overrides what the environment says."""
    instance_path = env("INSTANCE_PATH")
    app = Flask(
        __name__,
        template_folder=str(resource_dir("templates")),
        instance_path=str(Path(instance_path).resolve()) if instance_path else None,
        instance_relative_config=True,
    )
    app.config.from_mapping(build_config(Path(app.instance_path)))
    app.config.from_mapping(config or {})
    os.makedirs(app.instance_path, exist_ok=True)
    # Imported here, as the rest: importing the pure parts of the package
    # (matchmaker.matching, matchmaker.pictures) must not load database code.
    from matchmaker import logs, proxies

    logs.configure(app)
    proxies.init_app(app)

    from matchmaker import auth, cli, database, errors, policy, routing, security, web
    from matchmaker.extensions import csrf, db, mail, migrate

    limit_streamed_bodies(app)
    routing.init_app(app)
    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(resource_dir("migrations")), render_as_batch=True
    )
    csrf.init_app(app)
    mail.init_app(app)
    with app.app_context():
        database.configure_engine(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    auth.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    web.init_app(app)
    from matchmaker import api

    api.init_app(app)
    cli.init_app(app)
    policy.check_every_view_has_a_rule(app)
    return app
