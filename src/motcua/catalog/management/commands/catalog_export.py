"""Write the whole catalogue as JSON (docs/catalog-format.md) to a file or standard output."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.catalog.interchange import catalogue_dumps, catalogue_export


class Command(BaseCommand):
    help = _("Export the procedure catalogue as JSON (format motcua-catalogue, version 1).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", "-o", help="File to write; standard output when not given.")

    def handle(self, *args, output: str | None = None, **options) -> None:
        try:
            text = catalogue_dumps(catalogue_export())
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        if output:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(_("Catalogue written to %(file)s.") % {"file": output})
        else:
            self.stdout.write(text, ending="")
