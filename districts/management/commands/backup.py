"""`manage.py backup`: a dated archive of the database and the files (districts.backups)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from districts.backups import BackupError, backup_make


class Command(BaseCommand):
    help = (
        "Write a dated archive (waypoint-backup-<date>.tar) of the database (pg_dump's custom "
        "format, or SQLite's online backup) and of the files of every storage (a listing with "
        "version ids for a bucket), with a manifest of versions, migrations and row counts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            default=str(settings.BACKUP_DIR),
            help="The folder the archive is written to (default: BACKUP_DIR, data/backups).",
        )

    def handle(self, *args, **options):
        try:
            made = backup_make(into=Path(options["output_dir"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = made.manifest
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"Wrote {made.path}: the {manifest['engine']} database ({len(manifest['counts'])} "
            f"tables, {rows} rows, {len(manifest['migrations'])} migrations) and "
            f"{made.file_count} file(s) of {len(manifest['storages'])} storage(s). "
            "Copy it off this machine (docs/operations.md, Backups)."
        )
