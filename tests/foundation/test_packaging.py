"""The project as newcomers and operators meet it: wheel, console script, gunicorn."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import requests

from tests.browser.server import gunicorn_server

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@pytest.mark.slow
def test_wheel_carries_templates_and_migrations(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
         str(tmp_path), str(ROOT)],
        check=True, capture_output=True, cwd=ROOT,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("matchmaker-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "matchmaker/templates/base.html" in names
    assert "matchmaker/templates/home.html" in names
    assert "matchmaker/migrations/env.py" in names
    assert "matchmaker/migrations/alembic.ini" in names
    assert any(n.startswith("matchmaker/migrations/versions/0001_") for n in names)
    assert "matchmaker/static/matchmaker.css" in names
    # Data the service reads at run time.
    for data in (
        "demo/needs.csv",
        "demo/offers.csv",
        "demo/organisations.csv",
        "data/common-passwords.txt.gz",
    ):
        assert f"matchmaker/{data}" in names, data


def test_console_script_lists_the_commands():
    result = subprocess.run(
        [str(BIN / "matchmaker"), "--help"],
        capture_output=True, text=True, check=True, env=_env(Path("/tmp")),
    )  # fmt: skip
    for command in ("db", "seed-demo", "create-user", "run", "match-files"):
        assert command in result.stdout


def _env(instance: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MATCHMAKER_")}
    env.update(
        MATCHMAKER_INSTANCE_PATH=str(instance), MATCHMAKER_LOG_LEVEL="WARNING", **extra
    )
    return env


@pytest.mark.slow
@pytest.mark.database
def test_gunicorn_serves_after_db_upgrade(tmp_path, test_database):
    """The README's deployment path: db upgrade, then gunicorn wsgi:app."""
    env = _env(tmp_path, MATCHMAKER_DATABASE_URL=test_database.url)
    subprocess.run(
        [str(BIN / "matchmaker"), "db", "upgrade"],
        check=True, capture_output=True, env=env, cwd=ROOT,
    )  # fmt: skip
    with gunicorn_server(
        test_database.url, tmp_path, workers=2, target="wsgi:app"
    ) as base:
        health = requests.get(base + "/healthz", timeout=60)
        assert health.status_code == 200 and health.json() == {"status": "ok"}
        home = requests.get(base + "/", timeout=60)
        assert home.status_code == 200
        assert "Sign in" in home.text
