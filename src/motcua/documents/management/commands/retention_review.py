"""List the stored files past their retention period; remove them only when confirmed."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.documents.retention import (
    expired_file_remove,
    files_past_retention,
    orphan_keys,
    orphan_remove,
)

MB = 1024 * 1024


class Command(BaseCommand):
    help = (
        "List the files of ended dossiers past their retention period (catalogue, else "
        "DOCUMENTS_RETENTION_YEARS). With --delete --confirm, remove them and write each "
        "removal to the audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--on", type=dt.date.fromisoformat, help="Review as of this day (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--orphans",
            action="store_true",
            help="Also list bytes in storage that no stored file names (older than a day).",
        )
        parser.add_argument("--delete", action="store_true", help="Remove the files listed.")
        parser.add_argument(
            "--confirm",
            action="store_true",
            help="Required with --delete: nothing is removed without it.",
        )

    def handle(self, *args, on=None, delete=False, confirm=False, orphans=False, **options):
        if delete and not confirm:
            raise CommandError("Nothing removed: --delete needs --confirm.")
        if confirm and not delete:
            raise CommandError("--confirm only goes with --delete.")
        on = on or timezone.localdate()
        items = list(files_past_retention(on=on))
        removable = [i for i in items if not i.kept_because]
        for item in items:
            stored = item.stored_file
            self.stdout.write(
                "\t".join(
                    [
                        str(stored.pk),
                        item.dossier_code or "-",
                        item.kind,
                        item.ended_on.isoformat(),
                        f"{item.years}y",
                        item.expired_on.isoformat(),
                        f"{stored.size / MB:.2f} MB",
                        stored.original_name,
                        f"KEPT ({item.kept_because})" if item.kept_because else "",
                    ]
                ).rstrip()
            )
        total = sum(i.stored_file.size for i in removable)
        self.stdout.write(
            f"{len(items)} file(s) past retention on {on.isoformat()}; "
            f"{len(removable)} removable, {total / MB:.2f} MB."
        )
        strays = list(orphan_keys()) if orphans else []
        for key in strays:
            self.stdout.write(f"orphan\t{key}")
        if orphans:
            self.stdout.write(f"{len(strays)} stored object(s) without a row.")
        if not delete:
            if removable or strays:
                self.stdout.write("Review the list, then run again with --delete --confirm.")
            return
        for item in removable:
            expired_file_remove(item, label="retention_review")
        for key in strays:
            orphan_remove(key, label="retention_review")
        self.stdout.write(
            self.style.SUCCESS(f"Removed {len(removable)} file(s) and {len(strays)} orphan(s).")
        )
