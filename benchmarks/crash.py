"""Acknowledged writes survive ``kill -9`` of gunicorn, master and workers at once.

Usage: python -m benchmarks.crash [--database sqlite|postgres] [--postgres-url URL]
                                  [--rounds 5] [--writers 8] [--seed N]

Builds a throwaway database (a SQLite file in a temporary folder, or a new database
on the PostgreSQL server of ``--postgres-url``, ``MATCHMAKER_TEST_POSTGRES_URL`` or
the local test server, dropped afterwards), upgrades it with ``matchmaker db
upgrade``, creates one focal point per writer with ``matchmaker create-user``, and
starts gunicorn with the production profile (``gunicorn.conf.py``, 4 workers) in its
own process group. The writers post new needs through the real form, as people do:
each keeps a record of every need the server acknowledged (a redirect to the new
need). When an answer is lost (the server died mid-request), a writer sends the
same form again, as a person would, once the server is back; the form's one-time
token must make that save once.

``--rounds`` times, at a random moment while writes are under way, the whole process
group (master and workers) gets SIGKILL; gunicorn is started again and the writers
carry on. At the end: the database's integrity (SQLite ``PRAGMA integrity_check`` and
``foreign_key_check``; on both, every foreign key checked by a query, and every need
with exactly one audited creation), and every acknowledged need present with exactly
what was sent, once. Exit code 0 only if nothing acknowledged is lost or duplicated
and the integrity check passes. Everything it made (processes, folder, database) is
removed at the end, on Ctrl-C too.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from urllib.parse import urlsplit

import requests
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from tests.browser.server import free_port
from tests.reliability.clients import Answer, form_posting_to, send, sign_in

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
WORKERS = 4
# Generous: on a busy 2-core machine four workers may take a minute to import.
READY_SECONDS = 180
# A writer that gets no answer waits for the server and sends the same form again.
RESEND_SECONDS = 300
# How long writes run before each kill: acknowledged writes since the restart, then
# a random pause (seconds), so that kills land at different points of requests.
WRITES_BEFORE_KILL = 8
PAUSE_BEFORE_KILL = (0.2, 2.5)
PROGRESS_SECONDS = 600
EXPECTED_ANSWERS = frozenset({302})


# The database ----------------------------------------------------------------------


@dataclass
class Database:
    """The throwaway database of one run."""

    url: str
    kind: str
    admin_url: str = ""
    name: str = ""

    @classmethod
    def create(cls, kind: str, folder: Path, postgres_url: str) -> Database:
        if kind == "sqlite":
            return cls(f"sqlite:///{folder / 'crash.sqlite3'}", kind)
        name = f"matchmaker_crash_{os.getpid()}_{secrets.token_hex(4)}"
        engine = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        finally:
            engine.dispose()
        url = make_url(postgres_url).set(database=name)
        return cls(url.render_as_string(hide_password=False), kind, postgres_url, name)

    def drop(self) -> None:
        """Remove the PostgreSQL database (a SQLite file goes with its folder)."""
        if self.kind != "postgres":
            return
        engine = sa.create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(
                    sa.text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                )
        finally:
            engine.dispose()


# The server ------------------------------------------------------------------------


class Server:
    """gunicorn in its own process group, started again after each kill."""

    def __init__(self, environ: dict[str, str], folder: Path) -> None:
        self.environ = environ
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.orphans = 0  # processes of a killed group still alive after 30 s

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> float:
        """Start gunicorn and wait until it answers; returns the seconds it took.

        The same port as before, so the writers' address stays valid; a port
        somebody took in between is replaced by a free one.
        """
        began = time.monotonic()
        for _attempt in range(3):
            self.starts += 1
            log = self.folder / f"gunicorn-{self.starts}.log"
            with open(log, "wb") as output:
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
                     "--workers", str(WORKERS), "--bind", f"127.0.0.1:{self.port}",
                     "matchmaker:create_app()"],
                    env={**self.environ, "MATCHMAKER_BASE_URL": self.base},
                    stdout=output, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT,
                    start_new_session=True,
                )  # fmt: skip
            if self._wait_until_up():
                return time.monotonic() - began
            self.kill()
            self.port = free_port()
        raise RuntimeError(f"gunicorn did not start:\n{self.log_tail()}")

    def _wait_until_up(self) -> bool:
        assert self.process is not None
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                if requests.get(f"{self.base}/healthz", timeout=5).status_code == 200:
                    return True
            except requests.RequestException:
                pass
            time.sleep(0.1)
        return False

    def kill(self) -> None:
        """SIGKILL the whole group at once, master and workers, and reap it."""
        if self.process is None:
            return
        _signal_group(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=60)
        if not _group_gone(self.process.pid, seconds=30):
            self.orphans += 1
            _signal_group(self.process.pid, signal.SIGKILL)
        self.process = None

    def stop(self) -> None:
        """Stop gracefully (SIGTERM), as an operator would; kill past 30 s."""
        if self.process is None:
            return
        _signal_group(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        self.kill()

    def log_tail(self) -> str:
        logs = sorted(self.folder.glob("gunicorn-*.log"))
        return logs[-1].read_text(errors="replace")[-3000:] if logs else ""

    def tracebacks(self) -> int:
        """Tracebacks in every log of the run (an error the server logged)."""
        return sum(
            log.read_text(errors="replace").count("Traceback")
            for log in self.folder.glob("gunicorn-*.log")
        )


def _signal_group(pid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:  # the group is gone already
        pass


def _group_gone(pid: int, seconds: float) -> bool:
    """Whether no process of the group is left (workers reparented and reaped)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


# The writers -----------------------------------------------------------------------


@dataclass(frozen=True)
class Write:
    """A need as sent through the form."""

    title: str
    description: str
    category: str
    support_types: tuple[str, ...]


@dataclass
class Ledger:
    """What the writers sent and what the server acknowledged (thread-safe)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    attempted: int = 0
    acknowledged: dict[str, tuple[int, Write]] = field(default_factory=dict)
    unanswered: int = 0  # sendings that got no answer (the server died)
    resent: int = 0  # forms acknowledged after being sent again
    # ... of which the first sending had saved the need before the kill (the
    # server answered the second one with the need the first one made)
    saved_before_kill: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    in_flight: int = 0
    problems: list[str] = field(default_factory=list)

    def count(self, **changes: int) -> None:
        with self.lock:
            for name, step in changes.items():
                setattr(self, name, getattr(self, name) + step)

    def answered(self, answer: Answer) -> None:
        with self.lock:
            self.statuses[answer.status] += 1

    def acknowledge(self, listing_id: int, write: Write, resent: bool) -> None:
        with self.lock:
            self.acknowledged[write.title] = (listing_id, write)
            self.resent += resent

    def problem(self, text: str) -> None:
        with self.lock:
            self.problems.append(text)

    @property
    def acknowledged_count(self) -> int:
        with self.lock:
            return len(self.acknowledged)


class Writer(threading.Thread):
    """One focal point posting needs as fast as the server answers."""

    def __init__(
        self,
        number: int,
        server: Server,
        email: str,
        password: str,
        ledger: Ledger,
        tag: str,
        stop: threading.Event,
    ) -> None:
        super().__init__(name=f"writer-{number}", daemon=True)
        self.number, self.server, self.ledger = number, server, ledger
        self.email, self.password, self.tag, self.stop = email, password, tag, stop

    def run(self) -> None:
        try:
            session = self._retrying(
                lambda: sign_in(self.server.base, self.email, self.password)
            )
            with session:
                sequence = 0
                while not self.stop.is_set():
                    self._write(session, sequence)
                    sequence += 1
        except Exception as error:  # reported in the figures, never silently
            self.ledger.problem(f"writer {self.number} stopped: {error!r}")

    def _retrying(self, action: Callable[[], requests.Session]) -> requests.Session:
        deadline = time.monotonic() + RESEND_SECONDS
        while True:
            try:
                return action()
            except requests.RequestException:  # the server is down: wait
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def _form_page(self, session: requests.Session) -> str:
        """The new-need form, once the server answers."""
        deadline = time.monotonic() + RESEND_SECONDS
        while True:
            page = send(session, "GET", f"{self.server.base}/needs/new")
            if page.status == 200:
                return page.text
            if page.status != 0 or time.monotonic() > deadline:
                raise RuntimeError(
                    f"the form answered {page.status}: {page.text[:300]}"
                )
            time.sleep(0.2)

    def _write(self, session: requests.Session, sequence: int) -> None:
        form = form_posting_to(self._form_page(session), "/needs/new")
        categories = [c for c in form.options["category"] if c]
        kinds = form.options["support_types"]
        write = Write(
            title=f"Crash check {self.tag}: writer {self.number}, need {sequence}",
            description=(
                f"Calibration centre for biomedical equipment — writer {self.number},"
                f" need {sequence}.\nÉquipement, formation ✓ {secrets.token_hex(8)}"
            ),
            category=categories[sequence % len(categories)],
            support_types=tuple(sorted({kinds[sequence % len(kinds)], kinds[0]})),
        )
        data = form.filled(
            title=write.title,
            description=write.description,
            category=write.category,
            support_types=write.support_types,
        )
        self.ledger.count(attempted=1)
        self._send_until_answered(session, data, write)

    def _note_recovery(self, session: requests.Session, location: str) -> None:
        """Whether a form sent again found the need its first sending saved (the
        page says so once, in its confirmation)."""
        page = send(session, "GET", f"{self.server.base}{urlsplit(location).path}")
        if "already saved" in page.text:
            self.ledger.count(saved_before_kill=1)

    def _send_until_answered(
        self, session: requests.Session, data: list[tuple[str, str]], write: Write
    ) -> None:
        """Post the form; with no answer, post the same form again (its one-time
        token makes the second sending return the first one's need)."""
        deadline = time.monotonic() + RESEND_SECONDS
        sent_before = False
        while True:
            self.ledger.count(in_flight=1)
            answer = send(session, "POST", f"{self.server.base}/needs/new", data=data)
            self.ledger.count(in_flight=-1)
            self.ledger.answered(answer)
            created = re.search(r"/needs/(\d+)$", answer.location)
            if answer.status == 302 and created:
                self.ledger.acknowledge(int(created.group(1)), write, sent_before)
                if sent_before:
                    self._note_recovery(session, answer.location)
                return
            if answer.status != 0:
                self.ledger.problem(
                    f"{write.title}: answered {answer.status} "
                    f"{answer.location} {answer.text[:200]}"
                )
                return
            self.ledger.count(unanswered=1)
            if time.monotonic() > deadline:
                self.ledger.problem(f"{write.title}: no answer in {RESEND_SECONDS} s")
                return
            sent_before = True
            time.sleep(0.2)


# The checks ------------------------------------------------------------------------


def integrity_problems(url: str) -> list[str]:
    """What is wrong with the database as a whole, after the crashes."""
    engine = sa.create_engine(url)
    problems: list[str] = []
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                result = connection.exec_driver_sql("PRAGMA integrity_check").all()
                if [tuple(row) for row in result] != [("ok",)]:
                    problems.append(f"integrity_check: {result[:10]}")
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                problems += [f"foreign_key_check: {tuple(row)}" for row in broken]
            problems += _dangling_references(connection)
            problems += _unaudited_needs(connection)
    finally:
        engine.dispose()
    return problems


def _dangling_references(connection: sa.Connection) -> list[str]:
    """Rows whose foreign key points at no row, found by a query per key."""
    inspector = sa.inspect(connection)
    problems = []
    for table in inspector.get_table_names():
        for key in inspector.get_foreign_keys(table):
            pairs = list(
                zip(key["constrained_columns"], key["referred_columns"], strict=True)
            )
            present = " AND ".join(f'c."{mine}" IS NOT NULL' for mine, _ in pairs)
            joined = " AND ".join(
                f'p."{theirs}" = c."{mine}"' for mine, theirs in pairs
            )
            query = (
                f'SELECT count(*) FROM "{table}" c WHERE {present} AND NOT EXISTS '
                f'(SELECT 1 FROM "{key["referred_table"]}" p WHERE {joined})'
            )
            dangling = connection.exec_driver_sql(query).scalar_one()
            if dangling:
                problems.append(
                    f"{dangling} rows of {table} point at no {key['referred_table']}"
                )
    return problems


def _unaudited_needs(connection: sa.Connection) -> list[str]:
    """A need and its audited creation are one transaction: counts must match."""
    needs = connection.exec_driver_sql("SELECT count(*) FROM needs").scalar_one()
    audited = connection.exec_driver_sql(
        "SELECT count(DISTINCT object_id), count(*) FROM audit_events "
        "WHERE action = 'need.create'"
    ).one()
    if not needs == audited[0] == audited[1]:
        return [f"{needs} needs, {audited[1]} audited creations of {audited[0]}"]
    return []


@dataclass
class Outcome:
    """How the acknowledged writes stand in the database."""

    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    unacknowledged_stored: int = 0


def check_writes(url: str, tag: str, ledger: Ledger) -> Outcome:
    """Every acknowledged need is there once, with exactly what was sent."""
    engine = sa.create_engine(url)
    outcome = Outcome()
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(
                    "SELECT n.id, n.title, n.description, c.slug FROM needs n "
                    "LEFT JOIN categories c ON c.id = n.category_id "
                    "WHERE n.title LIKE :prefix"
                ),
                {"prefix": f"Crash check {tag}:%"},
            ).all()
            kinds: dict[int, set[str]] = {}
            for need_id, slug in connection.execute(
                sa.text(
                    "SELECT l.need_id, s.slug FROM need_support_types l "
                    "JOIN support_types s ON s.id = l.support_type_id"
                )
            ):
                kinds.setdefault(need_id, set()).add(slug)
    finally:
        engine.dispose()
    stored = {row.id: row for row in rows}
    titles = Counter(row.title for row in rows)
    outcome.duplicated = [t for t, count in titles.items() if count > 1]
    for title, (need_id, write) in ledger.acknowledged.items():
        row = stored.get(need_id)
        held = (
            None
            if row is None
            else Write(
                row.title,
                row.description,
                row.slug,
                tuple(sorted(kinds.get(need_id, ()))),
            )
        )
        if held != write:
            outcome.lost.append(f"need {need_id} {title!r}: stored {held}")
    outcome.unacknowledged_stored = len(set(titles) - set(ledger.acknowledged))
    return outcome


# The run ---------------------------------------------------------------------------


@dataclass
class Round:
    """One kill: when it came and what was under way."""

    acknowledged_before: int
    in_flight: int
    restart_seconds: float


def _environ(database: Database, instance: Path) -> dict[str, str]:
    """The service's settings for the run; inherited MATCHMAKER_* values, which
    could point elsewhere, are left out."""
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("MATCHMAKER_")
        and k not in {"GUNICORN_CMD_ARGS", "WEB_CONCURRENCY"}
    }
    return {
        **inherited,
        "MATCHMAKER_DATABASE_URL": database.url,
        "MATCHMAKER_INSTANCE_PATH": str(instance),
        "MATCHMAKER_SECRET_KEY": secrets.token_urlsafe(48),
        "MATCHMAKER_LOG_LEVEL": "WARNING",
        # Sign-in throttling waits between attempts; nothing fails here anyway.
        "MATCHMAKER_SIGNIN_DELAY_SECONDS": "0",
    }


def _matchmaker(environ: dict[str, str], *args: str, stdin: str = "") -> None:
    """Run the ``matchmaker`` command as an operator would; stop on failure."""
    command = Path(sys.executable).with_name("matchmaker")
    if not command.exists():
        raise SystemExit("The matchmaker command is not installed: run `make install`.")
    done = subprocess.run(
        [str(command), *args],
        env=environ,
        input=stdin,
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"matchmaker {args[0]} failed:\n{(done.stdout + done.stderr)[-2000:]}"
        )


def _prepare(environ: dict[str, str], writers: int) -> list[tuple[str, str]]:
    """Migrate, and create one focal point per writer; their emails and passwords."""
    _matchmaker(environ, "db", "upgrade")
    people = [
        (f"focal-{n}@crash-check.example.org", secrets.token_urlsafe(18))
        for n in range(writers)
    ]

    def create(person: tuple[str, str]) -> None:
        email, password = person
        _matchmaker(
            environ,
            "create-user",
            email,
            "--role",
            "focal-point",
            "--country",
            "NPL",
            "--password-stdin",
            stdin=password + "\n",
        )

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(create, people))
    return people


def _wait_for_writes(ledger: Ledger, target: int, writers: list[Writer]) -> None:
    deadline = time.monotonic() + PROGRESS_SECONDS
    while ledger.acknowledged_count < target:
        if time.monotonic() > deadline or not any(w.is_alive() for w in writers):
            raise RuntimeError(
                f"the writers stopped making progress: {ledger.problems[:5]}"
            )
        time.sleep(0.05)


def _crash_rounds(
    server: Server,
    ledger: Ledger,
    writers: list[Writer],
    rounds: int,
    rng: random.Random,
) -> list[Round]:
    """Kill and restart the server ``rounds`` times while the writers write."""
    done = []
    for number in range(1, rounds + 1):
        _wait_for_writes(
            ledger, ledger.acknowledged_count + WRITES_BEFORE_KILL, writers
        )
        time.sleep(rng.uniform(*PAUSE_BEFORE_KILL))
        before, in_flight = ledger.acknowledged_count, ledger.in_flight
        server.kill()
        seconds = server.start()
        print(
            f"  kill {number}: requests in flight {in_flight}, {before} needs "
            f"acknowledged so far, back in {seconds:.1f} s",
            flush=True,
        )
        done.append(Round(before, in_flight, seconds))
    # Writes after the last restart count too.
    _wait_for_writes(ledger, ledger.acknowledged_count + WRITES_BEFORE_KILL, writers)
    return done


@contextmanager
def _interruptible() -> Iterator[None]:
    """SIGTERM stops the run like Ctrl-C, so the clean-up runs either way."""

    def interrupt(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _report(
    kind: str,
    rounds: list[Round],
    ledger: Ledger,
    problems: list[str],
    outcome: Outcome,
    server: Server,
    seconds: float,
) -> bool:
    """Print the figures; True when the run passes."""
    no_answer = ledger.statuses[0]
    slowest = max((r.restart_seconds for r in rounds), default=0.0)
    errors = sum(n for s, n in ledger.statuses.items() if s not in EXPECTED_ANSWERS)
    figures = [
        ("database", kind),
        ("kills (SIGKILL to master and workers)", len(rounds)),
        ("requests in flight at the kills", sum(r.in_flight for r in rounds)),
        ("slowest restart (s)", f"{slowest:.1f}"),
        ("needs sent (forms)", ledger.attempted),
        ("acknowledged", len(ledger.acknowledged)),
        ("acknowledged after sending again", ledger.resent),
        ("  of which saved before the kill", ledger.saved_before_kill),
        ("sendings with no answer (server down)", no_answer),
        ("other answers (errors)", errors - no_answer),
        ("5xx answers", sum(n for s, n in ledger.statuses.items() if s >= 500)),
        ("stored without acknowledgement", outcome.unacknowledged_stored),
        ("lost (acknowledged, missing or changed)", len(outcome.lost)),
        ("stored twice", len(outcome.duplicated)),
        ("integrity", "ok" if not problems else f"{len(problems)} problems"),
        ("tracebacks in the server logs", server.tracebacks()),
        ("server processes left after a kill", server.orphans),
        ("seconds", f"{seconds:.0f}"),
    ]
    print()
    for name, value in figures:
        print(f"{name:<44} {value!s:>10}")
    for line in (problems + outcome.lost + outcome.duplicated + ledger.problems)[:20]:
        print(f"  {line}")
    passed = not (
        problems
        or outcome.lost
        or outcome.duplicated
        or ledger.problems
        or server.orphans
        or not rounds
    )
    print("\nPASS" if passed else "\nFAIL")
    return passed


def run(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    tag = secrets.token_hex(3)
    folder = Path(tempfile.mkdtemp(prefix="matchmaker-crash-"))
    database: Database | None = None
    server: Server | None = None
    stop = threading.Event()
    writers: list[Writer] = []
    try:
        database = Database.create(args.database, folder, args.postgres_url)
        environ = _environ(database, folder / "instance")
        (folder / "instance").mkdir()
        people = _prepare(environ, args.writers)
        server = Server(environ, folder)
        server.start()
        print(
            f"crash check on {args.database}: {args.writers} writers, "
            f"{args.rounds} kills, gunicorn with {WORKERS} workers",
            flush=True,
        )
        began = time.monotonic()
        ledger = Ledger()
        writers = [
            Writer(n, server, email, password, ledger, tag, stop)
            for n, (email, password) in enumerate(people)
        ]
        for writer in writers:
            writer.start()
        rounds = _crash_rounds(server, ledger, writers, args.rounds, rng)
        stop.set()
        for writer in writers:
            writer.join(timeout=RESEND_SECONDS + 60)
        seconds = time.monotonic() - began
        server.stop()
        problems = integrity_problems(database.url)
        outcome = check_writes(database.url, tag, ledger)
        passed = _report(
            args.database, rounds, ledger, problems, outcome, server, seconds
        )
        return 0 if passed else 1
    finally:
        stop.set()
        if server is not None:
            server.kill()
        for writer in writers:
            writer.join(timeout=5)
        if database is not None:
            database.drop()
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("MATCHMAKER_TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL,
        help="a PostgreSQL server where a throwaway database may be created",
    )
    parser.add_argument("--rounds", type=int, default=5, help="kills (default 5)")
    parser.add_argument("--writers", type=int, default=8, help="default 8")
    parser.add_argument("--seed", type=int, default=None, help="for the kill moments")
    args = parser.parse_args(argv)
    if args.rounds < 1 or args.writers < 1:
        parser.error("--rounds and --writers must be at least 1")
    try:
        with _interruptible():
            return run(args)
    except KeyboardInterrupt:
        print("\nInterrupted: the server was stopped and the database removed.")
        return 130
    except sa.exc.OperationalError as error:
        print(
            f"Cannot reach the database: {error.orig}\nFor PostgreSQL, pass "
            "--postgres-url or set MATCHMAKER_TEST_POSTGRES_URL."
        )
        return 2
    except RuntimeError as error:
        print(f"The check could not run: {error}")
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
