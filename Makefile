# matchmaker — the command index. `make help` lists every target.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2
CHROMIUM ?= /usr/bin/chromium
# The suite runs in three processes (pytest-xdist), a test file to a process, so that
# module-scoped servers stay with their tests; on two cores the third computes while
# another waits on PostgreSQL or on a server a test started. PYTEST_JOBS=0 runs it in one.
PYTEST_JOBS ?= 3
PYTEST := $(BIN)/pytest -n $(PYTEST_JOBS) --dist loadfile
# CI runs the suite on PostgreSQL too; elsewhere, set MATCHMAKER_TEST_POSTGRES_URL.
ifeq ($(CI),true)
MATCHMAKER_TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
endif

.DEFAULT_GOAL := help
.PHONY: help install run worker dev test test-sqlite test-postgres lint format check-migrations system-packages browser bench bench-pictures bench-iati bench-load check-concurrency check-crash wheel clean

help: ## List every target
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | sort | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "matchmaker needs Python 3.11 or newer (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/.installed ## Create .venv and install matchmaker with its dev tools

# The queue worker runs in the background beside gunicorn: Ctrl-C or SIGTERM stops
# both, and the worker stops when gunicorn does.
run: install system-packages ## Upgrade the database, seed demo data when empty, serve on http://127.0.0.1:5000 with the queue worker
	$(BIN)/matchmaker db upgrade
	$(BIN)/matchmaker seed-demo --if-empty
	@$(BIN)/matchmaker worker & worker=$$!; \
	$(BIN)/gunicorn --workers $(WORKERS) --bind $(HOST):$(PORT) wsgi:app & server=$$!; \
	trap 'kill $$server $$worker 2>/dev/null' INT TERM; \
	wait $$server; status=$$?; \
	kill $$worker 2>/dev/null; wait $$server $$worker 2>/dev/null; exit $$status

worker: install ## Run the queue worker alone (match runs asked for on the Matching page)
	$(BIN)/matchmaker worker

dev: install ## Serve with Flask's reloading development server
	$(BIN)/matchmaker db upgrade
	$(BIN)/matchmaker run --debug --host $(HOST) --port $(PORT)

# Debian packages: Chromium for the browser tests, poppler-utils to read PDFs back in
# the tests, the Pango/HarfBuzz libraries and a font with Cyrillic for WeasyPrint, and
# pg_dump/pg_restore for `matchmaker backup` and `restore` on PostgreSQL.
SYSTEM_PACKAGES ?= chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 postgresql-client \
	libharfbuzz-subset0 fonts-dejavu-core

# Cheap when everything is there (one dpkg-query per package); apt-get runs only for
# what is missing. Chromium counts as present when $(CHROMIUM) runs, whoever put it there.
system-packages: ## Install the Debian packages matchmaker needs (Chromium, poppler, Pango, pg_dump) when missing
	@missing=""; \
	for pkg in $(SYSTEM_PACKAGES); do \
		if [ "$$pkg" = chromium ] && [ -x "$(CHROMIUM)" ]; then continue; fi; \
		if [ "$$pkg" = postgresql-client ] && command -v pg_dump >/dev/null; then continue; fi; \
		dpkg-query -W -f='$${Status}' "$$pkg" 2>/dev/null | grep -q ' installed$$' || \
			missing="$$missing $$pkg"; \
	done; \
	[ -z "$$missing" ] && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian packages:$$missing"; \
		apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
		echo "Missing Debian packages:$$missing"; \
		echo "Install them as root: apt-get install$$missing"; \
		exit 1; \
	fi

browser: system-packages ## The same as system-packages (Chromium is one of them)

lint: install ## ruff lint and format check; mypy on the whole package
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench-load: install ## 50 signed-in users against gunicorn at 5,000 × 5,000, beside a bare Flask route (about 12 min; DATABASE=postgres too)
	$(BIN)/python -m benchmarks.load --database $(or $(DATABASE),sqlite)

# The full sizes of the reliability checks the suite runs small (see README, Reliability).
check-concurrency: install ## 16 clients, 800 operations on gunicorn (4 workers), SQLite and PostgreSQL: 0 lost, 0 5xx, conflicts 409
	MATCHMAKER_CONCURRENCY_OPERATIONS=800 MATCHMAKER_TEST_DATABASE=sqlite \
		$(BIN)/pytest -p no:cacheprovider -q -s tests/reliability/test_concurrent_clients.py
	MATCHMAKER_CONCURRENCY_OPERATIONS=800 MATCHMAKER_TEST_DATABASE=postgres \
		MATCHMAKER_TEST_POSTGRES_URL="$${MATCHMAKER_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}" \
		$(BIN)/pytest -p no:cacheprovider -q -s tests/reliability/test_concurrent_clients.py

check-crash: install ## kill -9 gunicorn (master and workers) 5 times during writes, SQLite and PostgreSQL: 0 acknowledged writes lost
	$(BIN)/python -m benchmarks.crash --database sqlite
	$(BIN)/python -m benchmarks.crash --database postgres \
		--postgres-url "$${MATCHMAKER_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}"

format: install ## Format and fix what ruff can
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install system-packages lint ## Run the whole suite (SQLite; PostgreSQL too in CI or with MATCHMAKER_TEST_POSTGRES_URL)
	@echo "== test database: sqlite =="
	MATCHMAKER_TEST_DATABASE=sqlite $(PYTEST)
	@if [ -n "$(MATCHMAKER_TEST_POSTGRES_URL)" ]; then \
		echo "== test database: postgres =="; \
		MATCHMAKER_TEST_DATABASE=postgres MATCHMAKER_TEST_POSTGRES_URL="$(MATCHMAKER_TEST_POSTGRES_URL)" \
			$(PYTEST) -m "not database_independent"; \
	else echo "== test database: postgres skipped (set MATCHMAKER_TEST_POSTGRES_URL) =="; fi

test-sqlite: install ## Run the suite on SQLite only
	MATCHMAKER_TEST_DATABASE=sqlite $(PYTEST)

test-postgres: install ## Run the suite on PostgreSQL (MATCHMAKER_TEST_POSTGRES_URL or the local test database)
	MATCHMAKER_TEST_DATABASE=postgres \
		MATCHMAKER_TEST_POSTGRES_URL="$${MATCHMAKER_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}" \
		$(PYTEST) -m "not database_independent"

check-migrations: install ## Models and migrations agree (alembic check)
	$(BIN)/matchmaker db check

bench: install ## Speed benchmark of the matching engine (1k, 5k, 20k)
	$(BIN)/python -m benchmarks.speed

bench-pictures: install ## Time to draw each picture of the region at 5,000 needs × 5,000 offers
	$(BIN)/python -m benchmarks.pictures

bench-iati: install ## Relevance benchmark on the IATI health data (NDCG@10 vs TF-IDF)
	$(BIN)/python -m benchmarks.iati_relevance ../shared/data/iati-health-benchmark

wheel: install ## Build the wheel into dist/
	$(BIN)/python -m build --wheel --outdir dist .

clean: ## Remove the virtualenv, caches and build output (keeps instance/)
	rm -rf $(VENV) dist build .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
