"""Dossier codes (mã số hồ sơ) per Thông tư 03/2025/TT-VPCP Điều 13.

``<receiving agency's electronic code>-<YYMMDD>-<sequence>``: the date is the Vietnam
date of receipt and the sequence counts that agency's dossiers of that day from 0001,
growing beyond four digits if a day ever needs it (``H61.17-261122-0001``).

Safe under concurrent intake on both databases: one statement,
``INSERT … ON CONFLICT (agency_code, day) DO UPDATE SET last = last + 1 RETURNING last``,
creates the day's counter or increments it. On PostgreSQL the row stays locked until the
intake commits, so concurrent increments queue (a second inserter of a new day waits for
the first, then updates its row); on SQLite every transaction is IMMEDIATE (settings), so
intakes are serialised by the database write lock anyway.

Call inside the intake transaction: a rolled-back intake rolls its increment back too, so
nobody ever saw the number; counter rows are never deleted, so no number is reused.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction

from motcua.agencies.models import Agency

from ..models import DossierCodeCounter

MIN_DIGITS = 4


def dossier_code_format(*, agency_code: str, day: dt.date, sequence: int) -> str:
    return f"{agency_code}-{day:%y%m%d}-{sequence:0{MIN_DIGITS}d}"


def dossier_code_issue(*, agency: Agency, day: dt.date) -> str:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("A dossier code is issued inside the intake transaction.")
    table = connection.ops.quote_name(DossierCodeCounter._meta.db_table)
    with connection.cursor() as cursor:
        # The table name comes from the model, never from input.
        cursor.execute(
            f"INSERT INTO {table} (agency_code, day, last) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (agency_code, day) DO UPDATE SET last = {table}.last + 1 "
            "RETURNING last",
            [agency.code, day.isoformat()],
        )
        (sequence,) = cursor.fetchone()
    return dossier_code_format(agency_code=agency.code, day=day, sequence=sequence)
