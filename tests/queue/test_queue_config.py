"""Where the queue lives: a SQLite file by default, Redis when told; typos stop."""

from __future__ import annotations

from pathlib import Path

import pytest
from huey import RedisHuey, SqliteHuey

from matchmaker.config import ConfigurationError, build_config
from matchmaker.tasks import QUEUE_FILE, build_huey


def _config(tmp_path: Path, **environ: str) -> dict:
    return build_config(tmp_path, {"MATCHMAKER_SECRET_KEY": "k" * 40, **environ})


def test_by_default_the_queue_is_a_file_in_the_instance_folder(tmp_path):
    config = _config(tmp_path)
    assert (config["QUEUE_URL"], config["QUEUE_NAME"]) == ("", "matchmaker")
    huey = build_huey(config["QUEUE_URL"], config["QUEUE_NAME"], tmp_path)
    assert isinstance(huey, SqliteHuey)
    assert huey.storage.filename == str(tmp_path / QUEUE_FILE)
    assert not huey.results  # nothing reads task results: none are kept


def test_a_redis_address_makes_a_redis_queue(tmp_path):
    config = _config(
        tmp_path,
        MATCHMAKER_QUEUE_URL="redis://127.0.0.1:6379/3",
        MATCHMAKER_QUEUE_NAME="matchmaker_staging",
    )
    huey = build_huey(config["QUEUE_URL"], config["QUEUE_NAME"], tmp_path)
    assert isinstance(huey, RedisHuey)
    assert huey.storage.queue_key == "huey.redis.matchmaker_staging"
    settings = huey.storage.pool.connection_kwargs
    assert settings["db"] == 3
    assert settings["socket_connect_timeout"] == settings["socket_timeout"] == 10


@pytest.mark.parametrize(
    "setting, value",
    [
        ("QUEUE_URL", "http://127.0.0.1:6379"),
        ("QUEUE_URL", "127.0.0.1:6379"),
        ("QUEUE_NAME", "match maker"),
        ("QUEUE_NAME", "matchmaker-prod"),
        ("QUEUE_NAME", "x" * 61),
    ],
)
def test_a_queue_setting_that_cannot_work_stops_the_start(tmp_path, setting, value):
    with pytest.raises(ConfigurationError, match=setting):
        _config(tmp_path, **{f"MATCHMAKER_{setting}": value})
