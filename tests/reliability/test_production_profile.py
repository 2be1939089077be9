"""The production profile: request ids, JSON logs, proxies, readiness, gunicorn."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys

import pytest
import requests
from flask import Flask

from matchmaker import logs
from matchmaker.extensions import db
from matchmaker.models import Role
from tests.browser.server import PROJECT_ROOT, gunicorn_server
from tests.conftest import sign_in_as


@pytest.fixture
def captured(app: Flask):
    """Every record through a handler built as production builds it (JSON)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.make_formatter("json"))
    handler.addFilter(logs.RequestIdFilter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def _lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line]


def test_each_answer_carries_a_request_id_that_its_log_lines_share(
    app, client, make, captured
):
    user = make.user(Role.FACILITATOR)
    sign_in_as(client, user)
    answer = client.get("/needs/")
    request_id = answer.headers["X-Request-Id"]
    assert len(request_id) == 32
    access = [r for r in _lines(captured) if r["name"] == logs.ACCESS_LOGGER]
    assert len(access) == 1
    line = access[0]
    assert line["request_id"] == request_id
    assert (line["method"], line["path"], line["status"]) == ("GET", "/needs/", 200)
    assert line["user_id"] == user.id
    assert line["duration_ms"] >= 0
    assert {"time", "levelname", "message", "process"} <= set(line)
    other = client.get("/needs/").headers["X-Request-Id"]
    assert other != request_id


def test_a_proxy_request_id_is_kept_only_when_it_is_a_plain_token(client, captured):
    kept = client.get("/healthz", headers={"X-Request-Id": "edge-1234abcd.5"})
    assert kept.headers["X-Request-Id"] == "edge-1234abcd.5"
    for forged in ('x"}{"levelname": "CRITICAL', "short", "a" * 200, "ä" * 10):
        answer = client.get("/healthz", headers={"X-Request-Id": forged})
        assert answer.headers["X-Request-Id"] != forged
        assert len(answer.headers["X-Request-Id"]) == 32
    assert all(r["request_id"] != "short" for r in _lines(captured))


def test_log_lines_outside_requests_say_so(captured):
    logging.getLogger("matchmaker.test").warning("outside")
    (line,) = [r for r in _lines(captured) if r["message"] == "outside"]
    assert line["request_id"] == "-"


@pytest.mark.parametrize(
    ("count", "headers", "seen"),
    [
        (0, {"X-Forwarded-For": "203.0.113.9"}, "127.0.0.1"),
        (1, {"X-Forwarded-For": "203.0.113.9"}, "203.0.113.9"),
        # One proxy appends the real client; the client's own claim is ignored.
        (1, {"X-Forwarded-For": "198.51.100.1, 203.0.113.9"}, "203.0.113.9"),
        (2, {"X-Forwarded-For": "198.51.100.1, 203.0.113.9"}, "198.51.100.1"),
    ],
)
def test_the_client_address_is_read_through_the_trusted_proxies(
    migrated_url, tmp_path, count, headers, seen, captured
):
    from tests.conftest import _make_app

    app = _make_app(migrated_url, tmp_path / "proxied", PROXY_COUNT=count)
    app.test_client().get("/healthz", headers=headers)
    access = [r for r in _lines(captured) if r["name"] == logs.ACCESS_LOGGER]
    assert access[-1]["remote_addr"] == seen
    with app.app_context():
        db.engine.dispose()


def test_readyz_is_ready_on_a_migrated_database(client):
    answer = client.get("/readyz")
    assert answer.status_code == 200, answer.json
    assert answer.json["status"] == "ready"
    assert set(answer.json["checks"]) == {"database", "schema", "queue"}
    assert all(check["ok"] for check in answer.json["checks"].values())


def test_readyz_refuses_traffic_before_the_schema_is_upgraded(fresh_app):
    answer = fresh_app.test_client().get("/readyz")
    assert answer.status_code == 503
    schema = answer.json["checks"]["schema"]
    assert not schema["ok"] and "matchmaker db upgrade" in schema["detail"]
    # Alive all the same: a restart would not help.
    assert fresh_app.test_client().get("/healthz").status_code == 200


def test_readyz_refuses_traffic_when_the_queue_is_lost(app, client):
    # A port nobody listens on (the discard port), answered at once with a refusal.
    app.config["QUEUE_URL"] = "redis://127.0.0.1:9/0"
    answer = client.get("/readyz")
    assert answer.status_code == 503
    queue = answer.json["checks"]["queue"]
    assert queue == {"ok": False, "detail": "the queue (Redis) does not answer"}


def test_readyz_names_a_schema_newer_than_the_code(app, client):
    from sqlalchemy import text

    (current,) = db.session.execute(
        text("SELECT version_num FROM alembic_version")
    ).one()
    db.session.execute(text("UPDATE alembic_version SET version_num = 'ffff9999'"))
    db.session.commit()
    try:
        detail = client.get("/readyz").json["checks"]["schema"]["detail"]
        assert "newer than this code" in detail
    finally:
        db.session.execute(
            text("UPDATE alembic_version SET version_num = :v"), {"v": current}
        )
        db.session.commit()


def _gunicorn_setting(name: str, **environ: str) -> str:
    """A value of gunicorn.conf.py as gunicorn itself reads it."""
    code = (
        "import sys; from gunicorn.app.wsgiapp import WSGIApplication;"
        "sys.argv = ['gunicorn', '--config', 'gunicorn.conf.py', 'wsgi:app'];"
        f"print(WSGIApplication().cfg.settings[{name!r}].get())"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env={"PATH": "/usr/bin:/bin", **environ},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_gunicorn_file_takes_workers_from_the_cpu_count_or_web_concurrency():
    import multiprocessing

    expected = min(multiprocessing.cpu_count() * 2 + 1, 12)
    assert _gunicorn_setting("workers") == str(expected)
    assert _gunicorn_setting("workers", WEB_CONCURRENCY="3") == "3"
    assert _gunicorn_setting("max_requests") == "1000"
    assert _gunicorn_setting("max_requests_jitter") == "100"
    assert _gunicorn_setting("timeout") == "60"
    bind = _gunicorn_setting("bind", MATCHMAKER_BIND="127.0.0.1:8123")
    assert "127.0.0.1:8123" in bind


@pytest.mark.slow
def test_gunicorn_writes_json_lines_with_the_request_id(migrated_url, tmp_path):
    with gunicorn_server(
        migrated_url, tmp_path, workers=2, LOG_LEVEL="INFO", LOG_FORMAT="json"
    ) as base:
        answer = requests.get(f"{base}/readyz", timeout=60)
        assert answer.status_code == 200, answer.text
        request_id = answer.headers["X-Request-Id"]
    text = "\n".join(p.read_text() for p in tmp_path.glob("gunicorn-*.log"))
    records = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    lines_not_json = [
        line for line in text.splitlines() if line and not line.startswith("{")
    ]
    assert not lines_not_json, lines_not_json[:5]
    assert any(r["name"] == "gunicorn.error" for r in records)  # gunicorn's own
    # One access line per request, the application's, not gunicorn's as well.
    assert not [r for r in records if r["name"] == "gunicorn.access"]
    (access,) = [r for r in records if r.get("request_id") == request_id]
    assert (access["path"], access["status"]) == ("/readyz", 200)
