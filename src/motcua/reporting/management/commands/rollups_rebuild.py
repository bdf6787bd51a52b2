from django.core.management.base import BaseCommand

from motcua.reporting.rollups import rollups_rebuild


class Command(BaseCommand):
    help = "Recompute the daily reporting rollups from the dossiers, from scratch."

    def handle(self, *args, **options) -> None:
        rows = rollups_rebuild()
        self.stdout.write(f"{rows} rollup rows written.")
