"""`manage.py restore <archive>`: a backup back into an empty database (districts.backups)."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from districts.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive made by `manage.py backup` into an empty database and its files "
        "into the storages, move every version of what is kept (forget_kept), and check that "
        "each table has the rows the backup counted and each file is there."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The waypoint-backup-<date>.tar to restore.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Overwrite a database that is not empty (its rows are lost).",
        )

    def handle(self, *args, **options):
        path = Path(options["archive"])
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        try:
            result = backup_restore(
                path=path,
                replace=options["replace"],
                forget_kept=lambda: call_command("forget_kept", stdout=self.stdout),
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        self.stdout.write(
            f"Restored the backup of {manifest['made']} (Waypoint {manifest['waypoint']}, "
            f"{len(manifest['migrations'])} migrations): {result.tables} tables; files "
            f"{result.files_written} written, {result.files_kept} already there, "
            f"{result.versions_put_back} bucket version(s) put back."
        )
        if result.problems:
            for problem in result.problems:
                self.stderr.write(f"Problem: {problem}")
            raise CommandError(
                f"The restore finished with {len(result.problems)} problem(s): see above."
            )
        self.stdout.write(
            "Checked: every table has the rows the backup counted; every file is there."
        )
        if result.pending_migrations:
            self.stdout.write(
                f"This release has {result.pending_migrations} migration(s) the backup had not "
                "applied: run `manage.py migrate` before serving."
            )
