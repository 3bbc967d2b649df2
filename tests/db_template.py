"""One migration run per `make test` and stack: the test database is migrated from nothing by
the first test process that needs it, kept as a template, and copied by every other process of
the same `make test` (the second worker, the browser pass, the real-stack pass). Migrating
takes seconds on SQLite and tens of seconds on PostgreSQL; a copy takes a fraction of one.

Only when WAYPOINT_TEST_DB_TEMPLATES names a folder (the Makefile's `test` target makes a new
one for each run, so every run still migrates from nothing once per stack); without it, each
process migrates its own database as pytest-django does. The template is keyed by the
migration files, so a migration changed between two passes is never skipped."""

import fcntl
import hashlib
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.db.migrations.loader import MigrationLoader

FOLDER = os.environ.get("WAYPOINT_TEST_DB_TEMPLATES", "")


def enabled(aliases, serialized_aliases) -> bool:
    return bool(FOLDER) and set(aliases) == {"default"} and not serialized_aliases


def migrations_key(connection) -> str:
    """A hash of every migration file the database is built from, and of the stack."""
    digest = hashlib.sha256(connection.vendor.encode())
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in sorted(loader.disk_migrations):
        module = loader.disk_migrations[key].__module__
        digest.update(module.encode())
        digest.update(Path(__import__(module, fromlist=["_"]).__file__).read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def locked(path: Path):
    with path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def setup(verbosity: int) -> list:
    """Create the default test database from the run's template, making the template first
    if no process of this run has; return teardown_databases' configuration."""
    from django.test.utils import setup_databases

    connection = connections["default"]
    folder = Path(FOLDER)
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"{connection.vendor}-{migrations_key(connection)}"
    template = _template_name(connection)
    with locked(stem.with_suffix(".lock")):
        if not stem.with_suffix(".done").exists():
            config = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases={"default"},
                serialized_aliases=set(),
            )
            _keep(connection, stem, template)
            stem.with_suffix(".done").touch()
            return config
        old_name = connection.settings_dict["NAME"]
        _copy(connection, stem, template)
    return [(connection, old_name, True)]


def _template_name(connection) -> str:
    """The PostgreSQL template: the test database's name without the worker's suffix (asked
    before the test database is made: its name is then the connection's)."""
    name = connection.creation._get_test_db_name()
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker and name.endswith(f"_{worker}"):
        name = name.removesuffix(f"_{worker}")
    return f"{name}_template"


def _keep(connection, stem: Path, template: str) -> None:
    if connection.vendor == "sqlite":
        partial = stem.with_suffix(".partial")
        kept = sqlite3.connect(partial)
        connection.ensure_connection()
        connection.connection.backup(kept)
        kept.close()
        partial.rename(stem.with_suffix(".sqlite3"))
        return
    source = connection.settings_dict["NAME"]
    connection.close()  # a database is copied only while nobody is connected to it
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{template}"')
        cursor.execute(f'CREATE DATABASE "{template}" TEMPLATE "{source}"')


def _copy(connection, stem: Path, template: str) -> None:
    """What create_test_db does, with a copy of the template in place of the migrations."""
    creation = connection.creation
    name = creation._get_test_db_name()
    if connection.vendor == "postgresql":
        with creation._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    elif not creation.is_in_memory_db(name):
        Path(name).unlink(missing_ok=True)
    connection.close()
    settings.DATABASES["default"]["NAME"] = name
    connection.settings_dict["NAME"] = name
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        kept = sqlite3.connect(stem.with_suffix(".sqlite3"))
        kept.backup(connection.connection)
        kept.close()
    call_command("createcachetable", database="default")  # as create_test_db ends
