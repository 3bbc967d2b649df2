"""Make everything kept in the cache unreachable: run it after changing data with raw SQL
(psql, a restored table), the one write path that no version sees."""

from django.core.management.base import BaseCommand
from django.db import transaction

from districts.models import District, KeptVersion


class Command(BaseCommand):
    help = (
        "Move every version of what is kept (each district's work, people and districts, the "
        "frameworks): parts of pages kept before are never read again. Run it after raw SQL."
    )

    def handle(self, *args, **options):
        from config.generations import Generation

        with transaction.atomic():
            districts = District.with_trashed.all().move_work_version()
            names = set(KeptVersion.objects.values_list("name", flat=True))
            names |= {"district-people", "frameworks"}
            for name in sorted(names):
                Generation(name).bump()  # copies kept in each process's memory too
        self.stdout.write(
            f"Moved the work version of {districts} district(s) and {len(names)} other "
            f"version(s): {', '.join(sorted(names))}. Nothing kept before is read again."
        )
