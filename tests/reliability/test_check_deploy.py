"""``matchmaker check-deploy`` passes a safe production setup, refuses unsafe ones."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from matchmaker.deploy_check import Severity, check_environment
from matchmaker.models import Role
from tests.queue.conftest import REDIS_URL

SAFE = {
    "MATCHMAKER_ENV": "production",
    "MATCHMAKER_SECRET_KEY": "k" * 48,
    "MATCHMAKER_BASE_URL": "https://matchmaker.example.org",
    "MATCHMAKER_MAIL_SERVER": "smtp.example.org",
    "MATCHMAKER_MAIL_USE_TLS": "true",
    "MATCHMAKER_DATABASE_URL": "postgresql+psycopg://matchmaker@db.internal/matchmaker",
    "MATCHMAKER_QUEUE_URL": "redis://queue.internal:6379/0",
    "MATCHMAKER_PROXY_COUNT": "1",
}


def _findings(tmp_path: Path, **changes: str | None) -> dict[Severity, str]:
    environ = {k: v for k, v in {**SAFE, **changes}.items() if v is not None}
    found = check_environment(environ, tmp_path)
    return {
        severity: "\n".join(f.message for f in found if f.severity is severity)
        for severity in Severity
    }


def test_a_safe_production_environment_has_nothing_to_say(tmp_path):
    assert _findings(tmp_path) == {Severity.PROBLEM: "", Severity.WARNING: ""}


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"MATCHMAKER_ENV": None}, "MATCHMAKER_ENV is not 'production'"),
        ({"MATCHMAKER_ENV": "staging"}, "must be 'development' or 'production'"),
        ({"MATCHMAKER_SECRET_KEY": None}, "SECRET_KEY must be set in production"),
        ({"MATCHMAKER_SECRET_KEY": "short"}, "at least 32 characters"),
        ({"MATCHMAKER_BASE_URL": "http://matchmaker.example.org"}, "not an https"),
        ({"MATCHMAKER_BASE_URL": "https://127.0.0.1:8000"}, "points at this machine"),
        (
            {"MATCHMAKER_TRUSTED_HOSTS": "other.example.org"},
            "TRUSTED_HOSTS does not include the host",
        ),
        ({"MATCHMAKER_MAIL_SERVER": None}, "only be written to the log"),
        ({"MATCHMAKER_QUEUE_URL": "amqp://queue"}, "QUEUE_URL must be empty or"),
        ({"MATCHMAKER_PROXY_COUNT": "-1"}, "PROXY_COUNT must be a whole number"),
        ({"MATCHMAKER_LOG_FORMAT": "xml"}, "LOG_FORMAT must be 'json' or 'text'"),
    ],
)
def test_each_unsafe_setting_is_a_problem_named_in_words(tmp_path, changes, said):
    assert said in _findings(tmp_path, **changes)[Severity.PROBLEM]


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"MATCHMAKER_DATABASE_URL": "sqlite:////srv/m.sqlite3"}, "SQLite file"),
        ({"MATCHMAKER_QUEUE_URL": None}, "several hosts need Redis"),
        ({"MATCHMAKER_PROXY_COUNT": None}, "PROXY_COUNT is 0"),
        ({"MATCHMAKER_MAIL_USE_TLS": None}, "MAIL_USE_TLS is off"),
        ({"MATCHMAKER_LOG_LEVEL": "debug"}, "LOG_LEVEL is DEBUG"),
    ],
)
def test_one_machine_setups_get_warnings_not_refusals(tmp_path, changes, said):
    found = _findings(tmp_path, **changes)
    assert said.lower() in found[Severity.WARNING].lower()
    assert found[Severity.PROBLEM] == ""


def _check_deploy(environ: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """The real command, in a clean environment of its own."""
    command = Path(sys.executable).with_name("matchmaker")
    return subprocess.run(
        [str(command), "check-deploy", *args],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **environ},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _live(url: str, instance: Path, **changes: str) -> dict[str, str]:
    return {
        **SAFE,
        "MATCHMAKER_DATABASE_URL": url,
        "MATCHMAKER_QUEUE_URL": REDIS_URL,
        "MATCHMAKER_INSTANCE_PATH": str(instance),
        **changes,
    }


@pytest.mark.slow
def test_the_command_passes_a_reachable_upgraded_deployment(
    app, migrated_url, tmp_path
):
    done = _check_deploy(_live(migrated_url, tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Safe to deploy" in done.stdout
    assert "PROBLEM" not in done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_the_command_refuses_an_unsafe_environment_without_a_traceback(tmp_path):
    done = _check_deploy(
        {"MATCHMAKER_ENV": "production", "MATCHMAKER_PROXY_COUNT": "x"}
    )
    assert done.returncode == 1
    assert "SECRET_KEY must be set in production" in done.stdout
    # Every refusal at once, not only the first the service would stop at.
    assert "MAIL_SERVER is empty" in done.stdout
    assert "PROXY_COUNT must be a whole number" in done.stdout
    assert "Not safe for production: 5 problems to fix" in done.stdout
    assert "Traceback" not in done.stderr + done.stdout


@pytest.mark.slow
def test_the_command_refuses_a_database_not_upgraded(fresh_database, tmp_path):
    done = _check_deploy(_live(fresh_database.url, tmp_path))
    assert done.returncode == 1
    assert "run `matchmaker db upgrade`" in done.stdout
    # --offline looks at the environment only.
    offline = _check_deploy(_live(fresh_database.url, tmp_path), "--offline")
    assert offline.returncode == 0, offline.stdout


@pytest.mark.slow
def test_the_command_refuses_a_queue_it_cannot_reach(app, migrated_url, tmp_path):
    environ = _live(
        migrated_url, tmp_path, MATCHMAKER_QUEUE_URL="redis://127.0.0.1:9/0"
    )
    done = _check_deploy(environ)
    assert done.returncode == 1
    assert "The queue (Redis) does not answer." in done.stdout


@pytest.mark.slow
def test_the_command_refuses_demo_accounts_in_production(
    app, make, migrated_url, tmp_path
):
    make.user(Role.PARTNER, email="partner-1@demo.example.org")
    done = _check_deploy(_live(migrated_url, tmp_path))
    assert done.returncode == 1
    assert "1 demo account(s)" in done.stdout
