"""``manage.py generate_dataset --dossiers N --seed S``: a realistic dataset for benchmarks.

See ``motcua.dossiers.generation`` for what is generated and the assumptions behind it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers.generation import DatasetOptions, dataset_generate


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text}") from error


class Command(BaseCommand):
    help = (
        "Generate N dossiers with their components, steps, results and full event logs over "
        "a period, on the province and catalogue already loaded (demo_setup). Deterministic "
        "for a seed. For benchmarks and demos only: refuses to run without DEBUG unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, required=True, help="How many dossiers.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--start", default="2025-07-01", help="First day (YYYY-MM-DD).")
        parser.add_argument("--end", default="2026-11-20", help="Last day, not in the future.")
        parser.add_argument(
            "--batch", type=int, default=20_000, help="Dossiers per transaction (default 20000)."
        )
        parser.add_argument("--force", action="store_true", help="Run even though DEBUG is off.")
        parser.add_argument(
            "--no-rollups", action="store_true", help="Do not rebuild the reporting rollups."
        )
        parser.add_argument(
            "--no-file-bytes",
            action="store_true",
            help="Write the file rows without linking placeholder bytes to their keys.",
        )

    def _progress(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def handle(
        self, *args, dossiers, seed, start, end, batch, force, no_rollups, no_file_bytes, **options
    ):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to fill a database with made-up dossiers while DEBUG is off. "
                "Use --force if this really is a benchmark or demo database."
            )
        chosen = DatasetOptions(
            dossiers=dossiers,
            seed=seed,
            start=_date(start),
            end=_date(end),
            batch=max(1, batch),
            rollups=not no_rollups,
            file_bytes=not no_file_bytes,
        )
        self.stdout.write(
            f"Generating {dossiers:,} dossiers from {chosen.start} to {chosen.end} (seed {seed}) ..."
        )
        try:
            summary = dataset_generate(chosen, progress=self._progress)
        except ValueError as error:
            raise CommandError(str(error)) from error
        rate = summary.dossiers / summary.seconds if summary.seconds else 0.0
        self.stdout.write(
            f"Done: {summary.dossiers:,} dossiers, {summary.events:,} events, {summary.steps:,} steps,"
            f" {summary.components:,} components, {summary.results:,} results,"
            f" {summary.pauses:,} clock pauses; {summary.staff:,} staff and"
            f" {summary.citizens:,} citizen accounts created; {summary.seconds:,.1f} s"
            f" ({rate:,.0f} dossiers/s)."
        )
        total = summary.dossiers or 1
        for title, counter in (
            ("states", summary.by_status),
            ("channels", summary.by_channel),
            ("timeliness", summary.by_timeliness),
        ):
            parts = ", ".join(f"{key} {count / total:.1%}" for key, count in counter.most_common())
            self.stdout.write(f"  {title}: {parts}")
        rows = ", ".join(f"{name} {count:,}" for name, count in sorted(summary.rows.items()))
        self.stdout.write(f"  other tables: {rows}")
        self.stdout.write(f"  placeholder files linked: {summary.files_linked:,}")
        shares = ", ".join(f"{name} {count:,}" for name, count in sorted(summary.shares.items()))
        self.stdout.write(f"  payments, ratings, tickets, files: {shares}")
        if summary.rollup_seconds is not None:
            self.stdout.write(
                f"Rollups rebuilt: {summary.rollup_rows:,} rows in {summary.rollup_seconds:,.1f} s."
            )
