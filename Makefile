# Waypoint: `make run` serves the app, `make test` runs the whole suite.
# Both create the virtual environment and install what is missing first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000
# The address in every email's links (config.email.site_url): the one `make run` serves,
# unless SITE_URL is set (behind a proxy, say).
SITE_URL ?= http://$(HOST):$(PORT)
export SITE_URL
# Python keeps the bytecode it compiles (in __pycache__/, which git ignores) and pytest its
# rewritten test modules, even where the environment sets PYTHONDONTWRITEBYTECODE: without
# them every process `make test` starts compiles Django, the apps and the test modules anew
# (docs/development.md, the suite's speed).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test setup install browser nginx wrk oidc-provider sso-demo lint format clean worker bench backup \
	bench-pdf bench-reminders css lock audit

# Everything installed is locked, with hashes, in uv.lock (docs/development.md#dependencies):
# uv itself is installed first with pip, checked against the hashes uv.lock gives it; then
# `uv sync --locked` makes .venv exactly the locked set (and fails if uv.lock no longer
# matches pyproject.toml). Never a Python downloaded: the one on the machine is used.
$(VENV)/bin/uv:
	$(PYTHON) -m venv $(VENV)
	$(PYTHON) scripts/uv_bootstrap.py > $(VENV)/uv-requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes \
		-r $(VENV)/uv-requirements.txt

$(VENV)/.installed: pyproject.toml uv.lock | $(VENV)/bin/uv
	UV_PYTHON_DOWNLOADS=never $(VENV)/bin/uv sync --quiet --locked --extra dev --python $(PY)
	touch $@

install: $(VENV)/.installed

# Quiet: the demo's one summary line, and a line for each email it sends (into data/emails/).
# Warnings of the libraries that make the demo's PDFs are left out (LOG_LEVEL=ERROR).
setup: install
	mkdir -p data
	LOG_LEVEL=ERROR $(MANAGE) migrate --noinput -v0
	LOG_LEVEL=ERROR $(MANAGE) load_frameworks -v0
	LOG_LEVEL=ERROR $(MANAGE) seed_demo

# Serves on http://$(HOST):$(PORT) (127.0.0.1:8000 unless given: `make run PORT=8080`), the
# last thing it prints (no development-server warning after it). Embedded by default (SQLite, in-process tasks, and the
# schedule run by this runserver itself, asked for by WAYPOINT_EMBEDDED_SCHEDULE=1:
# config/schedule.py); with DATABASE_URL and REDIS_URL set, PostgreSQL and a real Celery
# worker with beat (the schedule, docs/notifications.md) started alongside.
run: setup
	@if [ -n "$$REDIS_URL" ]; then \
		EMAIL_SENDERS=1 $(VENV)/bin/celery -A config worker --beat \
			--schedule data/celerybeat-schedule -Q celery,mail --loglevel=INFO --concurrency=2 & \
		worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
		DJANGO_RUNSERVER_HIDE_WARNING=true $(MANAGE) runserver $(HOST):$(PORT); \
	else \
		WAYPOINT_EMBEDDED_SCHEDULE=1 DJANGO_RUNSERVER_HIDE_WARNING=true \
			$(MANAGE) runserver $(HOST):$(PORT); \
	fi

# A dated archive of the database and the files into BACKUP_DIR (data/backups by default);
# `manage.py restore <archive>` brings one back (docs/operations.md, Backups).
backup: install
	$(MANAGE) backup

# Single sign-on on your own machine: the demo app beside a local OpenID Connect provider on
# http://127.0.0.1:9080 (devtools/oidc_provider: any password; an address starting with
# "unverified" is one the provider does not vouch for). "Sign in with the demo district's
# provider" as lead@example.org signs in as the demo's lead; a new address makes a new account.
SSO_DEMO_ENV = SSO_OIDC_SERVER_URL=http://127.0.0.1:9080 SSO_OIDC_CLIENT_ID=waypoint \
	SSO_OIDC_CLIENT_SECRET=waypoint-local-secret SSO_OIDC_ID=district \
	SSO_OIDC_NAME="the demo district's provider"
sso-demo: setup oidc-provider
	@OIDC_PORT=9080 OIDC_CLIENT_SECRET=waypoint-local-secret \
		OIDC_REDIRECT_URIS=http://$(HOST):$(PORT)/accounts/oidc/district/login/callback/ \
		node devtools/oidc_provider/provider.mjs & provider=$$!; \
		trap "kill $$provider 2>/dev/null" EXIT INT TERM; \
		$(SSO_DEMO_ENV) $(MANAGE) runserver $(HOST):$(PORT)

# The U.S. Web Design System's parts (frontend/*.scss), rebuilt from the versions pinned in
# package.json with Node.js and npm; the built files and the icons they name are committed,
# so running Waypoint needs no Node.js.
css:
	npm ci --no-audit --no-fund
	npm run css
	grep -o 'url("img/[^"]*")' static/vendor/uswds/uswds.css | sed 's/^url("img\///; s/")$$//' | sort -u | \
		while read -r icon; do install -D -m 644 node_modules/@uswds/uswds/dist/img/$$icon static/vendor/uswds/img/$$icon; done
	install -m 644 node_modules/@uswds/uswds/LICENSE.md static/vendor/uswds/LICENSE.md

worker: install
	$(VENV)/bin/celery -A config worker -Q celery,mail --loglevel=INFO

# Browser tests drive Debian's chromium; install it when missing (never a browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The real-stack tests put Debian's nginx in front of gunicorn (started unprivileged, on a
# loopback port, by the tests themselves); install it when missing.
nginx:
	@[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || { \
		echo "Installing Debian's nginx for the real-stack tests"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }

# The bench's load generator; the bench's own tests drive it too (tests/test_benches.py).
wrk:
	@command -v wrk >/dev/null 2>&1 || { echo "Installing Debian's wrk for the bench"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

# The whole suite, in three runs: most tests in two processes (pytest-xdist, one test file per
# process at a time); the browser tests in two processes too (each with its own live server,
# database and browser); then the real-stack tests in one process (a Celery worker takes
# whatever its Redis queue holds; nginx in front of gunicorn). The test database is migrated
# once per run and copied after (WAYPOINT_TEST_DB_TEMPLATES: tests/db_template.py).
# PYTEST_ARGS runs just what it names, in one process.
# The local OpenID Connect provider the single sign-on tests sign in through (Node.js and
# the oidc-provider package pinned in devtools/oidc_provider/package-lock.json).
oidc-provider:
	@[ -d devtools/oidc_provider/node_modules/oidc-provider ] || \
		npm ci --prefix devtools/oidc_provider --no-audit --no-fund --silent

test: install browser nginx wrk oidc-provider
ifdef PYTEST_ARGS
	$(PY) -m pytest $(PYTEST_ARGS)
else
	templates=$$(mktemp -d) && export WAYPOINT_TEST_DB_TEMPLATES=$$templates && \
	$(PY) -m pytest -n 2 --dist loadfile --ignore=tests/browser --ignore=tests/test_real_stack.py && \
	$(PY) -m pytest -n 2 --dist loadfile tests/browser && \
	$(PY) -m pytest tests/test_real_stack.py; \
	status=$$?; rm -rf "$$templates"; exit $$status
endif

# Meeting packets of 15 and 60 districts on 1 and 2 Celery workers, cold and warm, against
# WeasyPrint alone and headless Chromium (Debian's, installed when missing); figures also go
# to data/bench/bench-pdf.json. Its own PostgreSQL database and Redis database.
BENCH_PDF_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/waypoint_bench_pdf
BENCH_PDF_REDIS_URL ?= redis://127.0.0.1:6379/4
BENCH_PDF_ARGS ?=
bench-pdf: install browser
	bash scripts/services.sh waypoint_bench_pdf
	mkdir -p data/bench
	$(BENCH_PDF_ENV) $(MANAGE) migrate --noinput -v0
	$(BENCH_PDF_ENV) $(MANAGE) bench_pdf $(BENCH_PDF_ARGS)

# The main pages under load on the scale data set (manage.py seed_scale, made on first use),
# against the framework's floor, on the production stack here: gunicorn with persistent
# PostgreSQL connections, Redis and a Celery worker. Figures also go to data/bench/.
# BENCH_DISTRICTS=13000 runs it at the size of the country, on a database of its own
# (waypoint_bench_13000, seeded once: some minutes); 1,000 districts use waypoint_bench.
BENCH_DISTRICTS ?= 1000
BENCH_DB = waypoint_bench$(if $(filter 1000,$(BENCH_DISTRICTS)),,_$(BENCH_DISTRICTS))
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/$(BENCH_DB)
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/2
BENCH_ENV = DATABASE_URL=$(BENCH_PG_URL) REDIS_URL=$(BENCH_REDIS_URL) \
	DJANGO_SETTINGS_MODULE=config.settings.bench \
	DJANGO_SECRET_KEY=bench-only-secret-key-of-a-throwaway-database-0123456789
BENCH_PDF_ENV = DATABASE_URL=$(BENCH_PDF_DATABASE_URL) REDIS_URL=$(BENCH_PDF_REDIS_URL) \
	MEDIA_ROOT=data/bench/media DJANGO_SETTINGS_MODULE=config.settings.bench \
	DJANGO_SECRET_KEY=bench-only-secret-key-of-a-throwaway-database-0123456789
bench: install wrk
	bash scripts/services.sh $(BENCH_DB)
	mkdir -p data
	$(BENCH_ENV) $(MANAGE) migrate --noinput -v0
	$(BENCH_ENV) $(MANAGE) bench_web --districts $(BENCH_DISTRICTS)

# The scheduled reminder passes timed on 13,000 districts' worth of data (its own database,
# made by seed_scale on first use: some minutes), with every query counted, and counted again
# on 1,300 districts (a second database, made on first use): a pass whose queries differ
# between the two sizes, or that takes over a minute, fails the run.
BENCH_REMINDERS_URL ?= postgres://postgres@127.0.0.1:5432/waypoint_bench_reminders
BENCH_REMINDERS_SMALL_URL ?= postgres://postgres@127.0.0.1:5432/waypoint_bench_reminders_small
BENCH_REMINDERS_ARGS ?=
bench-reminders: install
	bash scripts/services.sh waypoint_bench_reminders waypoint_bench_reminders_small
	mkdir -p data/bench
	DATABASE_URL=$(BENCH_REMINDERS_URL) DJANGO_SECRET_KEY=bench-only-secret-key-of-a-throwaway-database-0123456789 \
		$(MANAGE) migrate --noinput -v0
	DATABASE_URL=$(BENCH_REMINDERS_URL) DJANGO_SECRET_KEY=bench-only-secret-key-of-a-throwaway-database-0123456789 \
		$(MANAGE) bench_reminders --compare-with $(BENCH_REMINDERS_SMALL_URL) --drain-seconds 30 $(BENCH_REMINDERS_ARGS)

# uv.lock again from pyproject.toml (after changing a pin there), then install it.
lock: | $(VENV)/bin/uv
	$(VENV)/bin/uv lock
	$(MAKE) install

# What is known of the locked set's vulnerabilities (pip-audit for Python, npm audit for the
# Node.js parts); says "not audited" of whatever it could not get advisory data for.
audit: install
	$(PY) scripts/audit.py

lint: install
	mkdir -p data
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check_migrations

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) data staticfiles .pytest_cache
