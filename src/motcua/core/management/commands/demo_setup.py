"""Prepare a database for `make run`: reference data always, the demo province once.

Every step is idempotent and, when its work is already done, costs one or two queries, so
a second `make run` starts at once.
"""

from __future__ import annotations

import time

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db.models import Exists, OuterRef

# Who reports to Sở Nội vụ in the demo's CCHC regime: the provincial agencies (sở, ban,
# ngành, the Office of the People's Committee) and every commune People's Committee. An
# administrator edits the list in the admin; the demo only installs it once.
REPORTING_KINDS = ("provincial_office", "department", "other", "commune_committee")
# Sở Nội vụ receives the CCHC reports (docs/reporting.md)
RECIPIENT_ABBREVIATION = "SNV"


class Command(BaseCommand):
    help = (
        "Seed the working calendar; on an empty database load the demo province; install "
        "the CCHC reporting regime once; rebuild the reporting rollups after a bulk load."
    )

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
        self._report_regime()
        self._rollups()
        self.stdout.write(f"Ready in {time.perf_counter() - started:.1f} s.")

    def _report_regime(self) -> None:
        """Install the CCHC regime for the demo province, once: later edits are kept."""
        if apps.get_model("reporting", "ReportRegime").objects.filter(code="cchc").exists():
            return
        Agency = apps.get_model("agencies", "Agency")
        prefix = f"{settings.DEMO_PROVINCE_CODE}."
        recipient = (
            Agency.objects.filter(
                code__startswith=prefix, kind="department", abbreviation=RECIPIENT_ABBREVIATION
            )
            .order_by("code")
            .first()
        )
        if recipient is None:  # another province's data without a Sở Nội vụ: nothing to do
            self.stdout.write("No Sở Nội vụ in the demo province: CCHC regime not installed.")
            return
        reporting = list(
            Agency.objects.filter(code__startswith=prefix, kind__in=REPORTING_KINDS)
            .order_by("code")
            .values_list("code", flat=True)
        )
        call_command(
            "report_regime_install",
            recipient=recipient.code,
            agencies=reporting,
            stdout=self.stdout,
        )

    def _rollups(self) -> None:
        """Rebuild the rollups when received dossiers have no stored contribution: rows
        written in bulk (``generate_dataset``, an import) send no events."""
        Dossier = apps.get_model("dossiers", "Dossier")
        Contribution = apps.get_model("reporting", "DossierContribution")
        missing = (
            Dossier.objects.filter(received_at__isnull=False)
            .filter(~Exists(Contribution.objects.filter(dossier_id=OuterRef("pk"))))
            .exists()
        )
        if missing:
            self.stdout.write("Dossiers loaded in bulk: rebuilding the reporting rollups ...")
            call_command("rollups_rebuild", stdout=self.stdout)
