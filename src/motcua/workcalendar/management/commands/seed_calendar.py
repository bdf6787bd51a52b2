from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.workcalendar.services import calendar_seed


class Command(BaseCommand):
    help = (
        "Add the default working calendar: the shipped civil-service calendar (2025-2027 and "
        "any entry a newer release ships), other years from the holidays package, and the "
        "default office hours. Re-runnable: each default day is offered once, so days an "
        "administrator edited or deleted stay as they are."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            dest="years",
            help="Year to seed (repeatable). Default: the shipped years, this year and the next.",
        )

    def handle(self, *args, years: list[int] | None, verbosity: int, **options) -> None:
        try:
            report = calendar_seed(years=years, actor_label="seed_calendar")
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        if verbosity < 1:
            return
        if report.years_loaded:
            self.stdout.write(f"Years loaded: {', '.join(map(str, report.years_loaded))}.")
        self.stdout.write(f"Calendar days added: {len(report.days_added)}.")
        if report.office_hours_created:
            self.stdout.write("Default office hours added.")
