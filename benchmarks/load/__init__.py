"""Load benchmark: 50 signed-in users against gunicorn, beside a bare Flask route.

Usage (from the repository root):

    python -m benchmarks.load [--database sqlite|postgres] [--seconds 60]

Builds a fresh database (the demo data scaled to 5,000 needs and 5,000 offers, a
full match run, 50 users of every role), serves it with gunicorn under the
project's ``gunicorn.conf.py``, and drives it from this process over the loopback
interface only. Three phases, each after a warm-up that is not counted:

1. **mixed** — every user signed in through the real form, reading and writing as
   their role does (lists, listing pages, review, region pages, notifications;
   edits through the real form with its version field, new draft needs,
   decisions on the review page), with a think time between actions;
2. **needs list** — the same 50 sessions asking for the needs list back to back;
3. **bare route** — 50 clients asking a minimal Flask + Flask-SQLAlchemy app
   (``bare_app.py``, same gunicorn settings) for 20 rows of the same ``needs``
   table back to back.

It prints requests, errors, p50/p95/p99 and requests per second per route group,
the CPU the machine, the server and the client used, the ratio of (2) to (3), and
which targets are met; then each page alone on the idle server (``probe.py``), which
says where the time goes. It is a measurement: the exit code is 0 whether targets
are met or not (2 when it could not run, 130 when interrupted).
"""
