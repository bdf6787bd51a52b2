from django.core.management.base import BaseCommand

from motcua.payments.tasks import resolve_pending


class Command(BaseCommand):
    help = "Queue the status query of unanswered online payments (idempotent; run from cron)."

    def handle(self, *args, **options):
        result = resolve_pending.enqueue()
        self.stdout.write(f"queued {result.id}")
