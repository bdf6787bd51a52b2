from django.core.management.base import BaseCommand

from motcua.dossiers.tasks import deadline_reminders


class Command(BaseCommand):
    help = "Queue the due-soon and overdue reminders (idempotent; run it from cron or a timer)."

    def handle(self, *args, **options):
        result = deadline_reminders.enqueue()
        self.stdout.write(f"queued {result.id}")
