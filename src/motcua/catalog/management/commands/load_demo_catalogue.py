"""Load the demo procedure catalogue of a province (docs/demo-catalogue.md)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.agencies.constants import AgencyKind
from motcua.agencies.models import Agency
from motcua.catalog.demo_catalogue import demo_catalogue_build
from motcua.catalog.interchange import catalogue_import

# Output is counts and codes only, so it needs no translation.


class Command(BaseCommand):
    help = (
        "Load the demo procedure catalogue of a province whose demo agencies are loaded "
        "(load_demo_province). Idempotent: procedures already present are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            default=settings.DEMO_PROVINCE_CODE,
            help="Level-1 code of the province's People's Committee, e.g. H61.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Rewrite demo procedures whose content differs (after an upgrade).",
        )

    def handle(self, *args, province: str, replace: bool = False, **options):
        started = time.perf_counter()
        province = province.strip().upper()
        communes = commune_committee_codes(province)
        if not communes:
            raise CommandError(
                f"{province}: no commune committee with a service centre; "
                f"run load_demo_province --province {province} first."
            )
        document = demo_catalogue_build(province=province, communes=communes)
        try:
            result = catalogue_import(document, replace=replace)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        for warning in result.warnings:
            self.stderr.write(warning)
        self.stdout.write(
            f"Demo catalogue {province}: {len(result.created)} created, "
            f"{len(result.replaced)} replaced, {len(result.unchanged)} unchanged, "
            f"{len(result.warnings)} warnings ({time.perf_counter() - started:.1f} s)."
        )


def commune_committee_codes(province: str) -> list[str]:
    """Codes of the province's commune committees in force that have a centre at ``.01``."""
    rows = Agency.objects.valid_on(timezone.localdate()).filter(
        code__startswith=province + ".",
        kind__in=(AgencyKind.COMMUNE_COMMITTEE, AgencyKind.COMMUNE_SERVICE_CENTRE),
    )
    codes = {(kind, code) for kind, code in rows.values_list("kind", "code")}
    return sorted(
        code
        for kind, code in codes
        if kind == AgencyKind.COMMUNE_COMMITTEE
        and (AgencyKind.COMMUNE_SERVICE_CENTRE, code + ".01") in codes
    )
