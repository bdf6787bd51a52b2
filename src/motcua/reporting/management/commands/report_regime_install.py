from django.core.management.base import BaseCommand, CommandError

from motcua.agencies.models import Agency
from motcua.reporting.regimes import regime_cchc_install


class Command(BaseCommand):
    help = "Install the periodic CCHC report regime: who receives it and who reports."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--recipient", required=True, help="Agency code of Sở Nội vụ")
        parser.add_argument("--agencies", nargs="+", required=True, help="Reporting agency codes")

    def handle(self, *args, recipient: str, agencies: list[str], **options) -> None:
        found = {a.code: a for a in Agency.objects.filter(code__in=[recipient, *agencies])}
        missing = sorted({recipient, *agencies} - found.keys())
        if missing:
            raise CommandError(f"Unknown agency codes: {', '.join(missing)}")
        regime = regime_cchc_install(
            recipient=found[recipient], agencies=[found[c] for c in agencies]
        )
        self.stdout.write(f"{regime}: {regime.reporting_agencies.count()} reporting agencies.")
