"""The floor the service is compared with: one Flask route reading 20 needs.

A minimal Flask app with Flask-SQLAlchemy on the same database
(``MATCHMAKER_DATABASE_URL``), served by gunicorn with the same settings as the
service (``benchmarks/load/servers.py``). Its route reads 20 rows of the ``needs``
table through the ORM's session and writes them as a small HTML list: what any
Flask page on this stack costs before the service adds sessions, the access
policy, templates, counting and paging. No sessions, no CSRF, no templates: the
ratio of the service's list page to this is what the application costs.

    gunicorn --config gunicorn.conf.py 'benchmarks.load.bare_app:create_app()'
"""

from __future__ import annotations

import os
from html import escape

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Column, Integer, MetaData, String, Table, select

ROWS = 20

db = SQLAlchemy()
# Only the columns read; the table itself belongs to the service's migrations.
needs = Table(
    "needs",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("title", String),
    Column("country_alpha3", String),
    Column("status", String),
)


def create_app() -> Flask:
    """The bare app on the database named by ``MATCHMAKER_DATABASE_URL``."""
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["MATCHMAKER_DATABASE_URL"]
    db.init_app(app)

    @app.get("/healthz")
    def healthz() -> str:
        return "ok"

    @app.get("/rows")
    def rows() -> str:
        query = select(needs).order_by(needs.c.id.desc()).limit(ROWS)
        items = "".join(
            f"<li>{row.id} {escape(row.country_alpha3)} {escape(row.status)} "
            f"{escape(row.title)}</li>"
            for row in db.session.execute(query)
        )
        return f"<!doctype html><title>Needs</title><ul>{items}</ul>"

    return app
