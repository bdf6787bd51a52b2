"""Load a catalogue JSON document (docs/catalog-format.md), all or nothing."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.catalog.interchange import catalogue_import


class Command(BaseCommand):
    help = _(
        "Import a procedure catalogue from a JSON file. Procedures already present with the "
        "same content are left alone; with other content the import is refused unless "
        "--replace is given. Nothing is written when any problem is found."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help=_("JSON document to import ('-' for standard input)."))
        parser.add_argument(
            "--replace",
            action="store_true",
            help=_("Overwrite procedures, sectors, fields and decisions that differ."),
        )

    def handle(self, *args, file: str, replace: bool = False, **options) -> None:
        try:
            text = self.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
            document = json.loads(text)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{file}: {error}") from error
        try:
            result = catalogue_import(document, replace=replace)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(
            _(
                "Procedures: %(created)d created, %(replaced)d replaced, %(unchanged)d "
                "unchanged. Sectors, fields and decisions written: %(references)d. "
                "Warnings: %(warnings)d."
            )
            % {
                "created": len(result.created),
                "replaced": len(result.replaced),
                "unchanged": len(result.unchanged),
                "references": result.references_written,
                "warnings": len(result.warnings),
            }
        )
