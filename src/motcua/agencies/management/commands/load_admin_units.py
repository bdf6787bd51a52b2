import datetime as dt
import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.agencies.services import admin_units_sync
from motcua.agencies.units import package_source, package_units


class Command(BaseCommand):
    help = _(
        "Load the 34 provinces and 3,321 communes from the installed vietnam-provinces package. "
        "Safe to re-run: changed units get a new row, vanished ones an end date."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--effective",
            type=dt.date.fromisoformat,
            help=_(
                "First day the changes apply (YYYY-MM-DD); default: 1 July 2025 on the first "
                "load, today afterwards."
            ),
        )

    def handle(self, *args, effective: dt.date | None = None, **options):
        started = time.perf_counter()
        try:
            result = admin_units_sync(
                records=package_units(), source=package_source(), effective=effective
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            _(
                "Administrative units (%(source)s): %(created)d new, %(replaced)d replaced, "
                "%(ended)d ended, %(repointed)d moved to a new province row (%(seconds).1f s)."
            )
            % {
                **result._asdict(),
                "source": package_source(),
                "seconds": time.perf_counter() - started,
            }
        )
