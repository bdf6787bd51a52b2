"""Fixtures of the feedback tests.

The small province of the dossier tests (``motcua.dossiers.tests.conftest``: agencies,
staff, citizens, two procedures, the real 2026 calendar, a pinned clock starting Wed
11/02/2026 09:00) is reused; dossiers are written straight to the table in the state a
test needs, since the dossier engine has its own tests.
"""

from __future__ import annotations

import importlib
import itertools

from django.apps import apps

import pytest

from motcua.core.models import AuditEvent
from motcua.dossiers.constants import ApplicantKind, Channel, DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests import conftest as dossier_fixtures
from motcua.feedback.models import DossierRating, RatingAnswer, Ticket, TicketEvent

# The dossier tests' fixtures, shared as they are.
world = dossier_fixtures.world
now = dossier_fixtures.now
calendar = dossier_fixtures.calendar
at = dossier_fixtures.at
CITIZEN_ID = dossier_fixtures.CITIZEN_ID

_numbers = itertools.count(1)


def make_dossier(world, *, status=DossierStatus.RETURNED, owner="citizen", agency=None, **extra):
    number = next(_numbers)
    values = {
        "code": f"H61.17-260211-{number:04d}",
        "procedure_version": world.licence,
        "case": world.licence_case,
        "channel": Channel.ONLINE,
        "status": status,
        "receiving_agency": world.centre,
        "competent_agency": agency or world.justice,
        "current_agency": agency or world.justice,
        "owner": getattr(world, owner) if owner else None,
        "applicant_kind": ApplicantKind.PERSON,
        "applicant_name": "Trần Thị Bình",
        "applicant_id_number": CITIZEN_ID,
        "applicant_phone": "0912 345 678",
        "supplement_clock": world.licence.supplement_clock,
    }
    values.update(extra)
    return Dossier.objects.create(**values)


_seed = importlib.import_module("motcua.feedback.migrations.0002_seed_rules").seed


@pytest.fixture(autouse=True)
def feedback_defaults(request):
    """The seeded rule, scale, criteria and categories, also after a transactional test
    elsewhere in the run has flushed the tables (the seed is idempotent)."""
    for name in ("transactional_db", "db"):
        if name in request.fixturenames:
            request.getfixturevalue(name)
            _seed(apps, None)
            return


@pytest.fixture
def dossier(world):
    return make_dossier(world)


def snapshot() -> dict[str, list[dict]]:
    """Every feedback row and audit event, to prove a refusal wrote nothing."""
    tables = (DossierRating, RatingAnswer, Ticket, TicketEvent, AuditEvent)
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in tables}
