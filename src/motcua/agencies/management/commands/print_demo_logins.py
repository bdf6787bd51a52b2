from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from motcua.agencies.demo import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = _("Print the demo accounts, their roles and agencies, and the shared demo password.")

    def handle(self, *args, **options):
        rows = demo_logins()
        if not rows:
            self.stdout.write(_("No demo accounts. Run load_demo_province first."))
            return
        header = (_("Username"), _("Role"), _("Agency"))
        widths = [max(len(row[column]) for row in (header, *rows)) for column in range(len(header))]

        def line(cells) -> str:
            return "  ".join(
                cell.ljust(width) for cell, width in zip(cells, widths, strict=True)
            ).rstrip()

        self.stdout.write(
            _("Demo logins, password for all: %(password)s") % {"password": DEMO_PASSWORD}
        )
        self.stdout.write(line(header))
        self.stdout.write(line("-" * width for width in widths))
        for row in rows:
            self.stdout.write(line(row))
