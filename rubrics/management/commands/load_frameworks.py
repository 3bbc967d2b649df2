import json
from pathlib import Path

from django.core.management.base import BaseCommand

from rubrics.services import framework_load

FRAMEWORKS_DIR = Path(__file__).resolve().parents[2] / "frameworks"


class Command(BaseCommand):
    help = "Load the rubric frameworks kept in rubrics/frameworks/*.json (or the given files)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="framework data files (JSON)")

    def handle(self, *args, files, **options):
        paths = [Path(f) for f in files] or sorted(FRAMEWORKS_DIR.glob("*.json"))
        for path in paths:
            framework, outcome = framework_load(data=json.loads(path.read_text(encoding="utf-8")))
            if options["verbosity"]:
                self.stdout.write(f"{framework}: {outcome}")
