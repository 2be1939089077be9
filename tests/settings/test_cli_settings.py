"""``matchmaker match`` uses the saved match settings; its options override them."""

from __future__ import annotations

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import MatchRun, MatchSettingsVersion


def _latest_settings() -> dict:
    db.session.rollback()
    run = db.session.scalars(select(MatchRun).order_by(MatchRun.id.desc())).first()
    return run.settings


def test_match_command_uses_saved_settings(runner, make):
    make.need()
    db.session.add(MatchSettingsVersion(values={"min_score": 55.0, "top_k": 3}))
    db.session.commit()
    result = runner.invoke(args=["match"])
    assert result.exit_code == 0, result.output
    assert (_latest_settings()["min_score"], _latest_settings()["top_k"]) == (55.0, 3)

    result = runner.invoke(args=["match", "--top", "7"])
    assert result.exit_code == 0, result.output
    assert (_latest_settings()["min_score"], _latest_settings()["top_k"]) == (55.0, 7)
