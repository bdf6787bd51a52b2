import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.agencies.demo import DEMO_PASSWORD, demo_province_load
from motcua.agencies.models import AdministrativeUnit


class Command(BaseCommand):
    help = _(
        "Build a demo province (agencies, departments) and demo accounts for every role, all "
        "with one public password. Idempotent. Refuses to run without DEBUG unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            default=settings.DEMO_PROVINCE_CODE,
            help=_("Level-1 code of the province's People's Committee, e.g. H61 (Vĩnh Long)."),
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("Run even though DEBUG is off. The demo accounts have a published password."),
        )

    def handle(self, *args, province: str, force: bool, **options):
        # Known passwords must never land in a production database by a slip of the finger.
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "Refusing to create demo accounts with the public password while DEBUG is off. "
                    "Use --force if this really is a demo database."
                )
            )
        started = time.perf_counter()
        if not AdministrativeUnit.objects.exists():
            call_command("load_admin_units", stdout=self.stdout)
        try:
            result = demo_province_load(agency_code=province)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            _(
                "Demo province %(code)s: %(agencies)d agencies, %(departments)d departments, "
                "%(users)d accounts and %(roles)d roles created (%(seconds).1f s). "
                "Password of every demo account: %(password)s"
            )
            % {
                **result._asdict(),
                "code": province.upper(),
                "password": DEMO_PASSWORD,
                "seconds": time.perf_counter() - started,
            }
        )
