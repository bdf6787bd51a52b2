"""Prepare a database for `make run`: reference data always, the demo province once."""

from __future__ import annotations

import time

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Seed the working calendar and, on an empty database, load the demo province."

    def handle(self, *args, **options):
        started = time.perf_counter()
        # Idempotent and cheap: picks up calendar data shipped with a newer release.
        call_command("seed_calendar", verbosity=0)
        if apps.get_model("agencies", "Agency").objects.exists():
            self.stdout.write("Database already has agencies: keeping it as it is.")
        else:
            self.stdout.write(
                f"Empty database: loading the demo province {settings.DEMO_PROVINCE_CODE} ..."
            )
            call_command("load_admin_units", verbosity=0)
            call_command("load_demo_province", province=settings.DEMO_PROVINCE_CODE, verbosity=0)
            call_command("load_demo_catalogue", province=settings.DEMO_PROVINCE_CODE, verbosity=0)
        self.stdout.write(f"Ready in {time.perf_counter() - started:.1f} s.")
