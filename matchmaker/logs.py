"""Log lines: one format for app, CLI, worker and gunicorn, with request ids.

Production writes JSON lines (one object per record) so a log collector can index
them without guessing; development writes plain text for people at a terminal.
``MATCHMAKER_LOG_FORMAT`` chooses (``json`` or ``text``; by default JSON in
production). Every record made while a request is served carries that request's
id, the same id the response sends back in ``X-Request-Id``, so a complaint that
quotes the id leads to every line of that request across processes.

Each request also writes one access line (logger ``matchmaker.access``): method,
path, status, duration, user id and client address. It replaces gunicorn's
access log, which knows neither the request id nor the user.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from flask import Flask, Response, g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter
from sqlalchemy import inspect

from matchmaker.config import env, log_format

ACCESS_LOGGER = "matchmaker.access"
REQUEST_ID_HEADER = "X-Request-Id"
# A request id handed in by a proxy is kept only when it is a plain token: it ends
# up in logs, audit events (64 characters at most) and a response header, so
# nothing that could forge a log line.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
JSON_FIELDS = "{asctime}{levelname}{name}{message}{request_id}{process}"


class RequestIdFilter(logging.Filter):
    """Stamps each record with the current request's id ("-" outside requests)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


def current_request_id() -> str:
    """The id of the request being served, or "-"."""
    if has_request_context():
        return str(g.get("request_id", "-"))
    return "-"


def make_formatter(kind: str) -> logging.Formatter:
    """The formatter for ``kind`` (``json`` or ``text``)."""
    if kind == "json":
        return JsonFormatter(
            JSON_FIELDS, style="{", rename_fields={"asctime": "time"}, timestamp=False
        )
    return logging.Formatter(TEXT_FORMAT)


def _formatter_config(kind: str) -> dict[str, Any]:
    if kind == "json":
        return {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FIELDS,
            "style": "{",
            "rename_fields": {"asctime": "time"},
        }
    return {"format": TEXT_FORMAT}


def gunicorn_logconfig(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for gunicorn (``gunicorn.conf.py``).

    One handler on the root logger, so gunicorn's own messages and the app's
    share the format and none is written twice.
    """
    level = (env("LOG_LEVEL", environ) or "INFO").upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"matchmaker": _formatter_config(log_format(environ))},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "matchmaker",
                "filters": ["request_id"],
                "stream": "ext://sys.stderr",
            },
            # gunicorn's defaults name these; kept so its merge finds them.
            "error_console": {
                "class": "logging.StreamHandler",
                "formatter": "matchmaker",
                "filters": ["request_id"],
                "stream": "ext://sys.stderr",
            },
        },
        "root": {"level": level, "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
            # The app writes its own access line (with request id and user).
            "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": True},
        },
    }


def configure(app: Flask) -> None:
    """Set up logging for a process running the app (web, CLI or worker)."""
    level = app.config.get("LOG_LEVEL", "INFO")
    root = logging.getLogger()
    if not root.handlers:  # gunicorn (gunicorn.conf.py) has set it up already
        handler = logging.StreamHandler()
        handler.setFormatter(make_formatter(app.config.get("LOG_FORMAT", "text")))
        handler.addFilter(RequestIdFilter())
        root.addHandler(handler)
    root.setLevel(level)
    app.logger.setLevel(level)
    # Alembic announces every plugin it loads at INFO; that is noise on each command.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    _log_requests(app)


def _log_requests(app: Flask) -> None:
    access = logging.getLogger(ACCESS_LOGGER)

    @app.before_request
    def _start() -> None:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = given if _SAFE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response: Response) -> Response:
        request_id = g.get("request_id")
        if request_id is None:  # a request refused before our first hook ran
            return response
        response.headers[REQUEST_ID_HEADER] = request_id
        started = g.get("request_started", time.perf_counter())
        user_id = _signed_in_user_id()
        access.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user_id,
                "remote_addr": request.remote_addr,
            },
        )
        return response


def _signed_in_user_id() -> object:
    """The id of the user this request signed in as, without touching the database.

    Read from the user object's identity key, never from its attributes: after the
    request's commit they are expired, and reading one would start a new
    transaction (on SQLite, in a writing request, one holding the write lock) only
    to write a log line. Flask-Login keeps the loaded user in ``g``; asking
    ``current_user`` instead would load it for every static file.
    """
    user = g.get("_login_user")
    state = inspect(user, raiseerr=False) if user is not None else None
    if state is None or state.identity is None:
        return None
    return state.identity[0]
