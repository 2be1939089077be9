"""The first admin from the command line; demo accounts in development only."""

from __future__ import annotations

import re

from matchmaker.demo.accounts import planned_accounts
from matchmaker.extensions import db
from matchmaker.models import Role, User
from tests.auth.conftest import post_sign_in


def _users() -> list[User]:
    db.session.rollback()
    return list(db.session.scalars(db.select(User)))


def test_no_account_exists_after_install(app):
    assert _users() == []


def test_create_user_makes_the_first_admin(runner, client):
    result = runner.invoke(
        args=["create-user", "boss@example.org", "--role", "admin", "--password-stdin"],
        input="river stone lantern 31\n",
    )
    assert result.exit_code == 0, result.output
    assert (
        post_sign_in(client, "boss@example.org", "river stone lantern 31").status_code
        == 302
    )


def test_create_user_applies_the_password_rules(runner):
    for password in ("password123", "boss@example.org", "short"):
        result = runner.invoke(
            args=["create-user", "boss@example.org", "--role", "admin",
                  "--password-stdin"],
            input=password + "\n",
        )  # fmt: skip
        assert result.exit_code != 0
    assert _users() == []


def test_seed_demo_prints_passwords_once(runner, client):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    planned = planned_accounts()
    roles = {u.role for u in _users()}
    assert roles == set(Role) and len(_users()) == len(planned)
    lines = re.findall(r"^\s+(\S+)\s+(\S+@\S+)\s+(\S+)", first.output, re.MULTILINE)
    assert len(lines) == len(planned)
    _, email, password = lines[0]
    assert post_sign_in(client, email, password).status_code == 302
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0
    assert "all exist already" in second.output and password not in second.output
    assert len(_users()) == len(planned)


def test_seed_demo_is_refused_in_production(app, runner):
    app.config["MATCHMAKER_ENV"] = "production"
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code != 0 and "refused in production" in result.output
    assert _users() == []
