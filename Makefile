# Waypoint: `make run` serves the app, `make test` runs the whole suite.
# Both create the virtual environment and install what is missing first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup install browser lint format clean worker

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

setup: install
	mkdir -p data
	$(MANAGE) migrate --noinput
	$(MANAGE) load_frameworks
	$(MANAGE) seed_demo

# Serves on http://127.0.0.1:8000. Embedded by default (SQLite, in-process tasks); with
# DATABASE_URL and REDIS_URL set, PostgreSQL and a real Celery worker started alongside.
run: setup
	@if [ -n "$$REDIS_URL" ]; then \
		$(VENV)/bin/celery -A config worker --loglevel=INFO --concurrency=2 & \
		worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
		$(MANAGE) runserver $(HOST):$(PORT); \
	else \
		$(MANAGE) runserver $(HOST):$(PORT); \
	fi

worker: install
	$(VENV)/bin/celery -A config worker --loglevel=INFO

# Browser tests drive Debian's chromium; install it when missing (never a browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: install browser
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	mkdir -p data
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) data staticfiles .pytest_cache
