"""The token settings: whole numbers from 1, a default the maximum allows."""

from __future__ import annotations

import pytest

from matchmaker.config import ConfigurationError, build_config


def test_the_defaults(tmp_path, monkeypatch):
    for name in ("API_TOKEN_DEFAULT_DAYS", "API_TOKEN_MAX_DAYS",
                 "API_RATE_LIMIT_PER_MINUTE"):  # fmt: skip
        monkeypatch.delenv(f"MATCHMAKER_{name}", raising=False)
    config = build_config(tmp_path)
    assert config["API_TOKEN_DEFAULT_DAYS"] == 90
    assert config["API_TOKEN_MAX_DAYS"] == 365
    assert config["API_RATE_LIMIT_PER_MINUTE"] == 120


def test_settings_are_read_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MATCHMAKER_API_TOKEN_DEFAULT_DAYS", " 30 ")
    monkeypatch.setenv("MATCHMAKER_API_TOKEN_MAX_DAYS", "60")
    monkeypatch.setenv("MATCHMAKER_API_RATE_LIMIT_PER_MINUTE", "1000")
    config = build_config(tmp_path)
    assert (config["API_TOKEN_DEFAULT_DAYS"], config["API_TOKEN_MAX_DAYS"]) == (30, 60)
    assert config["API_RATE_LIMIT_PER_MINUTE"] == 1000


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [("API_RATE_LIMIT_PER_MINUTE", "0", "whole number from 1"),
     ("API_RATE_LIMIT_PER_MINUTE", "ten", "whole number from 1"),
     ("API_TOKEN_MAX_DAYS", "-5", "whole number from 1"),
     ("API_TOKEN_MAX_DAYS", "²", "whole number from 1"),
     ("API_TOKEN_MAX_DAYS", "3651", "at most 3650"),
     ("API_TOKEN_MAX_DAYS", "30", "DEFAULT_DAYS may not exceed"),
     ("API_TOKEN_DEFAULT_DAYS", "1.5", "whole number from 1")],
)  # fmt: skip
def test_bad_settings_stop_the_start(tmp_path, monkeypatch, name, value, message):
    monkeypatch.setenv(f"MATCHMAKER_{name}", value)
    with pytest.raises(ConfigurationError, match=message):
        build_config(tmp_path)
