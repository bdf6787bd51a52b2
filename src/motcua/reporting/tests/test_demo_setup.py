"""`demo_setup` (run by every `make run`) installs the CCHC regime once and rebuilds the
rollups after a bulk load."""

from __future__ import annotations

import io

from django.core.management import call_command

import pytest

from motcua.dossiers.services import dossier_accept
from motcua.dossiers.tests.conftest import application
from motcua.reporting.models import DailyRollup, DossierContribution, ReportRegime

from .test_rollups import rollup_table

pytestmark = pytest.mark.django_db


def demo_setup() -> str:
    out = io.StringIO()
    call_command("demo_setup", stdout=out)
    return out.getvalue()


def test_empty_database_gets_the_province_and_its_cchc_regime(settings):
    settings.DEMO_PROVINCE_CODE = "H61"
    settings.DEBUG = True  # the demo loader refuses public passwords otherwise
    demo_setup()
    regime = ReportRegime.objects.get(code="cchc")
    assert regime.recipient.code == "H61.10"  # Sở Nội vụ tỉnh Vĩnh Long
    codes = set(regime.reporting_agencies.values_list("code", flat=True))
    assert {"H61.10", "H61.11", "H61.01", "H61.201"} <= codes
    # neither the People's Committee itself, nor centres, nor vertical agencies report here
    assert not codes & {"H61", "H61.01.01", "H61.201.01", "H61.91"}
    # an administrator's change survives the next `make run`
    regime.reporting_agencies.remove(regime.reporting_agencies.get(code="H61.201"))
    second = demo_setup()
    assert "keeping it as it is" in second and "reporting agencies" not in second
    assert not regime.reporting_agencies.filter(code="H61.201").exists()
    assert ReportRegime.objects.count() == 1


def test_rollups_rebuilt_after_a_bulk_load(world, now):
    """Rows written in bulk send no events; the next `make run` rebuilds."""
    dossier_accept(user=world.counter, application=application(world))
    kept = rollup_table()
    assert kept
    DailyRollup.objects.all().delete()
    DossierContribution.objects.all().delete()  # as a bulk insert leaves the tables
    assert "rebuilding the reporting rollups" in demo_setup()
    assert rollup_table() == kept
    # nothing to do the next time
    assert "rebuilding" not in demo_setup()
