# Waypoint's image (docs/operations.md, "The image"): one image for the web app, the Celery
# worker and beat, and the migrate step. Two stages: the locked dependencies are installed
# with uv in the first, and only what runs is copied into the second. A change of code
# rebuilds the last layers only; a change of uv.lock, the dependencies too.
#
#   docker build --build-arg WAYPOINT_RELEASE=$(git rev-parse --short HEAD) -t waypoint .

FROM python:3.11-slim-bookworm AS build

# The locked set (uv.lock, with hashes), as `make install` installs it, without the dev extra.
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv
ENV UV_PROJECT_ENVIRONMENT=/venv UV_PYTHON_DOWNLOADS=never UV_LINK_MODE=copy \
    UV_COMPILE_BYTECODE=1
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
# Waypoint itself is not installed into /venv: it runs from /app.
RUN uv sync --locked --no-install-project --no-cache


FROM python:3.11-slim-bookworm AS runtime

# WeasyPrint needs Pango; fonts for the PDFs. `manage.py backup` and `restore` need pg_dump
# and pg_restore of the server's major version: bookworm's postgresql-client is 15, as is
# docker-compose.yml's PostgreSQL (docs/operations.md, "Backups and restores").
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-dejavu-core postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# Its own user, by number, so that Kubernetes' runAsNonRoot can check it. The code and the
# static files belong to root and cannot be changed by the app; only data/ is its own.
RUN groupadd --system --gid 10001 waypoint \
    && useradd --system --uid 10001 --gid waypoint --create-home --home-dir /home/waypoint \
       waypoint

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production \
    PATH="/venv/bin:$PATH" XDG_CACHE_HOME=/tmp/.cache
WORKDIR /app
COPY --from=build /venv /venv
COPY . .

# The static files, built into the image with the production storage (hashed names,
# compressed; WhiteNoise serves them). The production settings want a secret key to load:
# this one exists for this step only, and is in no layer's environment. The code compiled
# too: a process starts without compiling it, and the file system may be read-only.
RUN DJANGO_SECRET_KEY=collectstatic-at-build-time-only-never-used-to-sign-anything-0123456789 \
       python manage.py collectstatic --noinput \
    && python -m compileall -q -j 0 . \
    && mkdir -p /app/data/media \
    && chown -R waypoint:waypoint /app/data

# The release (the start of every cache key) given at build time; empty, a digest of the code.
# Last, so that naming a release rebuilds none of the layers above.
ARG WAYPOINT_RELEASE=""
ENV WAYPOINT_RELEASE=$WAYPOINT_RELEASE

USER 10001:10001
EXPOSE 8000

# The process answers (docs/operations.md, "Probes"); docker-compose.yml asks /health/ready of
# the web service and something of its own of the worker and beat, which share this image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "scripts/probe.py", "/health/live"]

# The web app. It never migrates: the migrate step does, once per release, before the new
# release serves (docker-compose.yml's migrate service, deploy/kubernetes/migrate-job.yaml).
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]
