"""gunicorn's settings for matchmaker: the production profile, also used by tests.

gunicorn reads this file from the working folder on its own (``gunicorn wsgi:app``);
options on the command line win over it. Each value can be overridden without
editing the file through gunicorn's own conventions: ``WEB_CONCURRENCY`` for the
number of workers and ``GUNICORN_CMD_ARGS`` for anything else (for example
``GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000"``).

Why these values:

- **Workers** from the CPU count (2 × cores + 1, the usual rule for sync workers
  that spend part of each request waiting on the database), at most 12 so a large
  machine does not open more database connections than PostgreSQL allows by default.
- **Timeouts**: a request does little work (match runs go to the queue worker), so
  a worker silent for 60 s is stuck and gets replaced; 30 s lets requests under way
  finish on a graceful stop or reload.
- **Max requests with jitter**: each worker is replaced after about a thousand
  requests, at different times, so slow growth of memory never adds up and workers
  never restart all at once.
- **Logs**: gunicorn's own messages in the same JSON lines as the application's; no
  gunicorn access log, because the application writes one line per request itself,
  with the request id and the user (see ``matchmaker/logs.py``).
"""

from __future__ import annotations

import multiprocessing
import os

from matchmaker.logs import gunicorn_logconfig

MAX_WORKERS = 12

bind = os.environ.get("MATCHMAKER_BIND", "127.0.0.1:5000")
workers = int(
    os.environ.get("WEB_CONCURRENCY")
    or min(multiprocessing.cpu_count() * 2 + 1, MAX_WORKERS)
)
worker_class = "sync"
timeout = 60
graceful_timeout = 30
keepalive = 5
max_requests = 1000
max_requests_jitter = 100
# Heartbeat files in memory, not on a disk that may stall under load.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Client addresses behind a proxy are the application's business
# (MATCHMAKER_PROXY_COUNT), so gunicorn trusts no forwarded headers itself.
forwarded_allow_ips = "127.0.0.1,::1"
accesslog = None
# gunicorn 25.1+ opens a control socket in the home folder, one path for every
# instance on the machine: several services (or test servers) would fight over it,
# and nothing here uses it. Older gunicorns ignore the unknown name.
control_socket_disable = True
logconfig_dict = gunicorn_logconfig()
