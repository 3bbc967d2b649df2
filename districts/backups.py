"""Backups that restore: one dated archive (a tar) of the database and of the files, and the
restore that brings it back into an empty database and checks it (docs/operations.md).

The archive holds
- manifest.json: Waypoint's version and release, the date, the database's engine, the
  migrations applied, the rows of every table, and what each storage holds;
- database.dump (PostgreSQL, `pg_dump --format=custom`) or database.sqlite3 (SQLite, copied
  by its online backup API, so a running app can be backed up);
- files/<storage>/<name>: the files of every storage in settings.STORAGES (static files
  aside) that keeps them on a disk, read through the storage, whatever it is; a storage in
  an S3-compatible bucket is listed instead, each object with its version id, since the
  bucket's versioning keeps the files themselves (a restore puts those versions back).
  Storages in the same folder, or the same bucket, are kept once (the second names the first).
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
SKIPPED_STORAGES = {"staticfiles"}  # built into the image, never data


class BackupError(Exception):
    """Something that stops a backup or a restore, said so a person can act on it."""


def _waypoint_version() -> str:
    try:
        return version("waypoint")
    except PackageNotFoundError:
        return "unknown"


def table_counts() -> dict[str, int]:
    """Rows in every table of the database (Django's and the apps', link tables too)."""
    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608
            counts[name] = cursor.fetchone()[0]
    return counts


def applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _walk(storage: Storage, folder: str = "") -> Iterator[str]:
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from _walk(storage, f"{folder}/{sub}" if folder else sub)


def _is_bucket(storage: Storage) -> bool:
    return hasattr(storage, "bucket_name") and hasattr(storage, "connection")


def backed_up_storages() -> dict[str, Storage]:
    """Every configured storage but the static files, by its name in settings.STORAGES."""
    return {alias: storages[alias] for alias in settings.STORAGES if alias not in SKIPPED_STORAGES}


def _bucket_listing(storage) -> list[dict]:
    """The objects under the storage's prefix, each with its current version (versioning on:
    a version id; off: "null", which a restore cannot bring back)."""
    client = storage.connection.meta.client
    prefix = storage.location.strip("/")
    objects = []
    for page in client.get_paginator("list_object_versions").paginate(
        Bucket=storage.bucket_name, Prefix=f"{prefix}/" if prefix else ""
    ):
        for item in page.get("Versions", []):
            if item["IsLatest"]:
                name = item["Key"][len(prefix) + 1 :] if prefix else item["Key"]
                objects.append(
                    {"name": name, "key": item["Key"], "version_id": item["VersionId"]}
                    | {"size": item["Size"]}
                )
    return sorted(objects, key=lambda o: o["name"])


@dataclass
class Backup:
    path: Path
    manifest: dict = field(default_factory=dict)

    @property
    def file_count(self) -> int:
        return sum(
            len(s.get("files", s.get("objects", []))) for s in self.manifest["storages"].values()
        )


def _dump_database(into: Path) -> tuple[str, dict[str, int]]:
    """The database into a file of `into`, and the rows of each table as the file holds
    them; answers the file's name and the counts."""
    if connection.vendor == "sqlite":
        target = into / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return target.name, _sqlite_counts(target)
    if connection.vendor == "postgresql":
        target = into / "database.dump"
        return target.name, _pg_dump_with_counts(target)
    raise BackupError(f"Backups know SQLite and PostgreSQL, not {connection.vendor}.")


def _pg_dump_with_counts(target: Path) -> dict[str, int]:
    """pg_dump of the very moment the rows are counted: the counts are read in a transaction
    whose snapshot pg_dump is given (--snapshot), so that the app may write meanwhile."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = table_counts()
        _run_pg(
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--snapshot={snapshot}",
            f"--file={target}",
        )
    return counts


def _pg_environment() -> dict[str, str]:
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"], "PGUSER": db["USER"] or ""}
    for key, value in (
        ("PGHOST", db["HOST"]),
        ("PGPORT", db["PORT"]),
        ("PGPASSWORD", db["PASSWORD"]),
    ):
        if value:
            env[key] = str(value)
    return env


def _run_pg(program: str, *arguments: str) -> None:
    if shutil.which(program) is None:
        raise BackupError(
            f"{program} is not installed: install the PostgreSQL client of the server's major "
            "version (apt-get install postgresql-client-<version>)."
        )
    done = subprocess.run(  # noqa: S603 (a PostgreSQL client, arguments of our own)
        [program, *arguments], env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise BackupError(f"{program} failed: {done.stderr.strip()}")


def _add_files(archive: tarfile.TarFile, manifest: dict) -> None:
    folders: dict[str, str] = {}
    for alias, storage in backed_up_storages().items():
        if _is_bucket(storage):
            # The evidence and the reports share one bucket when it is set: listed once.
            where = f"s3://{storage.bucket_name}/{storage.location.strip('/')}"
            if where in folders:
                manifest[alias] = {"kind": "same_as", "storage": folders[where]}
                continue
            folders[where] = alias
            manifest[alias] = {"kind": "bucket", "bucket": storage.bucket_name}
            manifest[alias]["objects"] = _bucket_listing(storage)
            continue
        if isinstance(storage, FileSystemStorage):
            folder = str(Path(storage.location).resolve())
            if folder in folders:
                manifest[alias] = {"kind": "same_as", "storage": folders[folder]}
                continue
            folders[folder] = alias
            if not Path(folder).exists():
                manifest[alias] = {"kind": "copied", "files": []}
                continue
        files = []
        for name in _walk(storage):
            with storage.open(name, "rb") as source:
                info = tarfile.TarInfo(f"files/{alias}/{name}")
                info.size = storage.size(name)
                archive.addfile(info, source)
            files.append({"name": name, "size": info.size})
        manifest[alias] = {"kind": "copied", "files": files}


def backup_make(*, into: Path) -> Backup:
    """Write a dated archive of the database and the files into the folder `into`, with the
    rows of each table as the dump holds them (the restore checks against them), while the
    app runs. Files are read after the dump: one added meanwhile is in the archive but no row
    names it (the evidence orphans' sweep removes it after a restore)."""
    into.mkdir(parents=True, exist_ok=True)
    made = datetime.now(UTC)
    path = into / f"waypoint-backup-{made:%Y%m%d-%H%M%SZ}.tar"
    manifest = {
        "format": FORMAT,
        "waypoint": _waypoint_version(),
        "release": settings.RELEASE,
        "made": made.isoformat(),
        "engine": connection.vendor,
        "migrations": applied_migrations(),
        "storages": {},
    }
    with tempfile.TemporaryDirectory(prefix="waypoint-backup-") as work:
        manifest["database"], manifest["counts"] = _dump_database(Path(work))
        partial = path.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(Path(work) / manifest["database"], manifest["database"])
            _add_files(archive, manifest["storages"])
            body = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            archive.addfile(info, io.BytesIO(body))
        partial.rename(path)  # never a half-written archive under the final name
    return Backup(path, manifest)


def _sqlite_counts(copy_path: Path) -> dict[str, int]:
    """The rows of each table of the SQLite copy, read from the copy itself."""
    with sqlite3.connect(copy_path) as copy:
        names = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        count = 'SELECT COUNT(*) FROM "{}"'  # table names read from the copy itself
        counts = {name: copy.execute(count.format(name)).fetchone()[0] for name in names}
    copy.close()
    return dict(sorted(counts.items()))


# Restore


@dataclass
class Restored:
    manifest: dict
    tables: int = 0
    files_written: int = 0
    files_kept: int = 0
    versions_put_back: int = 0
    pending_migrations: int = 0  # this release's migrations the backup had not applied
    problems: list[str] = field(default_factory=list)


def read_manifest(path: Path) -> dict:
    try:
        with tarfile.open(path) as archive:
            return json.load(archive.extractfile(MANIFEST))
    except (OSError, KeyError, tarfile.TarError, ValueError) as error:
        raise BackupError(f"{path} is not a Waypoint backup ({error}).") from error


def database_is_empty() -> bool:
    """No table holds a row (a database just created, or only migrated: what `migrate` puts
    in Django's own tables aside)."""
    made_by_migrate = {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "districts_keptversion",  # versions, not data
    }
    counts = table_counts()
    return not any(n for name, n in counts.items() if name not in made_by_migrate)


def _restore_database(archive: tarfile.TarFile, manifest: dict) -> None:
    engine = manifest["engine"]
    if engine != connection.vendor:
        raise BackupError(f"The backup is of a {engine} database; this one is {connection.vendor}.")
    with tempfile.TemporaryDirectory(prefix="waypoint-restore-") as work:
        archive.extract(manifest["database"], work, filter="data")
        dump = Path(work) / manifest["database"]
        if engine == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(dump) as source:
                source.backup(connection.connection)  # replaces every page of this database
            source.close()
            return
        # --clean: tables that `migrate` made (an empty database may have been migrated)
        # or, with --replace, the rows of the database being replaced, go first.
        arguments = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
        arguments += ["--clean", "--if-exists"]
        connection.close()  # pg_restore works in a session of its own
        _run_pg("pg_restore", *arguments, f"--dbname={connection.settings_dict['NAME']}", str(dump))


def _restore_files(archive: tarfile.TarFile, manifest: dict, result: Restored) -> None:
    configured = backed_up_storages()
    for alias, kept in manifest["storages"].items():
        if alias not in configured:
            result.problems.append(f"The storage {alias!r} is not configured here.")
            continue
        storage = configured[alias]
        if kept["kind"] == "bucket":
            _restore_bucket(storage, kept, result)
        elif kept["kind"] == "copied":
            for entry in kept["files"]:
                name = entry["name"]
                if storage.exists(name) and storage.size(name) == entry["size"]:
                    result.files_kept += 1
                    continue
                try:
                    source = archive.extractfile(f"files/{alias}/{name}")
                except KeyError:
                    result.problems.append(f"{alias}: {name} is listed but not in the archive.")
                    continue
                if storage.exists(name):
                    storage.delete(name)
                saved = storage.save(name, File(source, name=name))
                if saved != name:
                    result.problems.append(f"{alias}: {name} was stored as {saved}.")
                result.files_written += 1


def _restore_bucket(storage, kept: dict, result: Restored) -> None:
    """Make each listed version the current one again where it is not (a key deleted or
    overwritten since the backup), by copying the version over the key."""
    if not _is_bucket(storage):
        result.problems.append("The backup lists a bucket; this storage is not one.")
        return
    client = storage.connection.meta.client
    for entry in kept["objects"]:
        try:
            current = client.head_object(Bucket=storage.bucket_name, Key=entry["key"])
            if current.get("VersionId", "null") == entry["version_id"]:
                result.files_kept += 1
                continue
        except client.exceptions.ClientError:
            pass  # missing: put the version back
        if entry["version_id"] in (None, "null"):
            result.problems.append(
                f"{entry['key']} is missing and the bucket kept no version of it (versioning off)."
            )
            continue
        source = {
            "Bucket": storage.bucket_name,
            "Key": entry["key"],
            "VersionId": entry["version_id"],
        }
        client.copy_object(Bucket=storage.bucket_name, Key=entry["key"], CopySource=source)
        result.versions_put_back += 1


def _check_migrations(manifest: dict, result: Restored) -> None:
    """The backup's migrations against this release's: one this code does not have means a
    newer release made the backup (restore with it); ones it has not applied, `migrate`."""
    from django.db.migrations.loader import MigrationLoader

    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        result.problems.append(
            f"The backup has migrations this release does not ({', '.join(unknown[:5])}): "
            f"restore it with the release that made it ({manifest.get('release') or '?'})."
        )
    result.pending_migrations = len(known - set(manifest["migrations"]))


def _check(manifest: dict, result: Restored) -> None:
    _check_migrations(manifest, result)
    counts = table_counts()
    for table, expected in manifest["counts"].items():
        found = counts.get(table)
        if found != expected:
            result.problems.append(f"Table {table}: {found} rows, the backup has {expected}.")
    result.tables = len(manifest["counts"])
    configured = backed_up_storages()
    for alias, kept in manifest["storages"].items():
        storage = configured.get(alias)
        if storage is None:
            continue
        entries = kept.get("files", kept.get("objects", []))
        for entry in entries:
            if not storage.exists(entry["name"]):
                result.problems.append(f"{alias}: {entry['name']} is missing after the restore.")


def backup_restore(
    *, path: Path, replace: bool = False, forget_kept: Callable[[], None]
) -> Restored:
    """Bring the archive at `path` back: the database (into an empty one, unless `replace`),
    then the files, then move every version of what is kept (`forget_kept`: pages kept
    before must not be read against the restored rows) and check the result (each table's
    rows as the manifest counts them, each listed file present). Problems are collected, not
    raised, so that the operator reads them all."""
    manifest = read_manifest(path)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"This backup's format is {manifest.get('format')}; {FORMAT} is known.")
    if not replace and not database_is_empty():
        raise BackupError(
            "The database is not empty: restore into a new, empty database, or pass --replace "
            "to overwrite this one."
        )
    result = Restored(manifest)
    with tarfile.open(path) as archive:
        _restore_database(archive, manifest)
        _restore_files(archive, manifest, result)
    _check(manifest, result)  # before forget_kept, which writes the versions' rows
    forget_kept()
    return result
