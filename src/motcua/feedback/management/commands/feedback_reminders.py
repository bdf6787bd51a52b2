from django.core.management.base import BaseCommand

from motcua.feedback.tasks import ticket_reminders


class Command(BaseCommand):
    help = "Queue the feedback due-soon and overdue reminders (idempotent; run it from a timer)."

    def handle(self, *args, **options):
        result = ticket_reminders.enqueue()
        self.stdout.write(f"queued {result.id}")
