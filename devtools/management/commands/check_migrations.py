"""Refuses a migration the previous release would not survive during a rolling deploy
(devtools/migration_rules.py; `make lint` runs it)."""

from django.core.management.base import BaseCommand, CommandError

from devtools.migration_rules import problems


class Command(BaseCommand):
    help = (
        "Check that every new migration keeps the previous release working while a deploy "
        "rolls (add, then use, then remove; docs/operations.md)."
    )
    requires_system_checks = []

    def handle(self, *args, **options):
        found = problems()
        if found:
            lines = "\n".join(f"  {problem}" for problem in found)
            raise CommandError(
                "These migrations would break the previous release while the deploy rolls:\n"
                f"{lines}\nSplit them (add, then use, then remove), or say why the previous "
                "release is safe in previous_release_safe on the Migration "
                "(docs/operations.md#migrations-that-keep-the-previous-release-working)."
            )
        self.stdout.write("Every new migration keeps the previous release working.")
