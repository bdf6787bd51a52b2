"""Dossier codes (mã số hồ sơ) per Thông tư 03/2025/TT-VPCP Điều 13.

``<receiving agency's electronic code>-<YYMMDD>-<sequence>``: the date is the Vietnam
date of receipt and the sequence counts that agency's dossiers of that day from 0001,
growing beyond four digits if a day ever needs it (``H61.17-261122-0001``).

Safe under concurrent intake on both databases:

- PostgreSQL: the day's counter row is created with ``INSERT … ON CONFLICT DO NOTHING``
  (a second inserter waits for the first to commit, then finds the row) and then locked
  with ``SELECT … FOR UPDATE`` until the intake commits, so increments queue.
- SQLite: every transaction is IMMEDIATE (settings), so intakes are serialised by the
  database write lock before they read the counter.

Call inside the intake transaction: a rolled-back intake rolls its increment back too, so
nobody ever saw the number; counter rows are never deleted, so no number is reused.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from motcua.agencies.models import Agency

from ..models import DossierCodeCounter

MIN_DIGITS = 4


def dossier_code_format(*, agency_code: str, day: dt.date, sequence: int) -> str:
    return f"{agency_code}-{day:%y%m%d}-{sequence:0{MIN_DIGITS}d}"


def dossier_code_issue(*, agency: Agency, day: dt.date) -> str:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("A dossier code is issued inside the intake transaction.")
    DossierCodeCounter.objects.bulk_create(
        [DossierCodeCounter(agency_code=agency.code, day=day, last=0)], ignore_conflicts=True
    )
    counter = DossierCodeCounter.objects.select_for_update().get(agency_code=agency.code, day=day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return dossier_code_format(agency_code=agency.code, day=day, sequence=counter.last)
