"""``matchmaker create-token``: the raw token alone on standard output."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from matchmaker.extensions import db
from matchmaker.models import Role, TokenScope
from matchmaker.services import api_tokens
from tests.api_tokens.conftest import stored_tokens
from tests.conftest import TEST_SECRET_KEY

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def test_stdout_is_the_token_alone_and_it_works(runner, holder):
    result = runner.invoke(args=["create-token", "Holder@Example.org"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("\n") == 1
    raw = result.stdout.strip()
    assert raw.startswith("mm_") and raw + "\n" == result.stdout
    token = api_tokens.authenticate(raw)
    assert token is not None and token.user.email == "holder@example.org"
    assert token.name == "Command line" and token.scope is TokenScope.READ
    assert token.expires_at - token.created_at == timedelta(days=90)
    assert "read only token for holder@example.org" in result.stderr
    assert raw not in result.stderr


def test_scope_and_days_can_be_chosen(runner, holder, app):
    app.config["API_TOKEN_DEFAULT_DAYS"] = 12
    result = runner.invoke(args=["create-token", holder.email, "--scope", "read-write"])
    assert result.exit_code == 0, result.stderr
    token = api_tokens.authenticate(result.stdout.strip())
    assert token.scope is TokenScope.READ_WRITE
    assert token.expires_at - token.created_at == timedelta(days=12)
    result = runner.invoke(args=["create-token", holder.email, "--days", "365"])
    token = api_tokens.authenticate(result.stdout.strip())
    assert token.expires_at - token.created_at == timedelta(days=365)


@pytest.mark.parametrize(
    "email", ["nobody@example.org", "", "not an address", "disabled@example.org"]
)
def test_an_unknown_or_disabled_user_is_refused_with_status_2(runner, make, email):
    make.user(Role.PARTNER, email="disabled@example.org", active=False)
    result = runner.invoke(args=["create-token", email])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "No active user has the email address" in result.stderr
    assert stored_tokens() == []


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--days", "0"], "from 1 to 365 days"), (["--days", "366"], "from 1 to 365"),
     (["--days", "many"], "'many' is not a valid integer"),
     (["--scope", "admin"], "'admin' is not one of")],
)  # fmt: skip
def test_bad_options_are_refused_with_status_2(runner, holder, args, message):
    result = runner.invoke(args=["create-token", holder.email, *args])
    assert result.exit_code == 2
    assert result.stdout == "" and message in result.stderr
    assert stored_tokens() == []


@pytest.mark.slow
def test_the_installed_command_prints_the_token_alone(app, holder, tmp_path):
    """The real process, with the service's logging: nothing else on stdout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MATCHMAKER_")}
    env.update(
        MATCHMAKER_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        MATCHMAKER_INSTANCE_PATH=str(tmp_path / "cli-instance"),
        MATCHMAKER_SECRET_KEY=TEST_SECRET_KEY,
        MATCHMAKER_LOG_LEVEL="DEBUG",
    )
    command = [str(BIN / "matchmaker"), "create-token", holder.email]
    made = subprocess.run(
        command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )
    assert made.returncode == 0, made.stderr
    [raw] = made.stdout.splitlines()
    db.session.rollback()  # see what the command wrote, as a new request would
    assert api_tokens.authenticate(raw) is not None
    refused = subprocess.run(
        [*command[:-1], "nobody@example.org"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert refused.returncode == 2 and refused.stdout == ""
    assert "No active user" in refused.stderr
