"""Two ``matchmaker send-digests`` processes started at once against one database
(SQLite or PostgreSQL, whichever the suite runs on) mail each notification once.

The SMTP server holds the first digest it receives until a digest from the other
process arrives, so the two runs are provably sending at the same time, whatever
the speed of the machine; then every notification must have been mailed exactly
once, in one digest per user.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from matchmaker.models import EmailPreference, NotificationKind
from tests.conftest import TEST_SECRET_KEY
from tests.notifications.conftest import add_notification, body_of

ROOT = Path(__file__).resolve().parents[2]
USERS, PER_USER = 8, 3
MATCHMAKER = Path(sys.executable).with_name("matchmaker")


def _start(app, controller, tmp_path: Path, name: str) -> subprocess.Popen:
    env = dict(os.environ)
    env.update(
        MATCHMAKER_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        MATCHMAKER_INSTANCE_PATH=str(tmp_path / f"instance-{name}"),
        MATCHMAKER_SECRET_KEY=TEST_SECRET_KEY,
        MATCHMAKER_MAIL_SERVER="127.0.0.1",
        MATCHMAKER_MAIL_PORT=str(controller.port),
        # The envelope sender tells the SMTP server which process sent a message.
        MATCHMAKER_MAIL_DEFAULT_SENDER=f"digests-{name}@example.org",
        MATCHMAKER_BASE_URL="https://matchmaker.example.org",
        MATCHMAKER_LOG_LEVEL="WARNING",
    )
    return subprocess.Popen(
        [str(MATCHMAKER), "send-digests"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_two_runs_at_once_mail_each_notification_once(
    app, person, smtp_server, tmp_path
):
    controller, inbox = smtp_server
    inbox.hold_first = True
    subjects: dict[str, str] = {}
    for u in range(USERS):
        user = person(EmailPreference.DAILY)
        for n in range(PER_USER):
            subject = f"Notice {u}-{n}"
            add_notification(user, subject, kind=NotificationKind.PAIRING_STATUS)
            subjects[subject] = user.email
    never = person(EmailPreference.NEVER)
    add_notification(never, "Notice for nobody")

    runs = [_start(app, controller, tmp_path, name) for name in ("a", "b")]
    outputs = []
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
        outputs.append(out)

    assert inbox.overlapped, "the two runs never mailed at the same time"
    assert set(inbox.senders) == {"digests-a@example.org", "digests-b@example.org"}
    mailed = [
        (message["To"], subject)
        for message in inbox.messages
        for subject in re.findall(r"Notice \d+-\d+", body_of(message))
    ]
    assert sorted(mailed) == sorted((to, s) for s, to in subjects.items())
    assert len(inbox.messages) == USERS  # one digest per user, from one run
    sent = [int(re.search(r"to (\d+) pe", out).group(1)) for out in outputs]
    assert sum(sent) == USERS
