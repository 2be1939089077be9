"""Configuration from the environment, and its documentation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from matchmaker.config import PREFIX, SETTINGS, ConfigurationError, build_config

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_setting_is_documented_in_the_readme():
    text = README.read_text()
    documented = set(re.findall(r"`(MATCHMAKER_[A-Z0-9_]+)`", text))
    missing = {PREFIX + s.name for s in SETTINGS} - documented
    assert not missing, f"settings missing from README.md: {sorted(missing)}"


def test_readme_documents_no_setting_that_does_not_exist():
    text = README.read_text()
    documented = set(re.findall(r"`(MATCHMAKER_[A-Z0-9_]+)`", text))
    known = {PREFIX + s.name for s in SETTINGS}
    test_only = {"MATCHMAKER_TEST_DATABASE", "MATCHMAKER_TEST_POSTGRES_URL"}
    assert documented - known - test_only == set()


def test_development_generates_and_keeps_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("MATCHMAKER_SECRET_KEY", raising=False)
    monkeypatch.setenv("MATCHMAKER_ENV", "development")
    first = build_config(tmp_path)["SECRET_KEY"]
    second = build_config(tmp_path)["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("MATCHMAKER_ENV", "production")
    monkeypatch.delenv("MATCHMAKER_SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="SECRET_KEY must be set"):
        build_config(tmp_path)


def test_production_refuses_a_weak_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("MATCHMAKER_ENV", "production")
    monkeypatch.setenv("MATCHMAKER_SECRET_KEY", "short")
    with pytest.raises(ConfigurationError, match="at least 32"):
        build_config(tmp_path)


def test_production_cookies_are_locked_down(tmp_path, monkeypatch):
    monkeypatch.setenv("MATCHMAKER_ENV", "production")
    monkeypatch.setenv("MATCHMAKER_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("MATCHMAKER_BASE_URL", "https://matchmaker.example.org")
    config = build_config(tmp_path)
    assert config["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert "matchmaker.example.org" in config["TRUSTED_HOSTS"]


def test_unknown_environment_name_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("MATCHMAKER_ENV", "staging")
    with pytest.raises(ConfigurationError, match="development' or 'production"):
        build_config(tmp_path)


def test_database_defaults_to_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("MATCHMAKER_DATABASE_URL", raising=False)
    monkeypatch.setenv("MATCHMAKER_ENV", "development")
    url = build_config(tmp_path)["SQLALCHEMY_DATABASE_URI"]
    assert url == f"sqlite:///{tmp_path / 'matchmaker.sqlite3'}"
