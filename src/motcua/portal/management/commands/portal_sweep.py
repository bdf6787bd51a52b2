"""Remove what citizens left behind: uploads never finished and drafts not touched for long.

Run daily (systemd timer or cron) beside the deadline reminders.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua.portal.services import drafts_sweep


class Command(BaseCommand):
    help = "Delete unfinished uploads and untouched drafts of online submissions."

    def add_arguments(self, parser):
        parser.add_argument(
            "--upload-days", type=int, default=2, help="Unfinished uploads older than this."
        )
        parser.add_argument(
            "--draft-days", type=int, default=90, help="Drafts not saved for this long."
        )

    def handle(self, *args, upload_days: int, draft_days: int, **options):
        now = timezone.now()
        uploads, drafts = drafts_sweep(
            uploads_before=now - dt.timedelta(days=upload_days),
            drafts_before=now - dt.timedelta(days=draft_days),
        )
        self.stdout.write(f"{uploads} unfinished uploads and {drafts} drafts removed.")
